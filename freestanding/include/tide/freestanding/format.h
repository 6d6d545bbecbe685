// A small printf-style formatter for code without a C library.
//
// Conversions: %d %i %u %x %X %p %s %c %%, with flags '-' and '0', a width, and the
// length modifiers l, ll, z. Output goes to a sink in chunks; nothing is allocated.
#ifndef TIDE_FREESTANDING_FORMAT_H_
#define TIDE_FREESTANDING_FORMAT_H_

#include <stdarg.h>
#include <stddef.h>

namespace tide {

using FormatSink = void (*)(void* context, const char* text, size_t length);

// Formats `format` with `args` into `sink`; returns the number of characters produced.
size_t vformat(FormatSink sink, void* context, const char* format, va_list args);

// Formats into buffer[0, capacity), always NUL-terminated when capacity > 0; returns the
// length the full output would have had.
size_t vformat_to(char* buffer, size_t capacity, const char* format, va_list args);
size_t format_to(char* buffer, size_t capacity, const char* format, ...)
    __attribute__((format(printf, 3, 4)));

}  // namespace tide

#endif  // TIDE_FREESTANDING_FORMAT_H_
