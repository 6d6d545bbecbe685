// TIDE_* environment variables → the global heap's policy, with a clear message for a
// value Tide cannot use. The message is put together in a fixed buffer and written with
// write(2): this runs inside the first malloc of the drop-in, where nothing may allocate.
#include "tide/host/environment.h"

#include <stdlib.h>
#include <string.h>

#include "tide/malloc.h"
#include "tide/platform.h"

namespace tide::host {
namespace {

const char* read_environment(const char* name) {
  return getenv(name);
}

const char* explain(tide_policy_error error) {
  switch (error) {
    case TIDE_POLICY_NOT_POWER_OF_TWO:
      return "must be a power of two";
    case TIDE_POLICY_OUT_OF_RANGE:
      return "out of range";
    case TIDE_POLICY_BAD_TEXT:
      return "not understood (sizes: 65536, 0x10000, 64K, 2M, 1G; flags: on/off; "
             "TIDE_CHECK: off/cheap/full)";
    case TIDE_POLICY_UNKNOWN_OPTION:
      return "unknown option";
    case TIDE_POLICY_NOT_BUILT_IN:
      return "not built into this library (its profile leaves the feature out)";
    case TIDE_POLICY_OK:
      break;
  }
  return "invalid";
}

// Appends text to [buffer, end) while there is room; returns the new end of the text.
char* append(char* out, const char* end, const char* text, size_t limit = ~size_t{0}) {
  for (size_t i = 0; text[i] != '\0' && i < limit && out < end; ++i)
    *out++ = text[i];
  return out;
}

void report(const char* name, tide_policy_error error) {
  const char* value = name != nullptr ? getenv(name) : nullptr;
  char message[512];
  const char* const end = message + sizeof message;
  char* out = append(message, end, "tide: ignoring the TIDE_* environment: ");
  out = append(out, end, name != nullptr ? name : "(unknown variable)");
  if (value != nullptr) {
    out = append(out, end, "=\"");
    out = append(out, end, value, 64);
    if (strlen(value) > 64) out = append(out, end, "...");
    out = append(out, end, "\"");
  }
  out = append(out, end, " is ");
  out = append(out, end, explain(error));
  out = append(out, end, "; the heap keeps its default policy\n");
  tide_platform_write_error(message, static_cast<size_t>(out - message));
}

}  // namespace

bool apply_environment_policy() {
  const char* bad_name = nullptr;
  const tide_policy_error error = tide_apply_environment(&read_environment, &bad_name);
  if (error == TIDE_POLICY_OK) return true;
  report(bad_name, error);
  return false;
}

}  // namespace tide::host
