// The protection unit on the host: one of kernel/memory's models, chosen by the build
// (TIDE_HOST_PROTECTION_UNIT: Pmsav7Mpu or PmpTor; kernel/arch/host/CMakeLists.txt builds
// one host arch per unit), so that kernel/core's host tests see the register values a
// Cortex-M or RISC-V board would program. The machine keeps the last configuration
// applied, for the tests' decoders.
#ifndef TIDE_ARCH_PROTECTION_H_
#define TIDE_ARCH_PROTECTION_H_

#include "tide/kernel/pmp_tor.h"
#include "tide/kernel/pmsav7_mpu.h"

#ifndef TIDE_HOST_PROTECTION_UNIT
#error "TIDE_HOST_PROTECTION_UNIT names the host arch's protection unit (Pmsav7Mpu or PmpTor)"
#endif

namespace tide::arch {

using ProtectionUnit = kernel::TIDE_HOST_PROTECTION_UNIT;

inline constexpr char kProtectionName[] = TIDE_HOST_PROTECTION_NAME;

}  // namespace tide::arch

#include "tide/arch/protection_interface.h"

#endif  // TIDE_ARCH_PROTECTION_H_
