// The protection unit of RV32 as the portable kernel sees it: kernel/memory's PmpTor
// computes the pmpcfg/pmpaddr values; pmp.cpp writes them.
//
// All 16 entries, no locked kernel entries: user mode reaches only the app's flash (R/X)
// and its RAM up to the break rounded to 4 bytes (R/W). Everything else, kernel memory
// included, matches no entry and is denied to user mode; machine mode is bound by none.
#ifndef TIDE_ARCH_PROTECTION_H_
#define TIDE_ARCH_PROTECTION_H_

#include "tide/kernel/pmp_tor.h"

namespace tide::arch {

using ProtectionUnit = kernel::PmpTor;

// How the kernel's reports name the unit ("PMP end" in a memory map).
inline constexpr char kProtectionName[] = "PMP";

}  // namespace tide::arch

#include "tide/arch/protection_interface.h"

#endif  // TIDE_ARCH_PROTECTION_H_
