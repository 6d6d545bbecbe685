// qemu-mps2-an385 (Cortex-M3): the board's parts list.
//
//   console      CMSDK UART0 at 0x40004000
//   exit         ARM semihosting SYS_EXIT_EXTENDED
//   protection   PMSAv7 MPU (kernel/memory's Pmsav7Mpu), 8 regions
//   apps         flash slots from TIDE_APP_FLASH_BASE, RAM blocks from TIDE_APP_RAM_BASE
//   drivers      process info (0), console (1, grant), store (2, grant)
//   faults       restart a faulting process once, then stop it
//   time slice   10 ms of the 25 MHz system clock
#include <stddef.h>
#include <stdint.h>

#include "cmsdk_uart.h"
#include "tide/arch/cpu.h"
#include "tide/arch/protection.h"
#include "tide/arch/semihosting.h"
#include "tide/core/board.h"
#include "tide/core/drivers/console_driver.h"
#include "tide/core/drivers/process_info_driver.h"
#include "tide/core/drivers/store_driver.h"
#include "tide/core/kernel.h"
#include "tide/core/log.h"

namespace tide::board {
namespace {

constexpr CmsdkUart kConsoleUart{0x40004000};
constexpr uint32_t kConsoleBaudDivider = 16;
constexpr uint32_t kTimesliceCycles = 250000;
constexpr size_t kMaxProcesses = 8;

core::ProcessInfoDriver process_info_driver;
core::ConsoleDriver console_driver;
core::StoreDriver store_driver;
core::Driver* const kDrivers[] = {&process_info_driver, &console_driver, &store_driver};

const core::BoardConfig kBoard = {
    .board_name = "qemu-mps2-an385",
    .app_flash_base = TIDE_APP_FLASH_BASE,
    .app_ram_base = TIDE_APP_RAM_BASE,
    .app_slot_size = TIDE_APP_SLOT_SIZE,
    .app_slot_count = TIDE_APP_SLOT_COUNT,
    .drivers = kDrivers,
    .driver_count = sizeof kDrivers / sizeof kDrivers[0],
    .fault_policy = {.restart_limit = 1},
    .timeslice_cycles = kTimesliceCycles,
    .upcall_queue_length = 4,
};

core::Process processes[kMaxProcesses];

}  // namespace

void console_write(const char* text, size_t length) {
  kConsoleUart.write(text, length);
}

void exit_emulator(int status) {
  arch::semihosting_exit(status);
}

}  // namespace tide::board

extern "C" void tide_kernel_main() {
  using namespace tide;
  board::kConsoleUart.enable_transmitter(board::kConsoleBaudDivider);
  core::log("Tide kernel on %s (Cortex-M3), MPU with %u regions\n", board::kBoard.board_name,
            arch::protection_region_count());
  arch::init(board::kBoard.timeslice_cycles);
  static core::Kernel kernel(board::kBoard, board::processes, board::kMaxProcesses);
  kernel.load_apps();
  kernel.run();
}
