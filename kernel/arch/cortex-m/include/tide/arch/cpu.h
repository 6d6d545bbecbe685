// The architecture interface the portable kernel (kernel/core) uses. Every arch folder
// provides this header with the same names; this one is ARMv7-M (Cortex-M3/M4).
//
// The kernel runs in privileged thread mode on the main stack and calls run_process(),
// which drops to unprivileged thread mode on the process stack and comes back when the
// process makes a system call, faults, or its time slice ends. Processes never run
// kernel code: upcalls are made by editing the process's own exception frame.
#ifndef TIDE_ARCH_CPU_H_
#define TIDE_ARCH_CPU_H_

#include <stddef.h>
#include <stdint.h>

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

enum class TrapKind : uint8_t { kSyscall, kFault, kTimeslice };

// What the fault handler recorded about the process's last fault.
struct FaultRecord {
  const char* kind;   // "data access violation", "undefined instruction", ...
  uintptr_t address;  // faulting data address, when address_valid
  bool address_valid;
  uintptr_t pc;          // stacked pc (0 when the frame could not be stacked)
  uint32_t status;       // CFSR
  uint32_t hard_status;  // HFSR
};

// Fault handlers, priorities and the time-slice timer. Call once at boot.
void init(uint32_t timeslice_cycles);

// Sets up a process's first exception frame at stack_pointer - kExceptionFrameBytes so
// that it starts at entry with r0-r3 = arguments. The caller checks that this range
// belongs to the process.
void prepare_process(UserContext& context, uintptr_t entry, uintptr_t stack_pointer,
                     const uint32_t (&arguments)[4]);

// Runs the process until it traps.
TrapKind run_process(UserContext& context);

// The frame of a process that trapped (inside its RAM: the hardware stacked it there
// with the process's own permissions).
inline ExceptionFrame& frame_of(const UserContext& context) {
  return *reinterpret_cast<ExceptionFrame*>(static_cast<uintptr_t>(context.stack_pointer));
}

// The system-call class of a process that trapped with kSyscall (the SVC immediate).
uint32_t syscall_class(const UserContext& context);
inline uint32_t syscall_argument(const UserContext& context, unsigned index) {
  const ExceptionFrame& frame = frame_of(context);
  const uint32_t values[4] = {frame.r0, frame.r1, frame.r2, frame.r3};
  return values[index & 3];
}
void set_syscall_return(UserContext& context, uint32_t r0, uint32_t r1, uint32_t r2, uint32_t r3);

// Makes a process that is in a system call call fn(a0, a1, a2, a3) when it resumes, and
// return from fn to where the system call would have returned.
void push_upcall(UserContext& context, uintptr_t fn, uint32_t a0, uint32_t a1, uint32_t a2,
                 uint32_t a3);

FaultRecord last_fault();

// Waits for an interrupt (idle when every process is blocked).
void wait_for_interrupt();

// Provided by the kernel, called by the arch's handlers: a fault in kernel code, or an
// exception nobody expects. Neither returns.
[[noreturn]] void on_kernel_fault(const FaultRecord& record);
[[noreturn]] void on_unexpected_exception();

}  // namespace tide::arch

#endif  // TIDE_ARCH_CPU_H_
