// What the kernel told the app at entry, kept by the startup code.
#ifndef TIDE_RUNTIME_STARTUP_H_
#define TIDE_RUNTIME_STARTUP_H_

#include <stddef.h>
#include <stdint.h>

namespace tide::rt {

struct StartupInfo {
  uintptr_t flash_start;
  uintptr_t memory_start;
  size_t memory_size;
  uintptr_t initial_break;  // the break the kernel started the app with
  uintptr_t heap_start;     // the break after startup covered stack, .data and .bss
};

const StartupInfo& startup_info();

}  // namespace tide::rt

// Startup, after the architecture's entry code has covered stack, .data and .bss with
// the break and moved the stack pointer: copies .data, zeroes .bss, runs constructors,
// initialises the heap, calls main and exits with its value.
extern "C" [[noreturn]] void tide_runtime_start(uintptr_t flash_start, uintptr_t memory_start,
                                                size_t memory_size, uintptr_t initial_break);

// The app's main.
int main();

#endif  // TIDE_RUNTIME_STARTUP_H_
