// The heap's compile-time features and the three named profiles: one table.
//
// Every optional part of a Tide heap is chosen when the program is built, never at run
// time: a feature left out is not in the binary, costs no control state and no
// instruction, and asking for it fails to compile (a member of tide::Heap, a setter of
// its option) or to link (a tide_* function of the C API). The table below is the one
// place that lists them; everything else is derived from it:
//   * the HeapFeatures struct and the three profiles (its columns);
//   * the CMake options TIDE_FEATURE_<NAME> and what each alloc library variant is built
//     with (cmake/TideHeapOptions.cmake reads these rows), written as TIDE_HAS_<NAME>
//     into the variant's generated tide/heap_config.h;
//   * kBuildConfig, the configuration of the C API's global heap.
//
// Profiles nest: minimal is a subset of board, board a subset of full.
//   minimal  malloc, free, realloc, calloc (and usable_size, tide_trim); the break grows
//            and is given back under the compile-time policy. Nothing else.
//   board    minimal + cheap checks + statistics + heap walk and integrity check
//            (tide_stats, tide_check, tide_walk). The boards' default.
//   full     everything: the host's default and the drop-in's.
#ifndef TIDE_HEAP_FEATURES_H_
#define TIDE_HEAP_FEATURES_H_

#include <stddef.h>
#include <stdint.h>

#include "tide/heap_config.h"
#include "tide/heap_types.h"

// X(field, NAME, minimal, board, full, what it gives)
// `checks` is a level (0 none, 1 cheap, 2 full: tide_check_level); the rest are 0 or 1.
#define TIDE_HEAP_FEATURE_TABLE(X)                                                                 \
  X(checks, CHECKS, 0, 1, 2,                                                                       \
    "highest check level built in: cheap checks argument and header of free, realloc and "         \
    "usable_size and each free block malloc takes; full walks the heap on every call")             \
  X(statistics, STATISTICS, 0, 1, 1, "counters kept on every call; tide_stats")                    \
  X(inspection, INSPECTION, 0, 1, 1, "heap walk and integrity check: tide_walk, tide_check")       \
  X(poisoning, POISONING, 0, 0, 1, "the poison option: freed memory filled and checked")           \
  X(aligned, ALIGNED, 0, 0, 1, "aligned_alloc, posix_memalign, memalign and aligned operator new") \
  X(realloc_in_place, REALLOC_IN_PLACE, 0, 0, 1,                                                   \
    "realloc grows into the next free block or the break and splits off a shrunk tail")            \
  X(span_adoption, SPAN_ADOPTION, 0, 0, 1,                                                         \
    "growth goes on in a new span after someone else moved the break")                             \
  X(runtime_policy, RUNTIME_POLICY, 0, 0, 1,                                                       \
    "policy setters (tide_mallopt, tide_set_option, ...) and the TIDE_* environment")              \
  X(error_hook, ERROR_HOOK, 0, 0, 1, "tide_set_error_hook: a detected error calls the hook")       \
  X(oom_handler, OOM_HANDLER, 0, 0, 1, "tide_set_oom_handler: a failed growth calls it")           \
  X(lock_hooks, LOCK_HOOKS, 0, 0, 1, "tide_set_lock_hooks: the global heap takes a lock")

