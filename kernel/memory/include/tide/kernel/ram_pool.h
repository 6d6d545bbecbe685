// RamPool: places processes' blocks in the RAM the kernel gives to apps.
//
// Each process gets a block of the shape its protection unit requires for
// min_ram_size + the kernel area (Cortex-M: a power of two aligned to half its size, so
// the block may be larger than asked). Two ways to place it:
//   load(image, process)            at the next suitably aligned address after every
//                                   block placed so far; the gap in front stays unused
//   load_at(address, image, process) exactly at `address`, for apps that are not
//                                   position-independent (their RAM must start where
//                                   they were linked)
// A load either succeeds or fails with a clear error and leaves the pool unchanged:
//   PoolExhausted     no room left for the block, or kMaxBlocks blocks already placed
//   BlockOutsidePool  load_at: the block would not lie inside the pool
//   BlockMisaligned   load_at: the address breaks the unit's alignment for the block
//   BlockOverlaps     load_at: the block would overlap a block already placed
//   NotProtectable    the unit cannot represent a block this large, or the app's flash
//   InvalidArgument   a malformed image or kernel area, or an already loaded process
#ifndef TIDE_KERNEL_RAM_POOL_H_
#define TIDE_KERNEL_RAM_POOL_H_

#include <stddef.h>
#include <stdint.h>

#include "tide/kernel/process_memory.h"

namespace tide::kernel {

template <ProtectionUnit Unit>
class RamPool {
 public:
  // Blocks one pool keeps track of (a board's process table is smaller).
  static constexpr size_t kMaxBlocks = 16;

  // The unit must outlive the pool and every process loaded from it.
  constexpr RamPool(const Unit& unit, const RamRegion& ram, const KernelArea& kernel_area)
      : unit_(&unit), ram_(ram), kernel_area_(kernel_area) {}

  // The block a process with this much RAM would get.
  MemoryError block_shape(size_t min_ram_size, BlockShape& shape) const {
    size_t area_size = 0;
    if (!kernel_area_.size(area_size)) return MemoryError::InvalidArgument;
    return unit_->block_shape(min_ram_size, area_size, shape);
  }

  MemoryError load(const ProcessImage& image, ProcessMemory<Unit>& process) {
    uintptr_t pool_end = 0;
    BlockShape shape = {};
    const MemoryError error = prepare(image, process, pool_end, shape);
    if (error != MemoryError::None) return error;
    uintptr_t start = 0;
    uintptr_t end = 0;
    if (!align_up(ram_.address + used_, shape.alignment, start) ||
        !checked_add(start, shape.size, end) || end > pool_end) {
      return MemoryError::PoolExhausted;
    }
    return place(start, end, image, process);
  }

  MemoryError load_at(uintptr_t address, const ProcessImage& image, ProcessMemory<Unit>& process) {
    uintptr_t pool_end = 0;
    BlockShape shape = {};
    const MemoryError error = prepare(image, process, pool_end, shape);
    if (error != MemoryError::None) return error;
    uintptr_t end = 0;
    if (address < ram_.address || !checked_add(address, shape.size, end) || end > pool_end) {
      return MemoryError::BlockOutsidePool;
    }
    if (address % shape.alignment != 0) return MemoryError::BlockMisaligned;
    for (size_t i = 0; i < count_; ++i) {
      if (address < placed_[i].end && placed_[i].start < end) return MemoryError::BlockOverlaps;
    }
    return place(address, end, image, process);
  }

  const Unit& unit() const { return *unit_; }
  const KernelArea& kernel_area() const { return kernel_area_; }
  // Just past the highest block placed so far: where load() looks first.
  uintptr_t next_free_address() const { return ram_.address + used_; }
  size_t bytes_left() const { return ram_.size - used_; }
  size_t block_count() const { return count_; }

 private:
  struct Placed {
    uintptr_t start;
    uintptr_t end;
  };

  // The checks both loads share: the process, the pool's own region, the block's shape.
  MemoryError prepare(const ProcessImage& image, const ProcessMemory<Unit>& process,
                      uintptr_t& pool_end, BlockShape& shape) const {
    if (process.loaded()) return MemoryError::InvalidArgument;
    if (!checked_add(ram_.address, ram_.size, pool_end) || ram_.bytes == nullptr) {
      return MemoryError::InvalidArgument;
    }
    return block_shape(image.min_ram_size, shape);
  }

  MemoryError place(uintptr_t start, uintptr_t end, const ProcessImage& image,
                    ProcessMemory<Unit>& process) {
    if (count_ == kMaxBlocks) return MemoryError::PoolExhausted;
    const RamRegion block = {start, end - start, ram_.bytes + (start - ram_.address)};
    const MemoryError error = process.load(*unit_, block, kernel_area_, image);
    if (error != MemoryError::None) return error;
    placed_[count_++] = {start, end};
    if (end - ram_.address > used_) used_ = end - ram_.address;
    return MemoryError::None;
  }

  const Unit* unit_;
  RamRegion ram_;
  KernelArea kernel_area_;
  size_t used_ = 0;  // the highest block end so far, from the pool's start
  Placed placed_[kMaxBlocks] = {};
  size_t count_ = 0;
};

}  // namespace tide::kernel

#endif  // TIDE_KERNEL_RAM_POOL_H_
