// The "process in a RAM pool" of every host test and of the host runtime: a protection
// unit and a RamPool over a RAM region placed at a device address (register values are
// then those of the real device), and one process loaded into it. Header-only over
// kernel/memory: kernel/memory's own tests use it too.
#ifndef TIDE_HOST_SIMULATED_POOL_H_
#define TIDE_HOST_SIMULATED_POOL_H_

#include <stddef.h>
#include <stdint.h>

#include "tide/kernel/process_memory.h"
#include "tide/kernel/ram_pool.h"

namespace tide::host {

// A unit and a RAM pool over `ram` (whose bytes must outlive the pool).
template <kernel::ProtectionUnit Unit>
class SimulatedPool {
 public:
  SimulatedPool(const kernel::RamRegion& ram, const kernel::KernelArea& kernel_area,
                const Unit& unit = Unit{})
      : unit_(unit), pool_(unit_, ram, kernel_area) {}
  SimulatedPool(const SimulatedPool&) = delete;
  SimulatedPool& operator=(const SimulatedPool&) = delete;

  kernel::RamPool<Unit>& pool() { return pool_; }
  const Unit& unit() const { return unit_; }

 private:
  Unit unit_;
  kernel::RamPool<Unit> pool_;
};

// One process of `min_ram` bytes with `flash` as its image, loaded into its own pool.
template <kernel::ProtectionUnit Unit>
class PooledProcess {
 public:
  PooledProcess(const kernel::RamRegion& ram, const kernel::FlashRange& flash, size_t min_ram,
                const kernel::KernelArea& kernel_area, const Unit& unit = Unit{})
      : pool_(ram, kernel_area, unit) {
    kernel::ProcessImage image = {};
    image.flash = flash;
    image.min_ram_size = min_ram;
    load_error_ = pool_.pool().load(image, process_);
  }

  kernel::MemoryError load_error() const { return load_error_; }
  kernel::ProcessMemory<Unit>& process() { return process_; }
  const kernel::ProcessMemory<Unit>& process() const { return process_; }

 private:
  SimulatedPool<Unit> pool_;
  kernel::ProcessMemory<Unit> process_;
  kernel::MemoryError load_error_ = kernel::MemoryError::NotLoaded;
};

}  // namespace tide::host

#endif  // TIDE_HOST_SIMULATED_POOL_H_
