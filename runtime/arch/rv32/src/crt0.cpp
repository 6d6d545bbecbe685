// The app's entry point on RV32. The kernel starts it in user mode with
//   a0 = flash start, a1 = memory start, a2 = memory size, a3 = app break
// and the stack pointer at the app break (the initial break is memory start: the kernel
// saves registers in its own memory, so it needs none of the app's). Before touching
// .data, .bss or the stack it loads gp, moves the break to the end of .bss (memop brk),
// then moves the stack pointer to the top of the stack at the bottom of the block and
// continues in C++.
#include "tide/abi/syscall.h"

extern "C" [[noreturn]] void tide_app_start();

extern "C" __attribute__((naked, section(".text.tide_app_start"))) void tide_app_start() {
  asm volatile(
      // gp first: the linker may turn the `la`s below into gp-relative adds.
      ".option push\n"
      ".option norelax\n"
      "lla gp, __global_pointer$\n"
      ".option pop\n"
      "mv s0, a0\n"
      "mv s1, a1\n"
      "mv s2, a2\n"
      "mv s3, a3\n"
      // The block must start where the app was linked to run.
      "lla t0, tide_app_ram_start\n"
      "bne a1, t0, 2f\n"
      "li a0, %[brk]\n"
      "lla a1, tide_app_bss_end\n"
      "li a4, %[memop]\n"
      "ecall\n"
      "li t0, %[success]\n"
      "bne a0, t0, 1f\n"
      "lla sp, tide_app_stack_top\n"
      "mv a0, s0\n"
      "mv a1, s1\n"
      "mv a2, s2\n"
      "mv a3, s3\n"
      "call tide_runtime_start\n"
      "1:\n"
      "li a0, %[terminate]\n"
      "li a1, %[brk_failed]\n"
      "li a4, %[exit]\n"
      "ecall\n"
      "j 1b\n"
      "2:\n"
      "li a0, %[terminate]\n"
      "li a1, %[wrong_ram]\n"
      "li a4, %[exit]\n"
      "ecall\n"
      "j 2b\n"
      :
      : TIDE_ABI_CRT0_OPERANDS);
}
