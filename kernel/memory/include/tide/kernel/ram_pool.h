// RamPool: places processes one after another in the RAM the kernel gives to apps.
//
// Each process gets a block of the shape its protection unit requires for
// min_ram_size + the kernel area (Cortex-M: a power of two aligned to half its size, so
// the block may be larger than asked). Blocks are placed in load order at the next
// suitably aligned address; the alignment gap in front of a block stays unused.
// A load either succeeds or fails with a clear error and leaves the pool unchanged:
//   PoolExhausted     no room left for the block
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
    if (process.loaded()) return MemoryError::InvalidArgument;
    uintptr_t pool_end = 0;
    if (!checked_add(ram_.address, ram_.size, pool_end) || ram_.bytes == nullptr) {
      return MemoryError::InvalidArgument;
    }
    BlockShape shape = {};
    const MemoryError shape_error = block_shape(image.min_ram_size, shape);
    if (shape_error != MemoryError::None) return shape_error;
    uintptr_t start = 0;
    uintptr_t end = 0;
    if (!align_up(ram_.address + used_, shape.alignment, start) ||
        !checked_add(start, shape.size, end) || end > pool_end) {
      return MemoryError::PoolExhausted;
    }
    const RamRegion block = {start, shape.size, ram_.bytes + (start - ram_.address)};
    const MemoryError error = process.load(*unit_, block, kernel_area_, image);
    if (error != MemoryError::None) return error;
    used_ = end - ram_.address;
    return MemoryError::None;
  }

  const Unit& unit() const { return *unit_; }
  const KernelArea& kernel_area() const { return kernel_area_; }
  uintptr_t next_free_address() const { return ram_.address + used_; }
  size_t bytes_left() const { return ram_.size - used_; }

 private:
  const Unit* unit_;
  RamRegion ram_;
  KernelArea kernel_area_;
  size_t used_ = 0;
};

}  // namespace tide::kernel

#endif  // TIDE_KERNEL_RAM_POOL_H_
