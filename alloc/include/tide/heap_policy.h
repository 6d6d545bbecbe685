// The heap policy flags: the option table (derived from TIDE_HEAP_OPTION_TABLE in
// tide/heap_types.h: name, environment variable, kind, range, getter and setter), and the
// functions that validate and change a policy. Invalid values are refused (the policy is
// left as it was), never clamped.
//
// A heap built without the runtime_policy feature (tide/heap_features.h) runs on its
// compile-time policy and has no setter: then only validate_policy is used, at compile
// time. The parser and the environment (heap_policy.cpp) belong to runtime_policy.
#ifndef TIDE_HEAP_POLICY_H_
#define TIDE_HEAP_POLICY_H_

#include <stddef.h>

#include "tide/common/bits.h"

#include "tide/heap_features.h"
#include "tide/heap_types.h"

namespace tide {

using HeapPolicy = tide_heap_policy;
using PolicyError = tide_policy_error;

// The compile-time defaults (CMake options TIDE_GRANULARITY, TIDE_MIN_GROW, ...).
constexpr HeapPolicy default_policy() {
  return build_policy();
}

// What values an option takes (the kind column of TIDE_HEAP_OPTION_TABLE).
enum class OptionKind : uint8_t { kSize, kPow2Size, kFlag, kLevel };

// The largest value any size option accepts (half the address space).
inline constexpr size_t kMaxPolicySize = static_cast<size_t>(-1) / 2 + 1;

// One row of the option table.
struct HeapOptionInfo {
  tide_option option;
  const char* name;         // as in the README table
  const char* environment;  // variable read by the Linux drop-in: TIDE_<NAME>
  OptionKind kind;
  size_t (*get)(const HeapPolicy&);
  void (*set)(HeapPolicy&, size_t);  // (a value checked against max())

  // Sizes accept K/M/G suffixes.
  constexpr bool is_size() const {
    return kind == OptionKind::kSize || kind == OptionKind::kPow2Size;
  }
  constexpr size_t max() const {
    return is_size() ? kMaxPolicySize : kind == OptionKind::kFlag ? 1 : TIDE_CHECK_FULL;
  }
};

#define TIDE_OPTION_KIND_SIZE OptionKind::kSize
#define TIDE_OPTION_KIND_POW2_SIZE OptionKind::kPow2Size
#define TIDE_OPTION_KIND_FLAG OptionKind::kFlag
#define TIDE_OPTION_KIND_LEVEL OptionKind::kLevel
#define TIDE_OPTION_ROW_(field, NAME, id, kind, type, board, host)  \
  {TIDE_OPT_##NAME,                                                 \
   #field,                                                          \
   "TIDE_" #NAME,                                                   \
   TIDE_OPTION_KIND_##kind,                                         \
   [](const HeapPolicy& policy) -> size_t { return policy.field; }, \
   [](HeapPolicy& policy, size_t value) { policy.field = static_cast<type>(value); }},
inline constexpr HeapOptionInfo kHeapOptions[] = {TIDE_HEAP_OPTION_TABLE(TIDE_OPTION_ROW_)};
#undef TIDE_OPTION_ROW_
#undef TIDE_OPTION_KIND_SIZE
#undef TIDE_OPTION_KIND_POW2_SIZE
#undef TIDE_OPTION_KIND_FLAG
#undef TIDE_OPTION_KIND_LEVEL

// The row of `option`, or nullptr.
constexpr const HeapOptionInfo* find_option(int option) {
  for (const HeapOptionInfo& info : kHeapOptions) {
    if (info.option == option) return &info;
  }
  return nullptr;
}

// Checks a whole policy, row by row in table order: each value within its kind's range
// (a POW2_SIZE also 0 or a power of two). Against `features` (when given): a check level
// above the built-in checks, or poisoning without the poisoning feature, is
// TIDE_POLICY_NOT_BUILT_IN.
constexpr PolicyError validate_policy(const HeapPolicy& policy,
                                      const HeapFeatures* features = nullptr) {
  for (const HeapOptionInfo& info : kHeapOptions) {
    const size_t value = info.get(policy);
    if (info.kind == OptionKind::kPow2Size && value != 0 && !common::is_power_of_two(value)) {
      return TIDE_POLICY_NOT_POWER_OF_TWO;
    }
    if (value > info.max()) return TIDE_POLICY_OUT_OF_RANGE;
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
