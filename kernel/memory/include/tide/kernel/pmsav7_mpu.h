// Pmsav7Mpu: the Cortex-M3/M4 memory protection unit (ARMv7-M PMSAv7, 8 regions).
//
// PMSAv7 in one paragraph: a region is a power of two >= 32 bytes, aligned to its size,
// programmed as RBAR (base | VALID | region number) and RASR (XN, AP, TEX/S/C/B, SRD,
// SIZE = log2(size) - 1, ENABLE). Regions of 256 bytes or more have 8 equal subregions,
// each of which the SRD bits can disable. Where enabled regions overlap, the highest
// region number wins; a disabled subregion does not match at all. The kernel runs with
// PRIVDEFENA, so privileged code keeps the default map and only user code is confined.
//
// How Tide uses the regions:
//   region 0   the app's flash: read-only for both modes, executable. One region with
//              subregions trimmed to exactly the flash range, or the load fails.
//   region 1   lower half of the process block, read-write, never executable
//   region 2   upper half of the process block, read-write, never executable
//   3..7       disabled (free for the board)
// Regions 1 and 2 give the block 16 subregions of block/16 each. The app can touch the
// first ceil((break - start) / (block/16)) of them, so user access ends at the break
// rounded up to block/16 -- the break granularity. An empty app part (break == start)
// disables both regions. Each region is aligned to its own size (block/2), so a block
// needs alignment block/2; blocks are at least 512 bytes so that both regions have
// subregions.
#ifndef TIDE_KERNEL_PMSAV7_MPU_H_
#define TIDE_KERNEL_PMSAV7_MPU_H_

#include <stddef.h>
#include <stdint.h>

#include "tide/kernel/protection_unit.h"

namespace tide::kernel {

class Pmsav7Mpu {
 public:
  static constexpr size_t kRegionCount = 8;
  static constexpr size_t kFlashRegion = 0;
  static constexpr size_t kRamLowRegion = 1;
  static constexpr size_t kRamHighRegion = 2;
  static constexpr size_t kSubregionsPerBlock = 16;
  static constexpr size_t kMinBlockSize = 512;
  static constexpr size_t kMaxBlockSize = size_t{1} << 31;
  static constexpr size_t kMinRegionSize = 32;
  // Regions this large or larger have 8 subregions.
  static constexpr size_t kMinSubregionRegion = 256;
  // Tock starts a Cortex-M app with 32 bytes: room for the exception frame.
  static constexpr size_t kInitialBreakSize = 32;

  // RBAR and RASR bit fields (ARMv7-M ARM B3.5.8, B3.5.9).
  static constexpr uint32_t kRbarValid = 1u << 4;
  static constexpr uint32_t kRasrEnable = 1u << 0;
  static constexpr unsigned kRasrSizeShift = 1;
  static constexpr unsigned kRasrSrdShift = 8;
  static constexpr unsigned kRasrApShift = 24;
  static constexpr uint32_t kRasrXn = 1u << 28;
  static constexpr uint32_t kApFullAccess = 0b011;  // privileged RW, unprivileged RW
  static constexpr uint32_t kApReadOnly = 0b110;    // privileged RO, unprivileged RO
  // Normal memory: RAM write-back shareable (TEX 000, S, C, B), flash write-through (C).
  static constexpr uint32_t kRamAttributes = (1u << 18) | (1u << 17) | (1u << 16);
  static constexpr uint32_t kFlashAttributes = 1u << 17;

  struct Region {
    uint32_t rbar;
    uint32_t rasr;
  };

  // The values to write to RBAR/RASR for regions 0..7, in order. A disabled region has
  // RASR = 0 (and RBAR selecting it, so writing the pair clears it).
  struct Config {
    constexpr Config() {
      for (size_t i = 0; i < kRegionCount; ++i) {
        regions[i] = {kRbarValid | static_cast<uint32_t>(i), 0};
      }
    }
    Region regions[kRegionCount];
  };

  constexpr size_t initial_break_size() const { return kInitialBreakSize; }
  MemoryError block_shape(size_t app_bytes, size_t kernel_bytes, BlockShape& shape) const;
  uintptr_t protected_end(const AppRamLayout& ram) const;
  size_t break_granularity(const AppRamLayout& ram) const;
  MemoryError configure_process(Config& config, const FlashRange& flash,
                                const AppRamLayout& ram) const;
  MemoryError update_app_ram(Config& config, const AppRamLayout& ram) const;

  // The register values of one region covering [start, start + size) exactly with one
  // region and its subregion disables; NotProtectable when that is impossible.
  static MemoryError flash_region(const FlashRange& flash, Region& region);
};

static_assert(ProtectionUnit<Pmsav7Mpu>);

}  // namespace tide::kernel

#endif  // TIDE_KERNEL_PMSAV7_MPU_H_
