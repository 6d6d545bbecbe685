// The parts list every Tide board shares: drivers (process info 0, console 1 with a
// grant, store 2 with a grant, signal 3 with a grant), the process table, the fault policy (restart a faulting
// process once, then stop it) and the upcall queue length. A board adds what differs:
// its console and exit devices, its timer, and its app slots (TIDE_APP_* definitions).
#ifndef TIDE_BOARDS_COMMON_PARTS_H_
#define TIDE_BOARDS_COMMON_PARTS_H_

#include <stdint.h>

namespace tide::board {

struct BoardFacts {
  const char* name;          // "qemu-mps2-an385"
  const char* cpu;           // "Cortex-M3"
  uint32_t timeslice_ticks;  // one time slice (10 ms) in the arch's timer units
};

// Prints the banner, initialises the arch, loads the apps from the slots and runs them
// until every process has exited or stopped. Call from tide_kernel_main once the console
// works.
[[noreturn]] void run_kernel(const BoardFacts& facts);

}  // namespace tide::board

#endif  // TIDE_BOARDS_COMMON_PARTS_H_
