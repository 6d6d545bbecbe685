// Fiber: ucontext switches between the kernel's stack and a process's, announced to
// AddressSanitizer when it is on (its fiber-switch interface).
#include <cstdlib>

#include "tide/arch/host_machine.h"

#if defined(__SANITIZE_ADDRESS__)
#define TIDE_HOST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TIDE_HOST_ASAN 1
#endif
#endif

#ifdef TIDE_HOST_ASAN
#include <sanitizer/asan_interface.h>
#include <sanitizer/common_interface_defs.h>
#endif

namespace tide::arch::host {
namespace {

// makecontext passes no pointer to the entry: the fiber being started.
Fiber* starting = nullptr;

void start_switch(void** fake_stack, const void* bottom, size_t size) {
#ifdef TIDE_HOST_ASAN
  __sanitizer_start_switch_fiber(fake_stack, bottom, size);
#else
  (void)fake_stack, (void)bottom, (void)size;
#endif
}

void finish_switch(void* fake_stack, const void** bottom, size_t* size) {
#ifdef TIDE_HOST_ASAN
  __sanitizer_finish_switch_fiber(fake_stack, bottom, size);
#else
  (void)fake_stack, (void)bottom, (void)size;
#endif
}

// Abandoned frames leave their redzones behind; the stack is reused.
void forget_frames(unsigned char* stack, size_t size) {
#ifdef TIDE_HOST_ASAN
  __asan_unpoison_memory_region(stack, size);
#else
  (void)stack, (void)size;
#endif
}

}  // namespace

void Fiber::start(unsigned char* stack, size_t size, void (*entry)(void*), void* context) {
  entry_ = entry;
  context_ = context;
  stack_ = stack;
  stack_size_ = size;
  forget_frames(stack_, stack_size_);
  getcontext(&fiber_);
  fiber_.uc_stack.ss_sp = stack;
  fiber_.uc_stack.ss_size = size;
  fiber_.uc_link = nullptr;
  makecontext(&fiber_, trampoline, 0);
  starting = this;
  finished_ = false;
  enter();
}

void Fiber::resume() {
  if (!finished_) enter();
}

void Fiber::enter() {
  inside_ = true;
  start_switch(&kernel_fake_stack_, stack_, stack_size_);
  swapcontext(&kernel_, &fiber_);
  finish_switch(kernel_fake_stack_, nullptr, nullptr);
  inside_ = false;
  if (finished_) forget_frames(stack_, stack_size_);
}

void Fiber::suspend() {
  start_switch(&fiber_fake_stack_, kernel_stack_, kernel_stack_size_);
  swapcontext(&fiber_, &kernel_);
  finish_switch(fiber_fake_stack_, &kernel_stack_, &kernel_stack_size_);
}

void Fiber::leave() {
  finished_ = true;
  start_switch(nullptr, kernel_stack_, kernel_stack_size_);
  setcontext(&kernel_);
  std::abort();  // setcontext does not return
}

void Fiber::trampoline() {
  Fiber& self = *starting;
  finish_switch(nullptr, &self.kernel_stack_, &self.kernel_stack_size_);
  self.entry_(self.context_);
  self.leave();
}

}  // namespace tide::arch::host
