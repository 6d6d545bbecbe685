// The protection unit of ARMv7-M as the portable kernel sees it: kernel/memory's PMSAv7
// model computes the register values; mpu.cpp writes them (privileged code keeps the
// default memory map).
#ifndef TIDE_ARCH_PROTECTION_H_
#define TIDE_ARCH_PROTECTION_H_

#include "tide/kernel/pmsav7_mpu.h"

namespace tide::arch {

using ProtectionUnit = kernel::Pmsav7Mpu;

// How the kernel's reports name the unit ("MPU end" in a memory map).
inline constexpr char kProtectionName[] = "MPU";

}  // namespace tide::arch

#include "tide/arch/protection_interface.h"

#endif  // TIDE_ARCH_PROTECTION_H_
