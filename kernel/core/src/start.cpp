// The kernel's start in C++, the same on every board: the arch's reset code jumps here
// with a stack, and the board's kernel linker script names the sections.
#include <stdint.h>

#include "tide/arch/cpu.h"
#include "tide/core/board.h"

extern "C" {
extern uint32_t _kernel_data_load[], _kernel_data_start[], _kernel_data_end[];
extern uint32_t _kernel_bss_start[], _kernel_bss_end[];
extern void (*__init_array_start[])();
extern void (*__init_array_end[])();
}

extern "C" void tide_kernel_start() {
  for (uint32_t *from = _kernel_data_load, *to = _kernel_data_start; to < _kernel_data_end;) {
    *to++ = *from++;
  }
  for (uint32_t* to = _kernel_bss_start; to < _kernel_bss_end;)
    *to++ = 0;
  for (auto** ctor = __init_array_start; ctor < __init_array_end; ++ctor)
    (*ctor)();
  tide_kernel_main();
}
