// The allocator's platform hooks (alloc/include/tide/platform.h) on a board: the heap
// grows and shrinks with memop sbrk, steps by the protection unit's break granularity
// (memop 12), reports errors on the console and exits with a distinct status.
#include "tide/platform.h"

#include "tide/runtime/console.h"
#include "tide/runtime/syscall.h"

extern "C" {

void* tide_platform_sbrk(intptr_t increment) {
  const uintptr_t previous = tide::rt::sbrk(increment);
  return reinterpret_cast<void*>(previous);  // (void*)-1 on failure
}

size_t tide_platform_break_granularity(void) {
  const tide::rt::SyscallResult result = tide::rt::memop(tide::abi::Memop::kBreakGranularity);
  return result.ok() ? result.r1 : 0;
}

void tide_platform_write_error(const char* text, size_t length) {
  tide::rt::console_write(text, length);
}

void tide_platform_abort(void) {
  tide::rt::exit(tide::abi::kExitHeapAbort);
}

}  // extern "C"
