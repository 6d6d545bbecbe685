// Compiled, never run, by the alloc.not_built_in.* tests: each TIDE_CASE_* uses one
// optional feature's API. Against the minimal profile's headers it must not compile (the
// feature is left out, so its API does not exist); against the full profile's it must
// (so the failure is the feature's absence, not a mistake here).
#include "tide/heap.h"
#include "tide/malloc.h"

namespace {

struct NullSource {
  void* grow(size_t) { return nullptr; }
  bool shrink(size_t) { return false; }
  void* current_break() { return nullptr; }
};
using Heap = tide::Heap<NullSource, tide::NoLock, tide::kBuildConfig>;

}  // namespace

void use_the_feature(Heap& heap);
void use_the_feature(Heap& heap) {
  (void)heap;
#if defined(TIDE_CASE_STATS)
  tide_heap_stats stats;
  tide_stats(&stats);
#elif defined(TIDE_CASE_CHECK)
  (void)tide_check(nullptr);
#elif defined(TIDE_CASE_ALIGNED)
  (void)tide_aligned_alloc(64, 100);
#elif defined(TIDE_CASE_MALLOPT)
  (void)tide_mallopt(TIDE_OPT_TRIM_THRESHOLD, 4096);
#elif defined(TIDE_CASE_ERROR_HOOK)
  tide_set_error_hook(nullptr, nullptr);
#elif defined(TIDE_CASE_OOM_HANDLER)
  tide_set_oom_handler(nullptr, nullptr);
#elif defined(TIDE_CASE_LOCK_HOOKS)
  tide_set_lock_hooks(nullptr, nullptr, nullptr);
#elif defined(TIDE_CASE_HEAP_STATS)
  (void)heap.stats();
#elif defined(TIDE_CASE_HEAP_CHECK)
  (void)heap.check();
#elif defined(TIDE_CASE_HEAP_SET_OPTION)
  (void)heap.set_option(TIDE_OPT_TRIM_THRESHOLD, 4096);
#elif defined(TIDE_CASE_HEAP_ALIGNED)
  (void)heap.allocate_aligned(64, 100);
#else
#error "no TIDE_CASE_* given"
#endif
}
