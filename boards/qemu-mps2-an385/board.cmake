# qemu-mps2-an385: the board's build facts, read by the top-level CMakeLists.txt before
# kernel/ and apps/ are added.
set(TIDE_ARCH cortex-m)

# App slots: app N is linked at flash TIDE_APP_FLASH_BASE + N * TIDE_APP_SLOT_SIZE and
# runs with its RAM block at TIDE_APP_RAM_BASE + N * TIDE_APP_SLOT_SIZE (the RAM pool
# starts at TIDE_APP_RAM_BASE). A slot bounds both an image and a RAM block.
set(TIDE_APP_FLASH_BASE 0x00100000)
set(TIDE_APP_RAM_BASE 0x20100000)
set(TIDE_APP_SLOT_SIZE 0x20000)
set(TIDE_APP_SLOT_COUNT 24)
# Images are padded so that one MPU region with subregions covers an app's flash exactly.
set(TIDE_APP_IMAGE_PADDING pmsav7)
set(TIDE_APP_LINKER_SCRIPT "${CMAKE_CURRENT_LIST_DIR}/../common/app.ld.in")

set(TIDE_BOARD_EMULATOR
    qemu-system-arm -machine mps2-an385 -nographic -monitor none
    -semihosting-config enable=on,target=native -kernel)
set(TIDE_KERNEL_RAM_BASE 0x20000000)

# What the kernel's reports say on this board, for the tests (apps/CMakeLists.txt).
set(TIDE_BOARD_PROTECTION MPU)
set(TIDE_BOARD_FAULT_KINDS "data access violation \\(MPU\\)")
# Executing RAM, then an undefined instruction (apps/fault_exec).
set(TIDE_BOARD_EXEC_FAULT_KINDS "instruction access violation \\(MPU\\)"
    "kind +(undefined instruction|no coprocessor)")
