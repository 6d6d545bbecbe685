# Cross toolchain for Cortex-M3 boards (Debian's gcc-arm-none-eabi).
#   cmake -S . -B build/x -DCMAKE_TOOLCHAIN_FILE=cmake/toolchains/arm-none-eabi.cmake \
#         -DTIDE_BOARD=qemu-mps2-an385
set(CMAKE_SYSTEM_PROCESSOR arm)
set(TIDE_TOOLCHAIN_PREFIX arm-none-eabi)
set(TIDE_TARGET_FLAGS "-mcpu=cortex-m3 -mthumb")
include(${CMAKE_CURRENT_LIST_DIR}/bare_metal.cmake)
