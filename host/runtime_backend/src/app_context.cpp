#include "app_context.h"

#include <cstdlib>

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

namespace tide::host {
namespace {

// makecontext passes no pointer to the entry: the app being started.
AppContext* starting = nullptr;

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

// The abandoned app frames leave their redzones behind; the kernel zeroes and reuses
// that memory.
void forget_frames(unsigned char* stack, size_t size) {
#ifdef TIDE_HOST_ASAN
  __asan_unpoison_memory_region(stack, size);
#else
  (void)stack, (void)size;
#endif
}

}  // namespace

void AppContext::run(unsigned char* stack, size_t size, void (*entry)(void*), void* context) {
  entry_ = entry;
  context_ = context;
  stack_ = stack;
  stack_size_ = size;
  getcontext(&app_);
  app_.uc_stack.ss_sp = stack;
  app_.uc_stack.ss_size = size;
  app_.uc_link = nullptr;
  makecontext(&app_, trampoline, 0);
  starting = this;
  inside_ = true;
  start_switch(&fake_stack_, stack, size);
  swapcontext(&kernel_, &app_);
  finish_switch(fake_stack_, nullptr, nullptr);
  inside_ = false;
  forget_frames(stack_, stack_size_);
}

void AppContext::leave() {
  start_switch(nullptr, kernel_stack_, kernel_stack_size_);
  setcontext(&kernel_);
  std::abort();  // setcontext does not return
}

void AppContext::trampoline() {
  AppContext& self = *starting;
  finish_switch(nullptr, &self.kernel_stack_, &self.kernel_stack_size_);
  self.entry_(self.context_);
  self.leave();
}

}  // namespace tide::host
