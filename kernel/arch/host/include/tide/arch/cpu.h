// The architecture interface (tide/arch/interface.h) on the host: kernel/core built for
// Linux, so that it is unit-tested there and the host runtime can run against it.
//
// A process is code of the test (or of the host runtime) running on a fiber of its own.
// What runs it is a Machine (tide/arch/host_machine.h) that the test installs: the
// kernel's run_process() hands the process to the machine, which runs it until its next
// system call or fault and then comes back. As on RV32, the saved state lives in kernel
// memory (this UserContext), never in the process's RAM.
#ifndef TIDE_ARCH_CPU_H_
#define TIDE_ARCH_CPU_H_

#include <stddef.h>
#include <stdint.h>

#include "tide/arch/interface.h"

namespace tide::arch {

struct UserContext {
  uint32_t pc;             // the entry (after prepare_process)
  uint32_t stack_pointer;  // the initial stack pointer
  uint32_t arguments[4];   // the start arguments; then each system call's r0..r3
  uint32_t syscall_class;  // of the last system call
  uint32_t returns[4];     // what set_syscall_return wrote: variant, r1..r3
  // An upcall pushed by the kernel: the process calls fn(arguments) when it resumes.
  bool upcall_pending;
  uint32_t upcall_function;
  uint32_t upcall_arguments[4];
  uint32_t starts;  // how often prepare_process (re)started the process
};

inline bool saved_state_within(const UserContext&, uintptr_t, uintptr_t) {
  return true;
}

inline uint32_t syscall_class(const UserContext& context) {
  return context.syscall_class;
}
inline uint32_t syscall_argument(const UserContext& context, unsigned index) {
  return context.arguments[index & 3];
}

}  // namespace tide::arch

#endif  // TIDE_ARCH_CPU_H_
