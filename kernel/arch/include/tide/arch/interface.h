// The architecture interface the portable kernel (kernel/core) uses, declared once for
// every architecture. Each kernel/arch/<arch>/ provides tide/arch/cpu.h, which defines
// the process's saved state (UserContext) and these inline accessors over it, then
// includes this header; the arch's sources define the functions declared here.
//
//   uint32_t syscall_class(const UserContext&)          class of a kSyscall trap
//   uint32_t syscall_argument(const UserContext&, i)    argument register i (0..3)
//   bool saved_state_within(const UserContext&, start, end)
//       whether what the kernel needs of the process's memory to resume it (Cortex-M:
//       its exception frame) lies in [start, end); always true where the registers are
//       saved in kernel memory (RISC-V).
//
// The kernel runs privileged and calls run_process(), which drops to the unprivileged
// mode and comes back when the process makes a system call, faults, or its time slice
// ends. Processes never run kernel code: upcalls are made by editing the process's
// saved state so that it calls the function when it resumes.
#ifndef TIDE_ARCH_INTERFACE_H_
#define TIDE_ARCH_INTERFACE_H_

#include <stddef.h>
#include <stdint.h>

#include "tide/common/bits.h"

namespace tide::arch {

struct UserContext;  // defined by the arch's cpu.h

enum class TrapKind : uint8_t { kSyscall, kFault, kTimeslice };

// What the trap handler recorded about the process's last fault.
struct FaultRecord {
  const char* kind;   // "data access violation (MPU)", "illegal instruction", ...
  uintptr_t address;  // faulting data address, when address_valid
  bool address_valid;
  uintptr_t pc;          // faulting pc (0 when it could not be recovered)
  uint32_t status;       // Cortex-M: CFSR; RISC-V: mcause
  uint32_t hard_status;  // Cortex-M: HFSR; RISC-V: mtval
};

// Trap handlers, priorities and the time-slice timer (0: no preemption; in the arch's
// timer units). Call once at boot.
void init(uint32_t timeslice_ticks);

// Sets up a process so that it starts at entry with the stack pointer at stack_pointer
// and the four arguments in its first argument registers. Where the arch needs an
// exception frame (Cortex-M) it is written just below stack_pointer; the caller checks
// that this range belongs to the process (the protection unit's initial break).
void prepare_process(UserContext& context, uintptr_t entry, uintptr_t stack_pointer,
                     const uint32_t (&arguments)[4]);

// Runs the process until it traps.
TrapKind run_process(UserContext& context);

// The variant and three values a system call returns, in the return registers.
void set_syscall_return(UserContext& context, uint32_t r0, uint32_t r1, uint32_t r2, uint32_t r3);

// Makes a process that is in a system call call fn(a0, a1, a2, a3) when it resumes, and
// return from fn to where the system call would have returned.
void push_upcall(UserContext& context, uintptr_t fn, uint32_t a0, uint32_t a1, uint32_t a2,
                 uint32_t a3);

FaultRecord last_fault();

// Provided by the kernel, called by the arch's handlers: a fault in kernel code, or an
// exception nobody expects. Neither returns.
[[noreturn]] void on_kernel_fault(const FaultRecord& record);
[[noreturn]] void on_unexpected_exception();

// What kernel/core needs of an arch's saved state (its cpu.h defines the type and these
// accessors); kernel/core checks it for the arch it is built with (tide/core/process.h).
// A binary links exactly one arch: a board's, or kernel/arch/host for the host tests.
template <class Context>
concept SavedState = requires(const Context& context, uintptr_t address, unsigned index) {
  { syscall_class(context) } -> common::SameAs<uint32_t>;
  { syscall_argument(context, index) } -> common::SameAs<uint32_t>;
  { saved_state_within(context, address, address) } -> common::SameAs<bool>;
};

}  // namespace tide::arch

// Provided by the kernel: its start in C++, jumped to by the arch's reset code once a
// stack is set up. Copies .data, zeroes .bss, runs constructors (the board's kernel
// linker script names them) and calls the board's tide_kernel_main.
extern "C" [[noreturn]] void tide_kernel_start();

#endif  // TIDE_ARCH_INTERFACE_H_
