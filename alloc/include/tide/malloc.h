// Tide's C API: the malloc family over one global heap, plus trimming and, as the library
// variant is built with them (tide/heap_features.h; TIDE_HAS_* in tide/heap_config.h),
// aligned allocation, statistics, checking and walking, policy setters and hooks. A
// function whose feature is left out is not declared: using it does not compile. The
// global heap takes its memory from the platform (tide/platform.h). These prefixed names
// always exist; the standard names (malloc, free, ...) come from linking
// tide::alloc_std_names as well.
#ifndef TIDE_MALLOC_H_
#define TIDE_MALLOC_H_

#include <stddef.h>

#include "tide/heap_config.h"
#include "tide/heap_types.h"

#ifdef __cplusplus
extern "C" {
#endif

// The C standard's behaviour, including errno where the platform has one (ENOMEM on
// failure; EINVAL for a bad alignment). A request that cannot be represented (such as
// malloc(SIZE_MAX) or an overflowing calloc) returns NULL: never a smaller block.
void* tide_malloc(size_t size);
void tide_free(void* pointer);
void* tide_calloc(size_t count, size_t size);
void* tide_realloc(void* pointer, size_t size);
size_t tide_malloc_usable_size(const void* pointer);

// Gives back every free byte above the top except `pad`; returns the bytes given back.
size_t tide_trim(size_t pad);
// The policy in force, and the compile-time default policy (CMake options TIDE_*).
void tide_get_policy(struct tide_heap_policy* policy);
struct tide_heap_policy tide_default_policy(void);

#if TIDE_HAS_ALIGNED
void* tide_aligned_alloc(size_t alignment, size_t size);
int tide_posix_memalign(void** result, size_t alignment, size_t size);
void* tide_memalign(size_t alignment, size_t size);
#endif

#if TIDE_HAS_STATISTICS
// Statistics of the global heap.
void tide_stats(struct tide_heap_stats* stats);
#endif

#if TIDE_HAS_INSPECTION
// Verifies the whole heap. Returns 1 when it is sound; otherwise 0 with *error (if not
// NULL) saying what and where.
int tide_check(struct tide_heap_error* error);
// Reports every block in address order until fn returns 0.
void tide_walk(tide_walk_fn fn, void* context);
#endif

#if TIDE_HAS_RUNTIME_POLICY
// tide_mallopt returns 1 on success and 0 (changing nothing) on a bad option or value,
// like mallopt; tide_set_option says why (TIDE_POLICY_NOT_BUILT_IN for a check level or
// poisoning the variant is built without).
int tide_mallopt(int option, size_t value);
enum tide_policy_error tide_set_option(int option, size_t value);
int tide_get_option(int option, size_t* value);
enum tide_policy_error tide_set_policy(const struct tide_heap_policy* policy);
// Reads TIDE_GRANULARITY, TIDE_MIN_GROW, ... from `getenv` (any function that maps a
// name to a value or NULL) and applies them. Returns TIDE_POLICY_OK or the first error,
// with *bad_name naming the variable at fault.
enum tide_policy_error tide_apply_environment(const char* (*getenv_fn)(const char* name),
                                              const char** bad_name);
#endif

// Hooks (NULL restores the default).
#if TIDE_HAS_ERROR_HOOK
void tide_set_error_hook(tide_error_hook hook, void* context);
#endif
#if TIDE_HAS_OOM_HANDLER
void tide_set_oom_handler(tide_oom_handler handler, void* context);
#endif
#if TIDE_HAS_LOCK_HOOKS
void tide_set_lock_hooks(tide_lock_fn lock, tide_lock_fn unlock, void* context);
#endif

#ifdef __cplusplus
}
#endif

#endif  // TIDE_MALLOC_H_
