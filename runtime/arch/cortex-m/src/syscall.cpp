// The Cortex-M trap: `svc <class>` with r0-r3 in and the variant and values back in r0-r3.
// The SVC immediate is part of the instruction, so each class has its own svc.
#include "tide/runtime/syscall.h"

namespace {

template <uint32_t kClass>
tide::rt::SyscallResult trap(uint32_t a0, uint32_t a1, uint32_t a2, uint32_t a3) {
  register uint32_t r0 asm("r0") = a0;
  register uint32_t r1 asm("r1") = a1;
  register uint32_t r2 asm("r2") = a2;
  register uint32_t r3 asm("r3") = a3;
  // An upcall may run before the svc returns: it clobbers what a call clobbers.
  asm volatile("svc %[cls]"
               : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3)
               : [cls] "i"(kClass)
               : "r12", "lr", "memory", "cc");
  return {r0, r1, r2, r3};
}

}  // namespace

namespace tide::rt {

extern "C" SyscallResult tide_syscall(uint32_t syscall_class, uint32_t a0, uint32_t a1, uint32_t a2,
                                      uint32_t a3) {
  switch (syscall_class) {
    case 0:
      return trap<0>(a0, a1, a2, a3);
    case 1:
      return trap<1>(a0, a1, a2, a3);
    case 2:
      return trap<2>(a0, a1, a2, a3);
    case 3:
      return trap<3>(a0, a1, a2, a3);
    case 4:
      return trap<4>(a0, a1, a2, a3);
    case 5:
      return trap<5>(a0, a1, a2, a3);
    case 6:
      return trap<6>(a0, a1, a2, a3);
    case 7:
      return trap<7>(a0, a1, a2, a3);  // not a class: lets tests ask for one
    default:
      return trap<0xfe>(a0, a1, a2, a3);
  }
}

}  // namespace tide::rt
