// The vector table: reset enters the kernel's start (kernel/core) on the initial stack.
#include <stdint.h>

#include "registers.h"
#include "tide/arch/interface.h"

extern "C" {
// From the board's kernel linker script.
extern char _kernel_stack_top[];

// Handlers in trap.cpp.
void tide_cortex_m_svc_handler();
void tide_cortex_m_systick_handler();
void tide_cortex_m_hard_fault_handler();
void tide_cortex_m_mem_manage_handler();
void tide_cortex_m_bus_fault_handler();
void tide_cortex_m_usage_fault_handler();
void tide_cortex_m_unexpected_handler();
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
  table.handlers[0] = tide_kernel_start;                  // 1 reset
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
