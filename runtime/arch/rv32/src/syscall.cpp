// The RV32 trap: `ecall` with the class in a4 and a0-a3 in; the variant and values come
// back in a0-a3 (the register mapping is in abi/include/tide/abi/syscall.h).
#include "tide/runtime/syscall.h"

namespace tide::rt {

extern "C" SyscallResult tide_syscall(uint32_t syscall_class, uint32_t a0, uint32_t a1, uint32_t a2,
                                      uint32_t a3) {
  register uint32_t r0 asm("a0") = a0;
  register uint32_t r1 asm("a1") = a1;
  register uint32_t r2 asm("a2") = a2;
  register uint32_t r3 asm("a3") = a3;
  register uint32_t cls asm("a4") = syscall_class;
  // An upcall may run before the ecall returns: it clobbers what a call clobbers.
  asm volatile("ecall"
               : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3), "+r"(cls)
               :
               : "ra", "t0", "t1", "t2", "t3", "t4", "t5", "t6", "a5", "a6", "a7", "memory");
  return {r0, r1, r2, r3};
}

}  // namespace tide::rt
