// Uses Tide's C API (global heap over the real break, through tide::host's hooks) and a
// C++ heap over a buffer, and says "consumer ok" when both work.
#include <stdio.h>

#include "tide/heap.h"
#include "tide/host/pthread_lock.h"
#include "tide/malloc.h"

int main() {
  tide::host::install_global_heap_lock();
  void* block = tide_malloc(1000);
  tide_heap_stats stats{};
  tide_stats(&stats);
  const bool global_ok = block != nullptr && stats.arena_bytes >= 1000 && tide_check(nullptr);
  tide_free(block);

  alignas(16) static unsigned char buffer[64 * 1024];
  tide::Heap<tide::FixedRegionSource, tide::PthreadMutexLock> heap{
      tide::FixedRegionSource{buffer, sizeof buffer}};
  void* local = heap.allocate(100);
  const bool local_ok = local != nullptr && heap.owns(local) && heap.check();
  heap.deallocate(local);

  printf("global heap %s, buffer heap %s\n", global_ok ? "ok" : "BROKEN",
         local_ok ? "ok" : "BROKEN");
  if (!global_ok || !local_ok) return 1;
  printf("consumer ok\n");
  return 0;
}
