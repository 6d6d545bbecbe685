// Writes kernel/memory's PMSAv7 register values to the Cortex-M MPU.
#include "registers.h"
#include "tide/arch/protection.h"

namespace tide::arch {

void apply_protection(const ProtectionUnit::Config& config) {
  constexpr uint32_t kEnable = 1u << 0;
  constexpr uint32_t kPrivilegedDefaultMap = 1u << 2;
  for (const ProtectionUnit::Region& region : config.regions) {
    reg::at(reg::kMpuRbar) = region.rbar;  // VALID: also selects the region number
    reg::at(reg::kMpuRasr) = region.rasr;
  }
  reg::at(reg::kMpuCtrl) = kEnable | kPrivilegedDefaultMap;
  asm volatile("dsb\n isb" ::: "memory");
}

unsigned protection_region_count() {
  return (reg::at(reg::kMpuType) >> 8) & 0xFF;
}

}  // namespace tide::arch
