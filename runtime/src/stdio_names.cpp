// printf and puts under their standard names, for apps (the host backend's tests use the
// tide::rt names, so that the host's own printf stays the C library's).
#include <stdarg.h>

#include "tide/runtime/console.h"

extern "C" int printf(const char* format, ...) {
  va_list args;
  va_start(args, format);
  const int length = tide::rt::console_vprintf(format, args);
  va_end(args);
  return length;
}

extern "C" int puts(const char* text) {
  return tide::rt::console_puts(text);
}
