# Cross toolchain for RV32 boards (Debian's gcc-riscv64-unknown-elf, rv32imac multilib).
#   cmake -S . -B build/x -DCMAKE_TOOLCHAIN_FILE=cmake/toolchains/riscv32-elf.cmake \
#         -DTIDE_BOARD=qemu-rv32-virt
# -misa-spec=2.2 keeps the CSR instructions in the base ISA: GCC 12's default spec wants
# zicsr spelled out, and "rv32imac_zicsr" silently selects the wrong (rv64) multilib.
# Debian ships no C++ library for this target at all: freestanding only, libgcc linked.
set(CMAKE_SYSTEM_PROCESSOR riscv32)
set(TIDE_TOOLCHAIN_PREFIX riscv64-unknown-elf)
set(TIDE_TARGET_FLAGS "-march=rv32imac -misa-spec=2.2 -mabi=ilp32 -mcmodel=medany")
set(TIDE_TARGET_LINK_FLAGS "-Wl,--no-warn-rwx-segments")
include(${CMAKE_CURRENT_LIST_DIR}/bare_metal.cmake)
