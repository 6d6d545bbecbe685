// The protection unit of this architecture, as the portable kernel sees it: the
// kernel/memory model that computes the register values, and the one function that
// writes them to the hardware.
#ifndef TIDE_ARCH_PROTECTION_H_
#define TIDE_ARCH_PROTECTION_H_

#include "tide/kernel/pmsav7_mpu.h"

namespace tide::arch {

using ProtectionUnit = kernel::Pmsav7Mpu;

// Writes every region of config to the MPU and enables it (privileged code keeps the
// default memory map). Called before a process runs, so after every context switch
// and every break change.
void apply_protection(const ProtectionUnit::Config& config);

// The MPU's region count as the hardware reports it (MPU_TYPE.DREGION).
unsigned protection_region_count();

}  // namespace tide::arch

#endif  // TIDE_ARCH_PROTECTION_H_
