#include "tide/core/log.h"

#include <stdarg.h>

#include "tide/arch/cpu.h"
#include "tide/core/board.h"
#include "tide/freestanding/format.h"

namespace tide::core {
namespace {

void write_to_console(void*, const char* text, size_t length) {
  board::console_write(text, length);
}

}  // namespace

void log(const char* format, ...) {
  va_list args;
  va_start(args, format);
  vformat(write_to_console, nullptr, format, args);
  va_end(args);
}

void panic(const char* format, ...) {
  log("\nkernel panic: ");
  va_list args;
  va_start(args, format);
  vformat(write_to_console, nullptr, format, args);
  va_end(args);
  log("\n");
  board::exit_emulator(kPanicExitStatus);
}

}  // namespace tide::core

namespace tide::arch {

void on_kernel_fault(const FaultRecord& record) {
  core::panic("fault in kernel code: %s at pc %p, address %p%s", record.kind,
              reinterpret_cast<void*>(record.pc), reinterpret_cast<void*>(record.address),
              record.address_valid ? "" : " (not valid)");
}

void on_unexpected_exception() {
  core::panic("unexpected exception");
}

}  // namespace tide::arch
