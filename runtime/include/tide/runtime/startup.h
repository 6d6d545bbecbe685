// Startup: what the kernel told the app at entry, and the portable steps between the
// architecture's entry code and main.
//
// An app's RAM image (its linker script): the stack at the bottom of its block, then
// .data, then .bss; the heap starts where .bss ends and moves with the break.
//
//   entry (arch crt0)   check the block is where the app was linked to run, brk to the
//                       end of .bss (startup_break's rule), move the stack pointer
//   run_app             copy .data, zero .bss, constructors, heap hints, main, exit
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

// Where the sections of an app's image lie (from its linker script on a board).
struct AppSections {
  uintptr_t ram_start;  // where the block must start
  uintptr_t stack_top;  // the stack is [ram_start, stack_top)
  const uint32_t* data_load;
  uint32_t* data_start;
  uint32_t* data_end;
  uint32_t* bss_start;
  uint32_t* bss_end;
  void (*const* init_array_start)();
  void (*const* init_array_end)();
};

// The break startup sets before it touches the stack, .data or .bss: the highest of
// their ends. `failure` is 0, or the exit status startup ends with instead:
// kExitStartupWrongRam when the block does not start at ram_start,
// kExitStartupBrkFailed when the sections do not fit in the block (or are out of order).
struct StartupBreak {
  uintptr_t address;
  uint32_t failure;
};
StartupBreak startup_break(const AppSections& sections, uintptr_t memory_start, size_t memory_size);

// Startup after the break covers the sections and the stack pointer is in the stack:
// copies .data, zeroes .bss, runs constructors, gives the kernel its heap hints, calls
// main_fn and exits with its value.
[[noreturn]] void run_app(const AppSections& sections, uintptr_t flash_start,
                          uintptr_t memory_start, size_t memory_size, uintptr_t initial_break,
                          int (*main_fn)());

}  // namespace tide::rt

// The board entry's C++ half (src/image_start.cpp): run_app over the linker script's
// sections and the app's main.
extern "C" [[noreturn]] void tide_runtime_start(uintptr_t flash_start, uintptr_t memory_start,
                                                size_t memory_size, uintptr_t initial_break);

// The app's main.
int main();

#endif  // TIDE_RUNTIME_STARTUP_H_
