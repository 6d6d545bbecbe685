// Validation, parsing and environment handling of the heap policy flags.
#include "tide/heap_policy.h"

namespace tide {

namespace {

bool equals_ignoring_case(const char* text, const char* word) {
  for (; *word != '\0'; ++text, ++word) {
    char c = *text;
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != *word) return false;
  }
  return *text == '\0';
}

// Decimal or 0x-hex digits, then an optional binary suffix when `sized`.
bool parse_number(const char* text, bool sized, size_t* value) {
  size_t base = 10;
  if (text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    base = 16;
    text += 2;
  }
  size_t result = 0;
  const char* digits = text;
  for (;; ++text) {
    size_t digit;
    const char c = *text;
    if (c >= '0' && c <= '9') {
      digit = static_cast<size_t>(c - '0');
    } else if (base == 16 && c >= 'a' && c <= 'f') {
      digit = static_cast<size_t>(c - 'a' + 10);
    } else if (base == 16 && c >= 'A' && c <= 'F') {
      digit = static_cast<size_t>(c - 'A' + 10);
    } else {
      break;
    }
    if (__builtin_mul_overflow(result, base, &result) ||
        __builtin_add_overflow(result, digit, &result)) {
      return false;
    }
  }
  if (text == digits) return false;
  unsigned shift = 0;
  if (*text != '\0') {
    if (!sized) return false;
    const char unit = static_cast<char>(*text | 0x20);
    shift = unit == 'k' ? 10 : unit == 'm' ? 20 : unit == 'g' ? 30 : 0;
    if (shift == 0) return false;
    ++text;
    if (!(equals_ignoring_case(text, "") || equals_ignoring_case(text, "b") ||
          equals_ignoring_case(text, "ib"))) {
      return false;
    }
    if (result > (static_cast<size_t>(-1) >> shift)) return false;
    result <<= shift;
  }
  *value = result;
  return true;
}

}  // namespace

PolicyError set_policy_option(HeapPolicy& policy, int option, size_t value,
                              const HeapFeatures* features) {
  const HeapOptionInfo* info = find_option(option);
  if (info == nullptr) return TIDE_POLICY_UNKNOWN_OPTION;
  // A flag or level field is narrower than the value: refuse before it could truncate.
  if (!info->is_size() && value > info->max()) return TIDE_POLICY_OUT_OF_RANGE;
  HeapPolicy changed = policy;
  info->set(changed, value);
  const PolicyError error = validate_policy(changed, features);
  if (error == TIDE_POLICY_OK) policy = changed;
  return error;
}

bool get_policy_option(const HeapPolicy& policy, int option, size_t* value) {
  const HeapOptionInfo* info = find_option(option);
  if (info == nullptr) return false;
  *value = info->get(policy);
  return true;
}

bool parse_option_value(const HeapOptionInfo& info, const char* text, size_t* value) {
  if (text == nullptr) return false;
  if (info.kind == OptionKind::kLevel) {
    static constexpr const char* kLevels[] = {"off", "cheap", "full"};
    for (size_t level = 0; level < 3; ++level) {
      if (equals_ignoring_case(text, kLevels[level])) {
        *value = level;
        return true;
      }
    }
  } else if (info.kind == OptionKind::kFlag) {
    if (equals_ignoring_case(text, "on") || equals_ignoring_case(text, "yes") ||
        equals_ignoring_case(text, "true")) {
      *value = 1;
      return true;
    }
    if (equals_ignoring_case(text, "off") || equals_ignoring_case(text, "no") ||
        equals_ignoring_case(text, "false")) {
      *value = 0;
      return true;
    }
  }
  return parse_number(text, info.is_size(), value);
}

PolicyError apply_environment(HeapPolicy& policy, const char* (*getenv_fn)(const char*),
                              const char** bad_name, const HeapFeatures* features) {
  HeapPolicy changed = policy;
  for (const HeapOptionInfo& info : kHeapOptions) {
    const char* text = getenv_fn(info.environment);
    if (text == nullptr) continue;
    size_t value = 0;
    PolicyError error = TIDE_POLICY_BAD_TEXT;
    if (parse_option_value(info, text, &value)) {
      error = set_policy_option(changed, info.option, value, features);
    }
    if (error != TIDE_POLICY_OK) {
      if (bad_name != nullptr) *bad_name = info.environment;
      return error;
    }
  }
  policy = changed;
  return TIDE_POLICY_OK;
}

}  // namespace tide
