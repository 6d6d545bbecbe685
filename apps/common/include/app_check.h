// Helpers shared by the test apps: checks that end the app with status 1 and a message,
// and one-line views of the break and the heap.
#ifndef TIDE_APPS_COMMON_APP_CHECK_H_
#define TIDE_APPS_COMMON_APP_CHECK_H_

#include <stdint.h>

#include "tide/malloc.h"
#include "tide/runtime/console.h"
#include "tide/runtime/startup.h"
#include "tide/runtime/syscall.h"

#define APP_CHECK(condition)                                                \
  do {                                                                      \
    if (!(condition)) {                                                     \
      printf("CHECK FAILED: %s (%s:%d)\n", #condition, __FILE__, __LINE__); \
      tide::rt::exit(1);                                                    \
    }                                                                       \
  } while (0)

// The heap's integrity check, where the app's allocator profile builds it in (board and
// full); the minimal profile has none, and the app's own checks are all that run.
#if TIDE_HAS_INSPECTION
#define APP_CHECK_HEAP() APP_CHECK(tide_check(nullptr) == 1)
#else
#define APP_CHECK_HEAP() ((void)0)
#endif

namespace app {

inline void* ptr(uintptr_t address) {
  return reinterpret_cast<void*>(address);
}

inline uint32_t memop_value(tide::abi::Memop operation, uint32_t argument = 0) {
  return tide::rt::memop(operation, argument).r1;
}

inline uintptr_t granularity() {
  return memop_value(tide::abi::Memop::kBreakGranularity);
}
inline uintptr_t grant_start() {
  return memop_value(tide::abi::Memop::kGrantStart);
}

// Where user access ends now: the break as the protection unit rounds it (memop 13).
inline uintptr_t protected_end() {
  return memop_value(tide::abi::Memop::kProtectedEnd);
}

inline uint32_t restart_count() {
  return tide::rt::command(tide::abi::Driver::kProcessInfo,
                           tide::abi::process_info::kCommandRestartCount)
      .r1;
}

// The break and grant start, with the heap's figures where its profile keeps statistics.
inline void print_heap(const char* phase) {
#if TIDE_HAS_STATISTICS
  tide_heap_stats stats;
  tide_stats(&stats);
  printf("%-8s break %p  in use %5u B  footprint %5u B  given back %5u B  grant start %p\n", phase,
         ptr(tide::rt::current_break()), static_cast<unsigned>(stats.in_use_bytes),
         static_cast<unsigned>(stats.arena_bytes), static_cast<unsigned>(stats.bytes_given_back),
         ptr(grant_start()));
#else
  printf("%-8s break %p  grant start %p\n", phase, ptr(tide::rt::current_break()),
         ptr(grant_start()));
#endif
}

}  // namespace app

#endif  // TIDE_APPS_COMMON_APP_CHECK_H_
