// fault_exec: runs what is not code. First a word in its own heap (RAM the protection
// unit grants read/write, never execute); after the board's one restart, an undefined
// instruction in its own flash. The kernel reports both faults with the same report on
// every board; the second one stops the app.
#include "app_check.h"

namespace {

// Undefined on both architectures: a reserved major opcode on RV32, a coprocessor
// instruction with no coprocessor on ARMv7-M.
alignas(4) const uint32_t kUndefined[] = {0xFFFFFFFFu, 0xFFFFFFFFu};

using Function = void (*)();

// Bit 0 set: Thumb state on Cortex-M; RISC-V's jalr clears it.
Function as_function(const void* address) {
  return reinterpret_cast<Function>(reinterpret_cast<uintptr_t>(address) | 1);
}

}  // namespace

int main() {
  if (app::restart_count() == 0) {
    auto* code = static_cast<uint32_t*>(tide_malloc(16));
    APP_CHECK(code != nullptr);
    code[0] = kUndefined[0];
    printf("calling into my heap at %p\n", static_cast<void*>(code));
    as_function(code)();
    printf("fault_exec: executed RAM without a fault?\n");
    return 1;
  }
  printf("restarted; calling an undefined instruction at %p\n",
         static_cast<const void*>(kUndefined));
  as_function(kUndefined)();
  printf("fault_exec: no fault?\n");
  return 1;
}
