// The board's instruction counter, for benchmarks that count instructions per
// operation. On RV32 it is the hart's instret, which user mode may read (the kernel
// sets mcounteren); it counts every instruction retired, the kernel's included, so a
// measured span that makes a system call counts the kernel's work too. Under QEMU it is
// exact and repeatable only with -icount (the board's benchmark command uses it).
// Cortex-M boards have none an unprivileged app can read.
#ifndef TIDE_RUNTIME_COUNTER_H_
#define TIDE_RUNTIME_COUNTER_H_

#include <stdint.h>

namespace tide::rt {

// Whether instructions_retired() counts on this board.
bool instruction_counter_available();

// Instructions retired since reset (0 where there is no counter).
uint64_t instructions_retired();

}  // namespace tide::rt

#endif  // TIDE_RUNTIME_COUNTER_H_