namespace tide {

// One value per row of the table.
struct HeapFeatures {
#define TIDE_FEATURE_FIELD(field, NAME, minimal, board, full, what) uint8_t field;
  TIDE_HEAP_FEATURE_TABLE(TIDE_FEATURE_FIELD)
#undef TIDE_FEATURE_FIELD
};

enum class HeapProfile : uint8_t { minimal, board, full };

// A profile's column of the table.
constexpr HeapFeatures profile_features(HeapProfile profile) {
  HeapFeatures features{};
#define TIDE_FEATURE_COLUMN(field, NAME, in_minimal, in_board, in_full, what) \
  features.field = profile == HeapProfile::minimal ? in_minimal               \
                   : profile == HeapProfile::board ? in_board                 \
                                                   : in_full;
  TIDE_HEAP_FEATURE_TABLE(TIDE_FEATURE_COLUMN)
#undef TIDE_FEATURE_COLUMN
  return features;
}

// One row of the table, for documentation and tests.
struct HeapFeatureInfo {
  const char* name;
  uint8_t HeapFeatures::*field;
  uint8_t in_profile[3];  // minimal, board, full
  const char* what;
};

inline constexpr HeapFeatureInfo kHeapFeatures[] = {
#define TIDE_FEATURE_INFO(field, NAME, minimal, board, full, what) \
  {#field, &HeapFeatures::field, {minimal, board, full}, what},
    TIDE_HEAP_FEATURE_TABLE(TIDE_FEATURE_INFO)
#undef TIDE_FEATURE_INFO
};

// Everything a heap is built with: its features, its compile-time policy (the policy in
// force when runtime_policy is left out, the initial one otherwise) and the size of its
// free-list table (classes for blocks below 2^max_block_log2 bytes, 2^second_level_log2
// classes per power of two).
struct HeapConfig {
  HeapFeatures features;
  tide_heap_policy policy;
  uint8_t max_block_log2;
  uint8_t second_level_log2;
};

// The compile-time defaults (CMake options TIDE_GRANULARITY, TIDE_MIN_GROW, ...).
constexpr tide_heap_policy build_policy() {
  tide_heap_policy policy{};
#define TIDE_OPTION_DEFAULT_(field, NAME, id, kind, type, board, host) \
  policy.field = TIDE_DEFAULT_##NAME;
  TIDE_HEAP_OPTION_TABLE(TIDE_OPTION_DEFAULT_)
#undef TIDE_OPTION_DEFAULT_
  return policy;
}

// A heap configuration that a feature set can hold: the policy asks for nothing that is
// not built in, and the full check level (a walk) has the walker. The heap static_asserts
// this for its configuration.
constexpr bool config_is_consistent(const HeapConfig& config) {
  const HeapFeatures& f = config.features;
  return f.checks <= TIDE_CHECK_FULL && config.policy.check <= f.checks &&
         (f.checks < TIDE_CHECK_FULL || f.inspection) &&
         (config.policy.poison == 0 || f.poisoning) && config.second_level_log2 >= 1 &&
         config.second_level_log2 <= 5 && config.max_block_log2 >= 10 &&
         config.max_block_log2 < 8 * sizeof(size_t) - 1;
}

// A profile with the build's policy defaults and free-list table; a policy the profile
// cannot hold (a check level above its checks, poisoning without poisoning) is lowered
// to what it has.
constexpr HeapConfig profile_config(HeapProfile profile) {
  HeapConfig config{profile_features(profile), build_policy(), TIDE_MAX_BLOCK_LOG2,
                    TIDE_SECOND_LEVEL_LOG2};
  if (config.policy.check > config.features.checks) config.policy.check = config.features.checks;
  if (!config.features.poisoning) config.policy.poison = 0;
  return config;
}

// The same configuration with another compile-time policy (tests, benchmarks).
constexpr HeapConfig with_policy(HeapConfig config, const tide_heap_policy& policy) {
  config.policy = policy;
  return config;
}

inline constexpr HeapConfig kMinimalConfig = profile_config(HeapProfile::minimal);
inline constexpr HeapConfig kBoardConfig = profile_config(HeapProfile::board);
inline constexpr HeapConfig kFullConfig = profile_config(HeapProfile::full);

// This library variant's configuration (TIDE_PROFILE and the TIDE_FEATURE_* options):
// the C API's global heap, and the default of tide::Heap.
constexpr HeapConfig build_config() {
  HeapConfig config{};
#define TIDE_FEATURE_BUILT(field, NAME, minimal, board, full, what) \
  config.features.field = TIDE_HAS_##NAME;
  TIDE_HEAP_FEATURE_TABLE(TIDE_FEATURE_BUILT)
#undef TIDE_FEATURE_BUILT
  config.policy = build_policy();
  config.max_block_log2 = TIDE_MAX_BLOCK_LOG2;
  config.second_level_log2 = TIDE_SECOND_LEVEL_LOG2;
  return config;
}
inline constexpr HeapConfig kBuildConfig = build_config();
static_assert(kBuildConfig.max_block_log2 >= 10 &&
                  kBuildConfig.max_block_log2 < 8 * sizeof(size_t) - 1,
              "TIDE_MAX_BLOCK_LOG2 must be at least 10 and below the word size minus one");
static_assert(config_is_consistent(kBuildConfig),
              "TIDE_CHECK or TIDE_POISON asks for a feature this build leaves out");

}  // namespace tide

#endif  // TIDE_HEAP_FEATURES_H_
