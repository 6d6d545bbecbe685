# What every Tide cross toolchain file shares (included by arm-none-eabi.cmake and
# riscv32-elf.cmake after they set TIDE_TOOLCHAIN_PREFIX and TIDE_TARGET_FLAGS).
# Everything built with it is freestanding: no libc, no libstdc++, only libgcc.
set(CMAKE_SYSTEM_NAME Generic)

set(CMAKE_C_COMPILER ${TIDE_TOOLCHAIN_PREFIX}-gcc)
set(CMAKE_CXX_COMPILER ${TIDE_TOOLCHAIN_PREFIX}-g++)
set(CMAKE_OBJCOPY ${TIDE_TOOLCHAIN_PREFIX}-objcopy CACHE FILEPATH "objcopy for the target")
set(CMAKE_SIZE ${TIDE_TOOLCHAIN_PREFIX}-size CACHE FILEPATH "size for the target")

# Compiler checks build a static library: a test executable would need a C library.
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

set(CMAKE_C_FLAGS_INIT "${TIDE_TARGET_FLAGS} -ffunction-sections -fdata-sections")
set(CMAKE_CXX_FLAGS_INIT "${TIDE_TARGET_FLAGS} -ffunction-sections -fdata-sections")
set(CMAKE_EXE_LINKER_FLAGS_INIT
    "${TIDE_TARGET_FLAGS} -nostdlib -nostartfiles -Wl,--gc-sections ${TIDE_TARGET_LINK_FLAGS}")

set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
