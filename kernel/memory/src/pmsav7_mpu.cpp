// Pmsav7Mpu: register values for the Cortex-M MPU (see pmsav7_mpu.h for the scheme).
#include "tide/kernel/pmsav7_mpu.h"

namespace tide::kernel {
namespace {

// The MPU sees 32-bit addresses: a block or range must end at or below 2^32.
constexpr bool fits_32_bits(uintptr_t start, uintptr_t size) {
  const uint64_t end = static_cast<uint64_t>(start) + static_cast<uint64_t>(size);
  return end >= start && end <= (uint64_t{1} << 32);
}

constexpr uint32_t rasr(uint32_t ap, uint32_t attributes, bool execute_never, uint32_t srd,
                        uintptr_t region_size) {
  const uint32_t size_field = log2_floor(region_size) - 1;
  return (execute_never ? Pmsav7Mpu::kRasrXn : 0u) | (ap << Pmsav7Mpu::kRasrApShift) | attributes |
         ((srd & 0xFFu) << Pmsav7Mpu::kRasrSrdShift) | (size_field << Pmsav7Mpu::kRasrSizeShift) |
         Pmsav7Mpu::kRasrEnable;
}

constexpr uint32_t rbar(uintptr_t base, size_t region_number) {
  return static_cast<uint32_t>(base) | Pmsav7Mpu::kRbarValid | static_cast<uint32_t>(region_number);
}

// A block the two RAM regions can cover: a power of two >= kMinBlockSize, each half
// aligned to its size, below 2^32.
constexpr bool block_is_representable(uintptr_t start, size_t size) {
  return size >= Pmsav7Mpu::kMinBlockSize && is_power_of_two(size) && fits_32_bits(start, size) &&
         (start & (size / 2 - 1)) == 0;
}

// How many of the 16 subregions user access needs for the break (0..16). Callers have
// checked memory_start <= app_break <= memory_start + memory_size.
constexpr size_t subregions_for_break(const AppRamLayout& ram) {
  const size_t subregion = ram.memory_size / Pmsav7Mpu::kSubregionsPerBlock;
  const uintptr_t used = ram.app_break - ram.memory_start;
  return used / subregion + (used % subregion != 0 ? 1 : 0);
}

constexpr bool break_in_block(const AppRamLayout& ram) {
  return ram.app_break >= ram.memory_start && ram.app_break - ram.memory_start <= ram.memory_size;
}

}  // namespace

MemoryError Pmsav7Mpu::block_shape(size_t app_bytes, size_t kernel_bytes, BlockShape& shape) const {
  if (app_bytes < kInitialBreakSize) app_bytes = kInitialBreakSize;
  uintptr_t total = 0;
  uintptr_t size = 0;
  if (!checked_add(app_bytes, kernel_bytes, total) || !next_power_of_two(total, size)) {
    return MemoryError::NotProtectable;
  }
  if (size < kMinBlockSize) size = kMinBlockSize;
  // The app part is usable only up to a subregion boundary, so rounding app_bytes up to
  // block/16 may not leave room for the kernel part: then the block doubles (and with it
  // the subregion size -- the size and its subregions always change together).
  for (;;) {
    uintptr_t app_rounded = 0;
    uintptr_t needed = 0;
    if (!align_up(app_bytes, size / kSubregionsPerBlock, app_rounded) ||
        !checked_add(app_rounded, kernel_bytes, needed)) {
      return MemoryError::NotProtectable;
    }
    if (needed <= size) break;
    if (size >= kMaxBlockSize) return MemoryError::NotProtectable;
    size *= 2;
  }
  if (size > kMaxBlockSize) return MemoryError::NotProtectable;
  shape = {size, size / 2};
  return MemoryError::None;
}

uintptr_t Pmsav7Mpu::protected_end(const AppRamLayout& ram) const {
  return ram.memory_start + subregions_for_break(ram) * (ram.memory_size / kSubregionsPerBlock);
}

size_t Pmsav7Mpu::break_granularity(const AppRamLayout& ram) const {
  return ram.memory_size / kSubregionsPerBlock;
}

MemoryError Pmsav7Mpu::flash_region(const FlashRange& flash, Region& region) {
  if (flash.size == 0 || !fits_32_bits(flash.start, flash.size)) {
    return MemoryError::NotProtectable;
  }
  const uint64_t start = flash.start;
  const uint64_t end = start + flash.size;
  // The smallest size-aligned power-of-two region that covers the range exactly decides.
  // Below 256 B a region has no subregions, so it must equal the range; from 256 B on,
  // the first covering region decides, as a larger one only has larger subregions.
  for (uint64_t size = kMinRegionSize; size <= (uint64_t{1} << 32); size *= 2) {
    const uint64_t base = start & ~(size - 1);
    if (base + size < end) continue;
    uint32_t srd = 0;
    if (base != start || base + size != end) {
      if (size < kMinSubregionRegion) continue;
      const uint64_t subregion = size / 8;
      if (start % subregion != 0 || end % subregion != 0) return MemoryError::NotProtectable;
      for (unsigned i = 0; i < 8; ++i) {
        const uint64_t sub_start = base + i * subregion;
        if (sub_start < start || sub_start >= end) srd |= 1u << i;
      }
    }
    region.rbar = rbar(static_cast<uintptr_t>(base), kFlashRegion);
    region.rasr = rasr(kApReadOnly, kFlashAttributes, false, srd, static_cast<uintptr_t>(size));
    return MemoryError::None;
  }
  return MemoryError::NotProtectable;
}

MemoryError Pmsav7Mpu::configure_process(Config& config, const FlashRange& flash,
                                         const AppRamLayout& ram) const {
  if (flash_overlaps_block(flash, ram)) return MemoryError::InvalidArgument;
  Config fresh;
  const MemoryError flash_error = flash_region(flash, fresh.regions[kFlashRegion]);
  if (flash_error != MemoryError::None) return flash_error;
  const MemoryError ram_error = update_app_ram(fresh, ram);
  if (ram_error != MemoryError::None) return ram_error;
  config = fresh;
  return MemoryError::None;
}

MemoryError Pmsav7Mpu::update_app_ram(Config& config, const AppRamLayout& ram) const {
  if (!block_is_representable(ram.memory_start, ram.memory_size)) {
    return MemoryError::NotProtectable;
  }
  if (!break_in_block(ram)) return MemoryError::AddressOutOfBounds;
  if (protected_end(ram) > ram.kernel_break) return MemoryError::OutOfMemory;

  const size_t subregions = subregions_for_break(ram);
  const size_t half = ram.memory_size / 2;
  Region low = {rbar(ram.memory_start, kRamLowRegion), 0};
  Region high = {rbar(ram.memory_start + half, kRamHighRegion), 0};
  // SRD bit i disables subregion i; enable the first n subregions of each half.
  if (subregions > 0) {
    const size_t n = subregions < 8 ? subregions : 8;
    low.rasr = rasr(kApFullAccess, kRamAttributes, true, 0xFFu << n, half);
  }
  if (subregions > 8) {
    high.rasr = rasr(kApFullAccess, kRamAttributes, true, 0xFFu << (subregions - 8), half);
  }
  config.regions[kRamLowRegion] = low;
  config.regions[kRamHighRegion] = high;
  return MemoryError::None;
}

}  // namespace tide::kernel
