// Console output through the console driver: allow the bytes, command a write, wait
// for the write-done upcall.
#ifndef TIDE_RUNTIME_CONSOLE_H_
#define TIDE_RUNTIME_CONSOLE_H_

#include <stdarg.h>
#include <stddef.h>

namespace tide::rt {

// Writes bytes; returns false when the kernel refused (e.g. no grant memory left).
bool console_write(const char* text, size_t length);

// printf over console_write, with tide::vformat's conversions (freestanding/format.h).
// Output is collected and written a line at a time, or 128 bytes at a time when a line
// is longer; returns the number of characters produced.
int console_vprintf(const char* format, va_list args);
int console_printf(const char* format, ...) __attribute__((format(printf, 1, 2)));
// The text and a newline.
int console_puts(const char* text);

}  // namespace tide::rt

// The standard names (src/stdio_names.cpp): printf is console_printf, puts console_puts.
extern "C" {
int printf(const char* format, ...) __attribute__((format(printf, 1, 2)));
int puts(const char* text);
}

#endif  // TIDE_RUNTIME_CONSOLE_H_
