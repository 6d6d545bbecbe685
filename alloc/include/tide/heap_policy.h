// The heap policy flags: one table naming each option, its environment variable and its
// compile-time default, and the functions that validate and change a policy. Invalid
// values are refused (the policy is left as it was), never clamped.
#ifndef TIDE_HEAP_POLICY_H_
#define TIDE_HEAP_POLICY_H_

#include <stddef.h>

#include "tide/heap_config.h"
#include "tide/heap_types.h"

namespace tide {

using HeapPolicy = tide_heap_policy;
using PolicyError = tide_policy_error;

// The compile-time defaults (CMake options TIDE_GRANULARITY, TIDE_MIN_GROW, ...).
constexpr HeapPolicy default_policy() {
  HeapPolicy policy{};
  policy.granularity = TIDE_DEFAULT_GRANULARITY;
  policy.min_grow = TIDE_DEFAULT_MIN_GROW;
  policy.trim_threshold = TIDE_DEFAULT_TRIM_THRESHOLD;
  policy.top_pad = TIDE_DEFAULT_TOP_PAD;
  policy.max_heap = TIDE_DEFAULT_MAX_HEAP;
  policy.trim = TIDE_DEFAULT_TRIM;
  policy.poison = TIDE_DEFAULT_POISON;
  policy.check = TIDE_DEFAULT_CHECK;
  policy.adaptive_trim = TIDE_DEFAULT_ADAPTIVE_TRIM;
  return policy;
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
PolicyError validate_policy(const HeapPolicy& policy);

// Sets one option in `policy` if the result is valid; otherwise leaves it unchanged.
PolicyError set_policy_option(HeapPolicy& policy, int option, size_t value);
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
                              const char** bad_name);

}  // namespace tide

#endif  // TIDE_HEAP_POLICY_H_
