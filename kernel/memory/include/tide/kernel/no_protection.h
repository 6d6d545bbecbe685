// NoProtection: the protection unit of a host process or a board without an MPU.
//
// It programs nothing, but ProcessMemory still enforces every layout rule with it; the
// break is represented exactly to the byte.
#ifndef TIDE_KERNEL_NO_PROTECTION_H_
#define TIDE_KERNEL_NO_PROTECTION_H_

#include <stddef.h>
#include <stdint.h>

#include "tide/kernel/protection_unit.h"

namespace tide::kernel {

// No protection: host use and boards without an MPU. Enforces the layout rules only;
// the break is represented exactly to the byte.
class NoProtection {
 public:
  struct Config {};

  constexpr size_t initial_break_size() const { return 0; }

  constexpr MemoryError block_shape(size_t app_bytes, size_t kernel_bytes,
                                    BlockShape& shape) const {
    uintptr_t total = 0;
    uintptr_t rounded = 0;
    if (!checked_add(app_bytes, kernel_bytes, total) ||
        !align_up(total, kBlockAlignment, rounded)) {
      return MemoryError::NotProtectable;
    }
    shape = {rounded, kBlockAlignment};
    return MemoryError::None;
  }

  constexpr uintptr_t protected_end(const AppRamLayout& ram) const { return ram.app_break; }
  constexpr size_t break_granularity(const AppRamLayout&) const { return 1; }

  constexpr MemoryError configure_process(Config& config, const FlashRange& flash,
                                          const AppRamLayout& ram) const {
    if (flash_overlaps_block(flash, ram)) return MemoryError::InvalidArgument;
    return update_app_ram(config, ram);
  }

  constexpr MemoryError update_app_ram(Config&, const AppRamLayout& ram) const {
    return ram.app_break <= ram.kernel_break ? MemoryError::None : MemoryError::OutOfMemory;
  }
};

static_assert(ProtectionUnit<NoProtection>);

}  // namespace tide::kernel

#endif  // TIDE_KERNEL_NO_PROTECTION_H_
