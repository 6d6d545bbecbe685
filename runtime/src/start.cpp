// Startup in C++: the portable steps from the break over the sections to main's exit.
#include <stdint.h>

#include "tide/abi/syscall.h"
#include "tide/runtime/startup.h"
#include "tide/runtime/syscall.h"

namespace tide::rt {
namespace {
StartupInfo info;

uintptr_t address_of(const void* pointer) {
  return reinterpret_cast<uintptr_t>(pointer);
}
}  // namespace

const StartupInfo& startup_info() {
  return info;
}

StartupBreak startup_break(const AppSections& sections, uintptr_t memory_start,
                           size_t memory_size) {
  if (memory_start != sections.ram_start) return {0, abi::kExitStartupWrongRam};
  const uintptr_t data_start = address_of(sections.data_start);
  const uintptr_t data_end = address_of(sections.data_end);
  const uintptr_t bss_start = address_of(sections.bss_start);
  const uintptr_t bss_end = address_of(sections.bss_end);
  // Stack, .data and .bss follow each other upwards from the block's start.
  const bool in_order = sections.ram_start <= sections.stack_top &&
                        sections.stack_top <= data_start && data_start <= data_end &&
                        data_end <= bss_start && bss_start <= bss_end;
  if (!in_order || bss_end - memory_start > memory_size) return {0, abi::kExitStartupBrkFailed};
  return {bss_end, 0};
}

void run_app(const AppSections& sections, uintptr_t flash_start, uintptr_t memory_start,
             size_t memory_size, uintptr_t initial_break, int (*main_fn)()) {
  const uint32_t* from = sections.data_load;
  for (uint32_t* to = sections.data_start; to < sections.data_end;)
    *to++ = *from++;
  for (uint32_t* to = sections.bss_start; to < sections.bss_end;)
    *to++ = 0;
  // .bss is zero from here on, so `info` can be written.
  info = {flash_start, memory_start, memory_size, initial_break, current_break()};
  for (auto* ctor = sections.init_array_start; ctor < sections.init_array_end; ++ctor)
    (*ctor)();
  // The heap: its memory starts at the break; tell the kernel (debug hints) where the
  // stack and the heap are. The allocator itself sets up on its first call.
  memop(abi::Memop::kStackTopHint, static_cast<uint32_t>(sections.stack_top));
  memop(abi::Memop::kHeapStartHint, static_cast<uint32_t>(info.heap_start));
  exit(static_cast<uint32_t>(main_fn()));
}

}  // namespace tide::rt
