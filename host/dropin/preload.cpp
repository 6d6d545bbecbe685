// libtide_malloc.so: Tide as the malloc of an unmodified Linux program.
//
//   LD_PRELOAD=/path/to/libtide_malloc.so TIDE_TRIM_THRESHOLD=256K program ...
//
// The library carries the standard names (alloc/src/std_names.cpp, new_delete.cpp) built
// with TIDE_FIRST_USE_HOOK=tide_dropin_prepare, the Linux platform hooks (tide::host) and
// the allocator. Only the malloc family, operator new/delete and Tide's tide_* API are
// exported (exports.map).
//
// The first allocation of the process - usually inside the dynamic loader or the C
// library, long before main() and before this library's constructors - prepares the heap:
// it installs the pthread lock (and its fork handler) and applies the TIDE_* environment.
// Allocations made while that runs (pthread_atfork may allocate) see the state "preparing"
// and go straight to the heap: the process has one thread at that point.
#include <atomic>

#include "tide/host/environment.h"
#include "tide/host/pthread_lock.h"

extern "C" void tide_dropin_prepare(void);

namespace {

enum State : int { kNew, kPreparing, kReady };
constinit std::atomic<int> state{kNew};

}  // namespace

extern "C" void tide_dropin_prepare(void) {
  if (state.load(std::memory_order_acquire) == kReady) [[likely]]
    return;
  int expected = kNew;
  if (!state.compare_exchange_strong(expected, kPreparing, std::memory_order_acq_rel)) return;
  tide::host::install_global_heap_lock();
  tide::host::apply_environment_policy();
  state.store(kReady, std::memory_order_release);
}
