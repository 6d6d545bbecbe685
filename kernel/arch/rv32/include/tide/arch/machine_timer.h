// The RISC-V machine timer (mtime/mtimecmp) is a platform device, not part of the ISA:
// the board says where it is before arch::init() arms time slices with it.
#ifndef TIDE_ARCH_MACHINE_TIMER_H_
#define TIDE_ARCH_MACHINE_TIMER_H_

#include <stdint.h>

namespace tide::arch {

// The 64-bit mtime register and hart 0's mtimecmp (memory-mapped, e.g. in a CLINT).
void set_machine_timer(uintptr_t mtime_address, uintptr_t mtimecmp_address);

}  // namespace tide::arch

#endif  // TIDE_ARCH_MACHINE_TIMER_H_
