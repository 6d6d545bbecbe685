// AppContext: app code on a stack of its own (inside the process block), with a way
// back to the kernel's stack that abandons the app's frames, as exit does on a board.
// Switches with ucontext; under AddressSanitizer each switch is announced to it.
#ifndef TIDE_HOST_RUNTIME_BACKEND_APP_CONTEXT_H_
#define TIDE_HOST_RUNTIME_BACKEND_APP_CONTEXT_H_

#include <stddef.h>
#include <ucontext.h>

namespace tide::host {

class AppContext {
 public:
  // Runs entry(context) on [stack, stack + size) until it returns or calls leave().
  void run(unsigned char* stack, size_t size, void (*entry)(void*), void* context);
  // True while app code runs.
  bool inside() const { return inside_; }
  // From app code: back to run()'s caller, for good.
  [[noreturn]] void leave();

 private:
  static void trampoline();

  ucontext_t kernel_ = {};
  ucontext_t app_ = {};
  bool inside_ = false;
  void (*entry_)(void*) = nullptr;
  void* context_ = nullptr;
  unsigned char* stack_ = nullptr;
  size_t stack_size_ = 0;
  // The sanitizer's view of the kernel's stack while the app runs.
  void* fake_stack_ = nullptr;
  const void* kernel_stack_ = nullptr;
  size_t kernel_stack_size_ = 0;
};

}  // namespace tide::host

#endif  // TIDE_HOST_RUNTIME_BACKEND_APP_CONTEXT_H_
