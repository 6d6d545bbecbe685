# qemu-rv32-virt: the board's build facts, read by the top-level CMakeLists.txt before
# kernel/ and apps/ are added.
set(TIDE_ARCH rv32)

# App slots as on every board: app N is linked at flash TIDE_APP_FLASH_BASE + N *
# TIDE_APP_SLOT_SIZE and runs with its RAM block at TIDE_APP_RAM_BASE + N *
# TIDE_APP_SLOT_SIZE. "Flash" is the DRAM QEMU loads the image into; the PMP gives apps
# read/execute there, never write.
set(TIDE_APP_FLASH_BASE 0x80100000)
set(TIDE_APP_RAM_BASE 0x80500000)
set(TIDE_APP_SLOT_SIZE 0x20000)
set(TIDE_APP_SLOT_COUNT 24)
# PMP TOR ranges are 4-byte exact: images only need word padding.
set(TIDE_APP_IMAGE_PADDING word)
set(TIDE_APP_LINKER_SCRIPT "${CMAKE_CURRENT_LIST_DIR}/../common/app.ld.in")
# The flash image starts at DRAM, where QEMU loads a raw -kernel file with -bios none.
set(TIDE_FLASH_IMAGE_BASE 0x80000000)

set(TIDE_BOARD_EMULATOR
    qemu-system-riscv32 -machine virt -bios none -nographic -monitor none -kernel)
# Benchmarks: one guest instruction per virtual nanosecond, so instret counts are exact
# and the same on every run.
set(TIDE_BOARD_BENCH_EMULATOR
    qemu-system-riscv32 -machine virt -bios none -icount shift=0 -nographic -monitor none
    -kernel)
set(TIDE_KERNEL_RAM_BASE 0x80400000)

# What the kernel's reports say on this board, for the tests (apps/CMakeLists.txt).
set(TIDE_BOARD_PROTECTION PMP)
set(TIDE_BOARD_FAULT_KINDS "store access fault \\(PMP\\)" "load access fault \\(PMP\\)")
# Executing RAM, then an undefined instruction (apps/fault_exec).
set(TIDE_BOARD_EXEC_FAULT_KINDS "instruction access fault \\(PMP\\)" "kind +illegal instruction")
