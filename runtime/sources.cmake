# The runtime's portable sources: no architecture code and no linker-script symbols.
# Boards build them into tide::runtime (runtime/CMakeLists.txt); the host builds them
# over host/runtime_backend's tide_syscall for tests/runtime.
set(TIDE_RUNTIME_PORTABLE_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/src/start.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/syscall.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/platform.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/console.cpp)
