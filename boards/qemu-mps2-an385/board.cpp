// qemu-mps2-an385 (Cortex-M3): what this board adds to the shared parts list
// (boards/common/parts.h: drivers, processes, fault policy).
//
//   console      CMSDK UART0 at 0x40004000
//   exit         ARM semihosting SYS_EXIT_EXTENDED
//   protection   PMSAv7 MPU (kernel/memory's Pmsav7Mpu), 8 regions
//   apps         flash slots from TIDE_APP_FLASH_BASE, RAM blocks from TIDE_APP_RAM_BASE
//   time slice   10 ms of the 25 MHz system clock (SysTick)
#include <stddef.h>
#include <stdint.h>

#include "cmsdk_uart.h"
#include "parts.h"
#include "tide/arch/semihosting.h"
#include "tide/core/board.h"

namespace tide::board {
namespace {

constexpr CmsdkUart kConsoleUart{0x40004000};
constexpr uint32_t kConsoleBaudDivider = 16;
constexpr uint32_t kTimesliceCycles = 250000;

}  // namespace

void console_write(const char* text, size_t length) {
  kConsoleUart.write(text, length);
}

void exit_emulator(int status) {
  arch::semihosting_exit(status);
}

}  // namespace tide::board

extern "C" void tide_kernel_main() {
  using namespace tide::board;
  kConsoleUart.enable_transmitter(kConsoleBaudDivider);
  run_kernel({.name = "qemu-mps2-an385", .cpu = "Cortex-M3", .timeslice_ticks = kTimesliceCycles});
}
