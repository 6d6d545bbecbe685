// The app's entry point on Cortex-M. The kernel starts it with
//   r0 = flash start, r1 = memory start, r2 = memory size, r3 = app break
// and the stack pointer at the app break (the initial break is only the 32 bytes the
// kernel needs for an exception frame). Before touching .data, .bss or the real stack it
// moves the break to the end of .bss (memop brk), then moves the stack pointer to the top
// of the stack at the bottom of the block and continues in C++.
#include "tide/abi/syscall.h"

extern "C" [[noreturn]] void tide_app_start();

extern "C" __attribute__((naked, section(".text.tide_app_start"))) void tide_app_start() {
  asm volatile(
      "mov r4, r0\n"
      "mov r5, r1\n"
      "mov r6, r2\n"
      "mov r7, r3\n"
      // The block must start where the app was linked to run.
      "movw r8, #:lower16:tide_app_ram_start\n"
      "movt r8, #:upper16:tide_app_ram_start\n"
      "cmp r5, r8\n"
      "bne 2f\n"
      "movs r0, %[brk]\n"
      "movw r1, #:lower16:tide_app_bss_end\n"
      "movt r1, #:upper16:tide_app_bss_end\n"
      "svc %[memop]\n"
      "cmp r0, %[success]\n"
      "bne 1f\n"
      "movw r0, #:lower16:tide_app_stack_top\n"
      "movt r0, #:upper16:tide_app_stack_top\n"
      "mov sp, r0\n"
      "mov r0, r4\n"
      "mov r1, r5\n"
      "mov r2, r6\n"
      "mov r3, r7\n"
      "bl tide_runtime_start\n"
      "1:\n"
      "movs r0, %[terminate]\n"
      "movs r1, %[brk_failed]\n"
      "svc %[exit]\n"
      "2:\n"
      "movs r0, %[terminate]\n"
      "movs r1, %[wrong_ram]\n"
      "svc %[exit]\n"
      :
      : TIDE_ABI_CRT0_OPERANDS);
}
