// qemu-rv32-virt (RV32IMAC, machine-mode kernel, user-mode apps): what this board adds
// to the shared parts list (boards/common/parts.h: drivers, processes, fault policy).
//
//   console      NS16550A UART at 0x10000000
//   exit         SiFive test device at 0x100000 (QEMU exits with the status)
//   protection   PMP (kernel/memory's PmpTor), 16 entries, TOR ranges 4-byte exact
//   apps         flash slots from TIDE_APP_FLASH_BASE, RAM blocks from TIDE_APP_RAM_BASE
//   time slice   10 ms of the CLINT's 10 MHz mtime
#include <stddef.h>
#include <stdint.h>

#include "parts.h"
#include "tide/arch/machine_timer.h"
#include "tide/core/board.h"
#include "uart16550.h"

namespace tide::board {
namespace {

constexpr Uart16550 kConsoleUart{0x10000000};
constexpr uintptr_t kTestDevice = 0x100000;
constexpr uint32_t kTestPass = 0x5555;
constexpr uint32_t kTestFail = 0x3333;  // with the status in bits 31..16
constexpr uintptr_t kClintMtime = 0x0200BFF8;
constexpr uintptr_t kClintMtimecmpHart0 = 0x02004000;
constexpr uint32_t kTimesliceTicks = 100000;

}  // namespace

void console_write(const char* text, size_t length) {
  kConsoleUart.write(text, length);
}

void exit_emulator(int status) {
  const uint32_t code = status == 0 ? kTestPass : (static_cast<uint32_t>(status) << 16) | kTestFail;
  *reinterpret_cast<volatile uint32_t*>(kTestDevice) = code;
  for (;;)
    asm volatile("wfi");
}

}  // namespace tide::board

extern "C" void tide_kernel_main() {
  using namespace tide::board;
  tide::arch::set_machine_timer(kClintMtime, kClintMtimecmpHart0);
  run_kernel({.name = "qemu-rv32-virt", .cpu = "RV32IMAC", .timeslice_ticks = kTimesliceTicks});
}
