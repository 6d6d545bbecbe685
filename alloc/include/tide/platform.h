// What Tide's C API (tide_malloc and friends, one global heap) needs from the platform it
// runs on. The library defines weak defaults for each; a platform overrides them:
//   host/      (Linux)  sbrk(2), write(2) to stderr, abort()
//   runtime/   (boards) memop 1 / memop 12 system calls, console, exit
//   tests      a fixed region, captured messages
// The C++ Heap template needs none of these: it takes its source, lock and hooks directly.
#ifndef TIDE_PLATFORM_H_
#define TIDE_PLATFORM_H_

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

// sbrk(2) semantics: moves the break by `increment` bytes (negative shrinks) and returns
// the previous break, or (void*)-1 when it cannot (the break is then unchanged).
// Weak default: always fails (a heap with no memory).
void* tide_platform_sbrk(intptr_t increment);

// The step in which the platform represents the break exactly (memop 12 on a board);
// 0 when unknown. Weak default: 0.
size_t tide_platform_break_granularity(void);

// Where memory the break gains reads as zero: after the break grew from b, every byte
// from round_up(b, granule) up reads as zero (a power of two; 1 when the kernel zeroes
// what a brk exposes, as a Tide board's does; the page size on Linux; 0 when unknown).
// calloc skips clearing such memory. Weak default: 0.
size_t tide_platform_zero_fill_granule(void);

// Writes a diagnostic message (not NUL-terminated). Weak default: discards it.
void tide_platform_write_error(const char* text, size_t length);

// Ends the program after a fatal heap error. Never returns. Weak default: traps.
void tide_platform_abort(void);

#ifdef __cplusplus
}
#endif

#endif  // TIDE_PLATFORM_H_
