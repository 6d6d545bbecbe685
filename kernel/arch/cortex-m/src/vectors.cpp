// Reset and the vector table: the kernel's own startup (not an app's).
#include <stdint.h>

#include "registers.h"

extern "C" {
// From the board's kernel linker script.
extern char _kernel_stack_top[];
extern uint32_t _kernel_data_load[], _kernel_data_start[], _kernel_data_end[];
extern uint32_t _kernel_bss_start[], _kernel_bss_end[];
extern void (*__init_array_start[])();
extern void (*__init_array_end[])();

// The board's entry point: the parts list of the kernel.
[[noreturn]] void tide_kernel_main();

// Handlers in trap.cpp.
void tide_cortex_m_svc_handler();
void tide_cortex_m_systick_handler();
void tide_cortex_m_hard_fault_handler();
void tide_cortex_m_mem_manage_handler();
void tide_cortex_m_bus_fault_handler();
void tide_cortex_m_usage_fault_handler();
void tide_cortex_m_unexpected_handler();

[[noreturn]] void tide_cortex_m_reset();
}

void tide_cortex_m_reset() {
  for (uint32_t *from = _kernel_data_load, *to = _kernel_data_start; to < _kernel_data_end;) {
    *to++ = *from++;
  }
  for (uint32_t* to = _kernel_bss_start; to < _kernel_bss_end;)
    *to++ = 0;
  for (auto** ctor = __init_array_start; ctor < __init_array_end; ++ctor)
    (*ctor)();
  tide_kernel_main();
}

namespace {

using Handler = void (*)();

struct VectorTable {
  void* initial_stack;
  Handler handlers[15 + 32];  // 15 system exceptions, 32 board interrupts
};

constexpr VectorTable make_vectors() {
  VectorTable table{_kernel_stack_top, {}};
  for (Handler& handler : table.handlers)
    handler = tide_cortex_m_unexpected_handler;
  table.handlers[0] = tide_cortex_m_reset;                // 1 reset
  table.handlers[2] = tide_cortex_m_hard_fault_handler;   // 3
  table.handlers[3] = tide_cortex_m_mem_manage_handler;   // 4
  table.handlers[4] = tide_cortex_m_bus_fault_handler;    // 5
  table.handlers[5] = tide_cortex_m_usage_fault_handler;  // 6
  table.handlers[10] = tide_cortex_m_svc_handler;         // 11
  table.handlers[14] = tide_cortex_m_systick_handler;     // 15
  return table;
}

}  // namespace

extern "C" {
extern const VectorTable tide_vector_table;
__attribute__((section(".vectors"), used)) const VectorTable tide_vector_table = make_vectors();
}
