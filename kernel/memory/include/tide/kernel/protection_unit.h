// The protection-unit interface: what the process memory manager needs from an MPU/PMP.
//
// A protection unit is a stateless description of the hardware (region count, kernel
// entries chosen by the board); the per-process register values live in its Config,
// which ProcessMemory keeps and a board kernel writes to the hardware on a context
// switch. The rest of kernel/memory never knows which unit it has.
//
// Implementations: Pmsav7Mpu (Cortex-M), PmpTor (RISC-V), NoProtection (host).
#ifndef TIDE_KERNEL_PROTECTION_UNIT_H_
#define TIDE_KERNEL_PROTECTION_UNIT_H_

#include <stddef.h>
#include <stdint.h>

#include "tide/kernel/address_math.h"
#include "tide/kernel/memory_error.h"

namespace tide::kernel {

// One process's RAM block and its two breaks, as the protection unit sees them.
struct AppRamLayout {
  uintptr_t memory_start;
  size_t memory_size;
  uintptr_t app_break;
  uintptr_t kernel_break;
};

// The app's flash image: read and execute for the app.
struct FlashRange {
  uintptr_t start;
  size_t size;
};

// The block a unit can protect for a request: its size and the alignment of its start.
struct BlockShape {
  size_t size;
  size_t alignment;
};

// The contract every protection unit meets:
//   initial_break_size()       bytes the app owns right after load (the break starts at
//                              memory_start + this).
//   block_shape(app, kernel, shape)
//                              the smallest block holding `app` bytes of app memory
//                              (accessible once the break reaches them) below `kernel`
//                              bytes of kernel-owned memory at the top; NotProtectable
//                              when no block can.
//   protected_end(ram)         where user access stops for ram.app_break: the break
//                              rounded up to what the unit can represent.
//   break_granularity(ram)     the step in which the break is represented exactly.
//   configure_process(config, flash, ram)
//                              all register values for a freshly loaded process.
//   update_app_ram(config, ram)
//                              the register values after the break moved.
// Both configure calls leave config untouched on failure: OutOfMemory when user access
// would reach ram.kernel_break, NotProtectable when the hardware cannot represent the
// block or the flash range; configure_process also refuses (InvalidArgument) flash that
// overlaps the RAM block (flash_overlaps_block), which would give the app read and execute
// access to its own kernel area, grants and gap.
template <class U>
concept ProtectionUnit = requires(const U& unit, typename U::Config& config,
                                  const AppRamLayout& ram, const FlashRange& flash, size_t bytes,
                                  BlockShape& shape) {
  typename U::Config;
  { unit.initial_break_size() } -> detail::SameAs<size_t>;
  { unit.block_shape(bytes, bytes, shape) } -> detail::SameAs<MemoryError>;
  { unit.protected_end(ram) } -> detail::SameAs<uintptr_t>;
  { unit.break_granularity(ram) } -> detail::SameAs<size_t>;
  { unit.configure_process(config, flash, ram) } -> detail::SameAs<MemoryError>;
  { unit.update_app_ram(config, ram) } -> detail::SameAs<MemoryError>;
};

// The app's flash shares a byte with its RAM block: no load may have that layout.
constexpr bool flash_overlaps_block(const FlashRange& flash, const AppRamLayout& ram) {
  return ranges_overlap(flash.start, flash.size, ram.memory_start, ram.memory_size);
}

// The default alignment of process blocks and of the kernel area inside them: enough
// for any word-sized record on every target.
inline constexpr size_t kBlockAlignment = 16;

}  // namespace tide::kernel

#endif  // TIDE_KERNEL_PROTECTION_UNIT_H_
