// alloc_bench over Tide's heap (the runtime's global heap, over memop sbrk).
#include "bench_heap.h"

namespace bench {

const char* heap_name() {
  return "tide";
}

bool heap_sound() {
  return tide_check(nullptr) == 1;
}

}  // namespace bench
