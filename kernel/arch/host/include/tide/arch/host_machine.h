// What runs processes when kernel/core runs on the host: the Machine a test installs,
// and the Fiber it runs each process on.
#ifndef TIDE_ARCH_HOST_MACHINE_H_
#define TIDE_ARCH_HOST_MACHINE_H_

#include <stddef.h>
#include <ucontext.h>

#include "tide/arch/cpu.h"
#include "tide/arch/protection.h"

namespace tide::arch::host {

// The host's processor: run_process() hands it the process's saved state.
class Machine {
 public:
  // Runs the process until it makes a system call (class and arguments in `context`),
  // faults (what last_fault() reports set with record_fault) or its time slice ends.
  virtual TrapKind run(UserContext& context) = 0;

 protected:
  ~Machine() = default;
};

// The machine run_process uses (nullptr: none; run_process then reports a fault).
void install(Machine* machine);
// What the next last_fault() returns.
void record_fault(const FaultRecord& record);
// The configuration apply_protection last wrote (before any: all regions disabled).
const ProtectionUnit::Config& applied_protection();

// Code on a stack of its own that can switch back and forth with its starter: the
// kernel's side calls start and resume, the fiber's side suspend and leave. Switches with
// ucontext; under AddressSanitizer each switch is announced to it.
class Fiber {
 public:
  // Runs entry(context) on [stack, stack + size) until it suspends, leaves or returns.
  void start(unsigned char* stack, size_t size, void (*entry)(void*), void* context);
  // Continues a suspended fiber until it suspends again, leaves or returns.
  void resume();
  // From the fiber: back to the caller of start or resume; returns when resumed.
  void suspend();
  // From the fiber: back for good; its frames are abandoned.
  [[noreturn]] void leave();

  bool inside() const { return inside_; }
  bool finished() const { return finished_; }

 private:
  static void trampoline();
  void enter();  // kernel side: switch into the fiber and account for the way back

  ucontext_t kernel_ = {};
  ucontext_t fiber_ = {};
  bool inside_ = false;
  bool finished_ = true;
  void (*entry_)(void*) = nullptr;
  void* context_ = nullptr;
  unsigned char* stack_ = nullptr;
  size_t stack_size_ = 0;
  // The sanitizer's view of the other side's stack while one side runs.
  void* kernel_fake_stack_ = nullptr;
  void* fiber_fake_stack_ = nullptr;
  const void* kernel_stack_ = nullptr;
  size_t kernel_stack_size_ = 0;
};

}  // namespace tide::arch::host

#endif  // TIDE_ARCH_HOST_MACHINE_H_
