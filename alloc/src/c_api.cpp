// Tide's C API: the malloc family over one global heap whose memory comes from the
// platform's sbrk (tide/platform.h), built with this library variant's features
// (kBuildConfig). A function whose feature is left out is not defined here (nor declared
// in tide/malloc.h): calling it fails to compile or to link.
#include "tide/heap.h"
#include "tide/malloc.h"
#include "tide/platform.h"

#if defined(__STDC_HOSTED__) && __STDC_HOSTED__ && __has_include(<errno.h>)
#include <errno.h>
#define TIDE_SET_ERRNO(value) (errno = (value))
#else
// No errno on a freestanding target: the values are only returned (posix_memalign).
#define EINVAL 22
#define ENOMEM 12
#define TIDE_SET_ERRNO(value) ((void)0)
#endif

extern "C" {

__attribute__((weak)) void* tide_platform_sbrk(intptr_t increment) {
  (void)increment;
  return reinterpret_cast<void*>(-1);
}

__attribute__((weak)) size_t tide_platform_break_granularity(void) {
  return 0;
}

__attribute__((weak)) size_t tide_platform_zero_fill_granule(void) {
  return 0;
}

}  // extern "C"

namespace {

constexpr intptr_t kMaxIncrement = INTPTR_MAX;

// The platform's program break as a memory source.
struct PlatformBreakSource {
  void* grow(size_t bytes) {
    if (bytes > static_cast<size_t>(kMaxIncrement)) return nullptr;
    void* previous = tide_platform_sbrk(static_cast<intptr_t>(bytes));
    return previous == reinterpret_cast<void*>(-1) ? nullptr : previous;
  }
  bool shrink(size_t bytes) {
    if (bytes > static_cast<size_t>(kMaxIncrement)) return false;
    return tide_platform_sbrk(-static_cast<intptr_t>(bytes)) != reinterpret_cast<void*>(-1);
  }
  void* current_break() { return tide_platform_sbrk(0); }
  size_t break_granularity() const { return tide_platform_break_granularity(); }
  size_t zero_fill_granule() const { return tide_platform_zero_fill_granule(); }
};

// Lock hooks set with tide_set_lock_hooks; none by default.
struct HookLock {
  tide_lock_fn acquire = nullptr;
  tide_lock_fn release = nullptr;
  void* context = nullptr;
  __attribute__((always_inline)) void lock() {
    if (acquire != nullptr) acquire(context);
  }
  __attribute__((always_inline)) void unlock() {
    if (release != nullptr) release(context);
  }
};

constexpr tide::HeapConfig kConfig = tide::kBuildConfig;

// Without lock hooks the entry points call the heap directly.
template <bool kLockHooks>
struct GlobalLockFor {
  using Type = tide::NoLock;
};
template <>
struct GlobalLockFor<true> {
  using Type = HookLock;
};
using GlobalLock = GlobalLockFor<kConfig.features.lock_hooks != 0>::Type;

constinit tide::Heap<PlatformBreakSource, GlobalLock, kConfig> global_heap{PlatformBreakSource{}};

void* or_enomem(void* pointer) {
  if (pointer == nullptr) TIDE_SET_ERRNO(ENOMEM);
  return pointer;
}

}  // namespace

extern "C" {

void* tide_malloc(size_t size) {
  return or_enomem(global_heap.allocate(size));
}

void tide_free(void* pointer) {
  global_heap.deallocate(pointer);
}

void* tide_calloc(size_t count, size_t size) {
  return or_enomem(global_heap.allocate_zeroed(count, size));
}

void* tide_realloc(void* pointer, size_t size) {
  void* result = global_heap.reallocate(pointer, size);
  if (result == nullptr && size != 0) TIDE_SET_ERRNO(ENOMEM);
  return result;
}

size_t tide_malloc_usable_size(const void* pointer) {
  return global_heap.usable_size(pointer);
}

size_t tide_trim(size_t pad) {
  return global_heap.trim(pad);
}

void tide_get_policy(struct tide_heap_policy* policy) {
  *policy = global_heap.policy();
}

struct tide_heap_policy tide_default_policy(void) {
  return tide::default_policy();
}

#if TIDE_HAS_ALIGNED
void* tide_aligned_alloc(size_t alignment, size_t size) {
  if (!tide::block::is_power_of_two(alignment)) {
    TIDE_SET_ERRNO(EINVAL);
    return nullptr;
  }
  return or_enomem(global_heap.allocate_aligned(alignment, size));
}

void* tide_memalign(size_t alignment, size_t size) {
  return tide_aligned_alloc(alignment, size);
}

int tide_posix_memalign(void** result, size_t alignment, size_t size) {
  if (!tide::block::is_power_of_two(alignment) || alignment % sizeof(void*) != 0) return EINVAL;
  void* pointer = global_heap.allocate_aligned(alignment, size);
  if (pointer == nullptr) return ENOMEM;
  *result = pointer;
  return 0;
}
#endif

#if TIDE_HAS_STATISTICS
void tide_stats(struct tide_heap_stats* stats) {
  *stats = global_heap.stats();
}
#endif

#if TIDE_HAS_INSPECTION
int tide_check(struct tide_heap_error* error) {
  return global_heap.check(error) ? 1 : 0;
}

void tide_walk(tide_walk_fn fn, void* context) {
  global_heap.walk(fn, context);
}
#endif

#if TIDE_HAS_RUNTIME_POLICY
int tide_mallopt(int option, size_t value) {
  return global_heap.set_option(option, value) == TIDE_POLICY_OK ? 1 : 0;
}

enum tide_policy_error tide_set_option(int option, size_t value) {
  return global_heap.set_option(option, value);
}

int tide_get_option(int option, size_t* value) {
  return tide::get_policy_option(global_heap.policy(), option, value) ? 1 : 0;
}

enum tide_policy_error tide_set_policy(const struct tide_heap_policy* policy) {
  return global_heap.set_policy(*policy);
}

enum tide_policy_error tide_apply_environment(const char* (*getenv_fn)(const char* name),
                                              const char** bad_name) {
  tide::HeapPolicy policy = global_heap.policy();
  const tide_policy_error error =
      tide::apply_environment(policy, getenv_fn, bad_name, &kConfig.features);
  return error == TIDE_POLICY_OK ? global_heap.set_policy(policy) : error;
}
#endif

#if TIDE_HAS_ERROR_HOOK
void tide_set_error_hook(tide_error_hook hook, void* context) {
  global_heap.set_error_hook(hook, context);
}
#endif

#if TIDE_HAS_OOM_HANDLER
void tide_set_oom_handler(tide_oom_handler handler, void* context) {
  global_heap.set_oom_handler(handler, context);
}
#endif

#if TIDE_HAS_LOCK_HOOKS
void tide_set_lock_hooks(tide_lock_fn lock, tide_lock_fn unlock, void* context) {
  HookLock& hooks = global_heap.lock();
  hooks.acquire = lock;
  hooks.release = unlock;
  hooks.context = context;
}
#endif

}  // extern "C"
