# tide_board_kernel(<sources...>): a board's kernel image, tide_kernel (kernel.elf and
# kernel.bin), from the board's own sources, the shared parts list (parts.cpp) and the
# board's kernel.ld, with the app slot facts of board.cmake as TIDE_APP_* definitions.
# Called from boards/<board>/CMakeLists.txt.
function(tide_board_kernel)
  add_executable(tide_kernel ${ARGN} "${CMAKE_CURRENT_FUNCTION_LIST_DIR}/parts.cpp")
  target_include_directories(tide_kernel PRIVATE "${CMAKE_CURRENT_FUNCTION_LIST_DIR}")
  target_link_libraries(tide_kernel PRIVATE tide_kernel_core tide_kernel_arch tide::freestanding
                                            tide_warnings tide_freestanding)
  target_compile_definitions(tide_kernel PRIVATE
    TIDE_APP_FLASH_BASE=${TIDE_APP_FLASH_BASE} TIDE_APP_RAM_BASE=${TIDE_APP_RAM_BASE}
    TIDE_APP_SLOT_SIZE=${TIDE_APP_SLOT_SIZE} TIDE_APP_SLOT_COUNT=${TIDE_APP_SLOT_COUNT})
  set(script "${CMAKE_CURRENT_SOURCE_DIR}/kernel.ld")
  target_link_options(tide_kernel PRIVATE "-T${script}"
                      "-Wl,-Map=${CMAKE_CURRENT_BINARY_DIR}/kernel.map")
  set_target_properties(tide_kernel PROPERTIES OUTPUT_NAME kernel.elf LINK_DEPENDS "${script}")
  tide_add_binary(tide_kernel "${CMAKE_CURRENT_BINARY_DIR}/kernel.bin")
  set(TIDE_KERNEL_BIN "${CMAKE_CURRENT_BINARY_DIR}/kernel.bin" CACHE INTERNAL "")
endfunction()
