// Console output through the console driver: allow the bytes, command a write, wait
// for the write-done upcall.
#ifndef TIDE_RUNTIME_CONSOLE_H_
#define TIDE_RUNTIME_CONSOLE_H_

#include <stddef.h>

namespace tide::rt {

// Writes bytes; returns false when the kernel refused (e.g. no grant memory left).
bool console_write(const char* text, size_t length);

}  // namespace tide::rt

extern "C" {
int printf(const char* format, ...) __attribute__((format(printf, 1, 2)));
int puts(const char* text);
}

#endif  // TIDE_RUNTIME_CONSOLE_H_
