// The board entry's C++ half: the sections from the app's linker script, then run_app.
#include <stdint.h>

#include "tide/runtime/startup.h"

extern "C" {
// From the app's linker script.
extern uint32_t tide_app_ram_start[], tide_app_stack_top[];
extern uint32_t tide_app_data_load[], tide_app_data_start[], tide_app_data_end[];
extern uint32_t tide_app_bss_start[], tide_app_bss_end[];
extern void (*tide_app_init_array_start[])();
extern void (*tide_app_init_array_end[])();
}

namespace {
// main's address may not be taken; run_app calls it through this.
int call_main() {
  return main();
}
}  // namespace

extern "C" void tide_runtime_start(uintptr_t flash_start, uintptr_t memory_start,
                                   size_t memory_size, uintptr_t initial_break) {
  const tide::rt::AppSections sections = {reinterpret_cast<uintptr_t>(tide_app_ram_start),
                                          reinterpret_cast<uintptr_t>(tide_app_stack_top),
                                          tide_app_data_load,
                                          tide_app_data_start,
                                          tide_app_data_end,
                                          tide_app_bss_start,
                                          tide_app_bss_end,
                                          tide_app_init_array_start,
                                          tide_app_init_array_end};
  tide::rt::run_app(sections, flash_start, memory_start, memory_size, initial_break, call_main);
}
