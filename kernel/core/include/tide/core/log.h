// The kernel's console output and panic.
#ifndef TIDE_CORE_LOG_H_
#define TIDE_CORE_LOG_H_

#include <stddef.h>

namespace tide::core {

// printf-style output to the board console (see tide/freestanding/format.h).
void log(const char* format, ...) __attribute__((format(printf, 1, 2)));

// Prints "kernel panic: <reason>" and exits the emulator with kPanicExitStatus.
[[noreturn]] void panic(const char* format, ...) __attribute__((format(printf, 1, 2)));

inline constexpr int kPanicExitStatus = 99;

}  // namespace tide::core

#endif  // TIDE_CORE_LOG_H_
