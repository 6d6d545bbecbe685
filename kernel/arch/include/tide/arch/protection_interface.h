// The protection-unit part of the architecture interface, declared once. Each arch's
// tide/arch/protection.h names its kernel/memory model as ProtectionUnit and its report
// name as kProtectionName, then includes this header; its sources define the functions.
#ifndef TIDE_ARCH_PROTECTION_INTERFACE_H_
#define TIDE_ARCH_PROTECTION_INTERFACE_H_

namespace tide::arch {

// Writes every register value of config to the unit and enables it (the kernel's own
// access stays as it was). Called before a process runs, so after every context switch
// and every break change.
void apply_protection(const ProtectionUnit::Config& config);

// The number of regions (MPU) or entries (PMP) the hardware implements.
unsigned protection_region_count();

}  // namespace tide::arch

#endif  // TIDE_ARCH_PROTECTION_INTERFACE_H_
