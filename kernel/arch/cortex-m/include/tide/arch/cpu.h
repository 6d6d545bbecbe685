// The architecture interface (tide/arch/interface.h) on ARMv7-M (Cortex-M3/M4).
//
// The kernel runs in privileged thread mode on the main stack; run_process() drops to
// unprivileged thread mode on the process stack. The hardware stacks an exception frame
// on the process stack on every trap, so the saved state is r4-r11 and the stack
// pointer here, plus that frame in the process's own RAM.
#ifndef TIDE_ARCH_CPU_H_
#define TIDE_ARCH_CPU_H_

#include <stddef.h>
#include <stdint.h>

#include "tide/arch/interface.h"
#include "tide/kernel/address_math.h"

namespace tide::arch {

// What the hardware does not save on exception entry: r4-r11 and the stack pointer.
struct UserContext {
  uint32_t callee_saved[8];  // r4-r11 while the process is not running
  uint32_t stack_pointer;    // PSP: points at the process's exception frame
};

// The hardware-stacked frame at the process stack pointer.
struct ExceptionFrame {
  uint32_t r0, r1, r2, r3, r12, lr, pc, xpsr;
};

// Bytes of process stack the kernel needs to start a process or to deliver a trap.
inline constexpr size_t kExceptionFrameBytes = sizeof(ExceptionFrame);

// The frame of a process that trapped (inside its RAM: the hardware stacked it there
// with the process's own permissions).
inline ExceptionFrame& frame_of(const UserContext& context) {
  return *reinterpret_cast<ExceptionFrame*>(static_cast<uintptr_t>(context.stack_pointer));
}

inline bool saved_state_within(const UserContext& context, uintptr_t start, uintptr_t end) {
  return kernel::range_within(context.stack_pointer, kExceptionFrameBytes, start, end);
}

// The system-call class of a process that trapped with kSyscall (the SVC immediate).
uint32_t syscall_class(const UserContext& context);
inline uint32_t syscall_argument(const UserContext& context, unsigned index) {
  const ExceptionFrame& frame = frame_of(context);
  const uint32_t values[4] = {frame.r0, frame.r1, frame.r2, frame.r3};
  return values[index & 3];
}

}  // namespace tide::arch

#endif  // TIDE_ARCH_CPU_H_
