// Startup in C++, from tide_runtime_start (the architecture's entry code comes first).
#include <stdint.h>

#include "tide/malloc.h"
#include "tide/runtime/startup.h"
#include "tide/runtime/syscall.h"

extern "C" {
// From the app's linker script.
extern uint32_t tide_app_data_load[], tide_app_data_start[], tide_app_data_end[];
extern uint32_t tide_app_bss_start[], tide_app_bss_end[];
extern void (*tide_app_init_array_start[])();
extern void (*tide_app_init_array_end[])();
}

namespace tide::rt {
namespace {
StartupInfo info;
}  // namespace

const StartupInfo& startup_info() {
  return info;
}

}  // namespace tide::rt

extern "C" void tide_runtime_start(uintptr_t flash_start, uintptr_t memory_start,
                                   size_t memory_size, uintptr_t initial_break) {
  for (uint32_t *from = tide_app_data_load, *to = tide_app_data_start; to < tide_app_data_end;) {
    *to++ = *from++;
  }
  for (uint32_t* to = tide_app_bss_start; to < tide_app_bss_end;)
    *to++ = 0;
  // .bss is zero from here on, so `info` can be written.
  tide::rt::info = {flash_start, memory_start, memory_size, initial_break,
                    tide::rt::current_break()};
  for (auto** ctor = tide_app_init_array_start; ctor < tide_app_init_array_end; ++ctor)
    (*ctor)();
  // The heap: its memory starts at the break; tell the kernel (debug hints) where the
  // stack and the heap are. The allocator itself sets up on its first call.
  tide::rt::memop(tide::abi::Memop::kStackTopHint,
                  static_cast<uint32_t>(reinterpret_cast<uintptr_t>(tide_app_data_start)));
  tide::rt::memop(tide::abi::Memop::kHeapStartHint,
                  static_cast<uint32_t>(tide::rt::info.heap_start));
  tide::rt::exit(static_cast<uint32_t>(main()));
}
