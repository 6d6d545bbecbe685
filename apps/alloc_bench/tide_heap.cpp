// alloc_bench over Tide's heap (the runtime's global heap, over memop sbrk).
#include "bench_heap.h"

namespace bench {

const char* heap_name() {
  return "tide";
}

// The integrity check where the profile has one; the minimal profile builds none in, so
// there only the workload's own check (every block keeps its first byte) runs.
bool heap_sound() {
#if TIDE_HAS_INSPECTION
  return tide_check(nullptr) == 1;
#else
  return true;
#endif
}

}  // namespace bench
