// The protection unit on the host: kernel/memory's PMSAv7 model, so that kernel/core's
// host tests see the register values a Cortex-M board would program (the machine keeps
// the last configuration applied, for the tests' decoders).
#ifndef TIDE_ARCH_PROTECTION_H_
#define TIDE_ARCH_PROTECTION_H_

#include "tide/kernel/pmsav7_mpu.h"

namespace tide::arch {

using ProtectionUnit = kernel::Pmsav7Mpu;

inline constexpr char kProtectionName[] = "MPU";

}  // namespace tide::arch

#include "tide/arch/protection_interface.h"

#endif  // TIDE_ARCH_PROTECTION_H_
