// Tide's C++ heap: tide::Heap<Source, Lock, Config>, an allocator over any memory source.
// Several independent heaps can coexist; each owns its source.
//
//   alignas(16) static unsigned char buffer[64 * 1024];
//   tide::Heap<tide::FixedRegionSource> heap{tide::FixedRegionSource{buffer, sizeof buffer}};
//   void* p = heap.allocate(100);
//   heap.deallocate(p);
//
// Config (tide/heap_features.h) says what the heap is built with: this library variant's
// TIDE_PROFILE by default, or tide::kMinimalConfig, kBoardConfig, kFullConfig, or any
// HeapConfig. A member whose feature is left out does not exist: calling it does not
// compile. The algorithm is tide::HeapCore (tide/heap_core.h); Heap adds the lock.
#ifndef TIDE_HEAP_H_
#define TIDE_HEAP_H_

#include <stddef.h>

#include "tide/heap_core.h"
#include "tide/heap_features.h"
#include "tide/heap_policy.h"
#include "tide/memory_source.h"

namespace tide {

// A lock for a heap shared between threads: anything with lock() and unlock().
template <class L>
concept HeapLock = requires(L& lock) {
  lock.lock();
  lock.unlock();
};

// The default: one thread, no locking, no code.
struct NoLock {
  constexpr void lock() {}
  constexpr void unlock() {}
};

namespace detail {

template <HeapLock Lock>
class LockGuard {
 public:
  __attribute__((always_inline)) explicit LockGuard(Lock& lock) : lock_(lock) { lock_.lock(); }
  __attribute__((always_inline)) ~LockGuard() { lock_.unlock(); }
  LockGuard(const LockGuard&) = delete;
  LockGuard& operator=(const LockGuard&) = delete;

 private:
  Lock& lock_;
};

}  // namespace detail

template <MemorySource Source, HeapLock Lock = NoLock, HeapConfig Config = kBuildConfig>
class Heap {
 public:
  using Core = HeapCore<Source, Config>;
  static constexpr HeapFeatures kFeatures = Config.features;

  constexpr explicit Heap(Source source) : core_(source) {}
  // A policy at construction needs the runtime_policy feature; otherwise the heap runs
  // on Config.policy.
  constexpr Heap(Source source, const HeapPolicy& policy) requires(kFeatures.runtime_policy != 0)
      : core_(source, policy) {}
  constexpr Heap() requires requires { Source{}; } : Heap(Source{}) {
  }

  // A heap holds addresses into itself: it is neither copied nor moved.
  Heap(const Heap&) = delete;
  Heap& operator=(const Heap&) = delete;

  // malloc: nullptr when `size` bytes cannot be had (never a smaller block).
  void* allocate(size_t size) {
    return locked([&] { return core_.allocate(size); });
  }
  // calloc: nullptr when count * size overflows.
  void* allocate_zeroed(size_t count, size_t size) {
    return locked([&] { return core_.allocate_zeroed(count, size); });
  }
  // realloc: in place when it can be (with realloc_in_place; without it only a size that
  // still fits keeps the block).
  void* reallocate(void* pointer, size_t size) {
    return locked([&] { return core_.reallocate(pointer, size); });
  }
  void deallocate(void* pointer) {
    locked([&] {
      core_.deallocate(pointer);
      return 0;
    });
  }
  size_t usable_size(const void* pointer) {
    return locked([&] { return core_.usable_size(pointer); });
  }
  size_t trim(size_t pad) {
    return locked([&] { return core_.trim(pad); });
  }
  // aligned_alloc / memalign: `alignment` must be a power of two.
  void* allocate_aligned(size_t alignment, size_t size) requires(kFeatures.aligned != 0) {
    return locked([&] { return core_.allocate_aligned(alignment, size); });
  }

  HeapStats stats() requires(kFeatures.statistics != 0) {
    return locked([&] { return core_.stats(); });
  }
  // Verifies every block and free list; false (and *error filled) on the first problem.
  bool check(HeapError* error = nullptr) requires(kFeatures.inspection != 0) {
    return locked([&] { return core_.check(error); });
  }
  void walk(tide_walk_fn fn, void* context) requires(kFeatures.inspection != 0) {
    locked([&] {
      core_.walk(fn, context);
      return 0;
    });
  }
  bool owns(const void* pointer) requires(kFeatures.inspection != 0) {
    return locked([&] { return core_.owns(pointer); });
  }

  PolicyError set_policy(const HeapPolicy& policy) requires(kFeatures.runtime_policy != 0) {
    return locked([&] { return core_.set_policy(policy); });
  }
  PolicyError set_option(int option, size_t value) requires(kFeatures.runtime_policy != 0) {
    return locked([&] { return core_.set_option(option, value); });
  }
  HeapPolicy policy() {
    return locked([&] { return core_.policy(); });
  }
  void set_error_hook(tide_error_hook hook, void* context) requires(kFeatures.error_hook != 0) {
    locked([&] {
      core_.set_error_hook(hook, context);
      return 0;
    });
  }
  void set_oom_handler(tide_oom_handler handler,
                       void* context) requires(kFeatures.oom_handler != 0) {
    locked([&] {
      core_.set_oom_handler(handler, context);
      return 0;
    });
  }

  Source& source() { return core_.source(); }
  Lock& lock() { return lock_; }

 private:
  template <class F>
  __attribute__((always_inline)) auto locked(F&& operation) {
    detail::LockGuard<Lock> guard(lock_);
    return operation();
  }

  [[no_unique_address]] Lock lock_{};
  Core core_;
};

}  // namespace tide

#endif  // TIDE_HEAP_H_
