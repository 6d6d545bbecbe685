// The allocator's platform hooks (alloc/include/tide/platform.h) on a board: the heap
// grows and shrinks with memop sbrk, steps by the protection unit's break granularity
// (memop 12), knows that what a brk exposes reads as zero, reports errors on the console and exits
// with a distinct status.
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

// The kernel zeroes all memory a brk exposes (the kernel contract): every byte the heap
// gains reads as zero, so calloc need not clear memory the heap never used.
size_t tide_platform_zero_fill_granule(void) {
  return 1;
}

void tide_platform_write_error(const char* text, size_t length) {
  tide::rt::console_write(text, length);
}

void tide_platform_abort(void) {
  tide::rt::exit(tide::abi::kExitHeapAbort);
}

}  // extern "C"
