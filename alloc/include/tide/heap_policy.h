// The heap policy flags: one table naming each option, its environment variable and its
// compile-time default, and the functions that validate and change a policy. Invalid
// values are refused (the policy is left as it was), never clamped.
//
// A heap built without the runtime_policy feature (tide/heap_features.h) runs on its
// compile-time policy and has no setter: then only validate_policy is used, at compile
// time. The parser and the environment (heap_policy.cpp) belong to runtime_policy.
#ifndef TIDE_HEAP_POLICY_H_
#define TIDE_HEAP_POLICY_H_

#include <stddef.h>

#include "tide/heap_features.h"
#include "tide/heap_types.h"

namespace tide {

using HeapPolicy = tide_heap_policy;
using PolicyError = tide_policy_error;

// The compile-time defaults (CMake options TIDE_GRANULARITY, TIDE_MIN_GROW, ...).
constexpr HeapPolicy default_policy() {
  return build_policy();
}

// One row of the option table.
struct HeapOptionInfo {
  tide_option option;
  const char* name;         // as in the README table
  const char* environment;  // variable read by the Linux drop-in
  bool is_size;             // accepts K/M/G suffixes
};

inline constexpr HeapOptionInfo kHeapOptions[] = {
    {TIDE_OPT_GRANULARITY, "granularity", "TIDE_GRANULARITY", true},
    {TIDE_OPT_MIN_GROW, "min_grow", "TIDE_MIN_GROW", true},
    {TIDE_OPT_TRIM, "trim", "TIDE_TRIM", false},
    {TIDE_OPT_TRIM_THRESHOLD, "trim_threshold", "TIDE_TRIM_THRESHOLD", true},
    {TIDE_OPT_TOP_PAD, "top_pad", "TIDE_TOP_PAD", true},
    {TIDE_OPT_MAX_HEAP, "max_heap", "TIDE_MAX_HEAP", true},
    {TIDE_OPT_POISON, "poison", "TIDE_POISON", false},
    {TIDE_OPT_CHECK, "check", "TIDE_CHECK", false},
    {TIDE_OPT_ADAPTIVE_TRIM, "adaptive_trim", "TIDE_ADAPTIVE_TRIM", false},
};

// The largest value any size option accepts (half the address space).
inline constexpr size_t kMaxPolicySize = static_cast<size_t>(-1) / 2 + 1;

// Checks a whole policy: granularity 0 or a power of two no larger than kMaxPolicySize,
// sizes no larger than kMaxPolicySize, trim/poison/adaptive_trim 0 or 1, check 0..2.
// Against `features` (when given): a check level above the built-in checks, or poisoning
// without the poisoning feature, is TIDE_POLICY_NOT_BUILT_IN.
constexpr PolicyError validate_policy(const HeapPolicy& policy,
                                      const HeapFeatures* features = nullptr) {
  const size_t granularity = policy.granularity;
  if (granularity != 0 &&
      ((granularity & (granularity - 1)) != 0 || granularity > kMaxPolicySize)) {
    return (granularity & (granularity - 1)) == 0 ? TIDE_POLICY_OUT_OF_RANGE
                                                  : TIDE_POLICY_NOT_POWER_OF_TWO;
  }
  if (policy.min_grow > kMaxPolicySize || policy.trim_threshold > kMaxPolicySize ||
      policy.max_heap > kMaxPolicySize || policy.top_pad > kMaxPolicySize || policy.trim > 1 ||
      policy.poison > 1 || policy.adaptive_trim > 1 || policy.check > TIDE_CHECK_FULL) {
    return TIDE_POLICY_OUT_OF_RANGE;
  }
  if (features != nullptr &&
      (policy.check > features->checks || (policy.poison != 0 && features->poisoning == 0))) {
    return TIDE_POLICY_NOT_BUILT_IN;
  }
  return TIDE_POLICY_OK;
}

// Sets one option in `policy` if the result is valid (for `features`, when given);
// otherwise leaves it unchanged.
PolicyError set_policy_option(HeapPolicy& policy, int option, size_t value,
                              const HeapFeatures* features = nullptr);
// Reads one option. Returns false for an unknown option.
bool get_policy_option(const HeapPolicy& policy, int option, size_t* value);

// Parses an option value: decimal or 0x-hex, with an optional K, M or G suffix for size
// options (powers of 1024, any case, optionally followed by B or iB: 4K, 4k, 4KB, 4KiB);
// "on"/"off", "yes"/"no", "true"/"false" (any case) for flags; "off"/"cheap"/"full" for
// the check level. Overflow is an error. Returns false for anything else.
bool parse_option_value(const HeapOptionInfo& info, const char* text, size_t* value);

// Applies every option whose environment variable `getenv_fn` knows. All values are
// parsed and validated before any is applied: on error the policy is unchanged and
// *bad_name (if not null) names the variable.
PolicyError apply_environment(HeapPolicy& policy, const char* (*getenv_fn)(const char*),
                              const char** bad_name, const HeapFeatures* features = nullptr);

}  // namespace tide

#endif  // TIDE_HEAP_POLICY_H_
