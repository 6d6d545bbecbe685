// The architecture interface (tide/arch/interface.h) on RV32 (machine-mode kernel,
// user-mode processes).
//
// A trap saves all 31 user registers and the pc into the process's UserContext, in
// kernel memory: unlike Cortex-M nothing is written to the process's own RAM, so a
// process whose stack pointer is outside its memory can still be resumed (its next
// access faults in user mode).
//
// System-call register mapping (the ABI itself: abi/include/tide/abi/syscall.h):
//   ecall, class in a4   (Cortex-M: svc <class>)
//   a0..a3 in            (r0..r3)
//   a0 variant, a1..a3 values out
//   clobbered: ra, t0-t6, a4-a7 (an upcall may run in between, as a call)
#ifndef TIDE_ARCH_CPU_H_
#define TIDE_ARCH_CPU_H_

#include <stddef.h>
#include <stdint.h>

#include "tide/arch/interface.h"

namespace tide::arch {

// Register numbers of the RISC-V integer ABI names Tide uses.
namespace rv {
inline constexpr unsigned kRa = 1;
inline constexpr unsigned kSp = 2;
inline constexpr unsigned kA0 = 10;
inline constexpr unsigned kA4 = 14;
}  // namespace rv

struct UserContext {
  uint32_t x[32];  // x1..x31 at their register number; x[0] holds the pc
  uint32_t& reg(unsigned n) { return x[n]; }
  uint32_t reg(unsigned n) const { return x[n]; }
  uint32_t& pc() { return x[0]; }
  uint32_t pc() const { return x[0]; }
};

inline bool saved_state_within(const UserContext&, uintptr_t, uintptr_t) {
  return true;
}

inline uint32_t syscall_class(const UserContext& context) {
  return context.reg(rv::kA4);
}
inline uint32_t syscall_argument(const UserContext& context, unsigned index) {
  return context.reg(rv::kA0 + (index & 3));
}

}  // namespace tide::arch

#endif  // TIDE_ARCH_CPU_H_
