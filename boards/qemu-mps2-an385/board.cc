// qemu-mps2-an385 (Cortex-M3): the board's parts list.
//
//   console      CMSDK UART0 at 0x40004000
//   exit         ARM semihosting SYS_EXIT_EXTENDED
//   protection   PMSAv7 MPU, 8 regions
//   apps         flash slots from TIDE_APP_FLASH_BASE, RAM pool from TIDE_APP_RAM_BASE
#include <stddef.h>
#include <stdint.h>

#include "cmsdk_uart.h"
#include "tide/arch/cpu.h"
#include "tide/arch/semihosting.h"
#include "tide/core/board.h"
#include "tide/core/log.h"

namespace tide::board {
namespace {
constexpr CmsdkUart kConsoleUart{0x40004000};
}  // namespace

void console_write(const char* text, size_t length) {
  kConsoleUart.write(text, length);
}

void exit_emulator(int status) {
  arch::semihosting_exit(status);
}

}  // namespace tide::board

extern "C" [[noreturn]] void tide_kernel_main() {
  tide::board::kConsoleUart.enable_transmitter(16);
  tide::core::log("Tide kernel on qemu-mps2-an385 (Cortex-M3)\n");
  tide::board::exit_emulator(0);
}
