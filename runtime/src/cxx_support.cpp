// The few C++ runtime symbols a freestanding app needs.
extern "C" {

int __aeabi_atexit(void*, void (*)(void*), void*);
int __cxa_atexit(void (*)(void*), void*, void*);

void* __dso_handle = nullptr;

// Static destructors never run: an app ends with exit.
int __aeabi_atexit(void*, void (*)(void*), void*) {
  return 0;
}
int __cxa_atexit(void (*)(void*), void*, void*) {
  return 0;
}

[[noreturn]] void __cxa_pure_virtual();
}

#include "tide/abi/syscall.h"
#include "tide/runtime/syscall.h"

void __cxa_pure_virtual() {
  tide::rt::exit(tide::abi::kExitHeapAbort);
}
