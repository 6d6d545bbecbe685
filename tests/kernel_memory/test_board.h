// A host "board" for kernel/memory tests: a RAM buffer placed at a simulated device
// address, a protection unit, a RAM pool, and helpers to snapshot and decode a process.
#ifndef TIDE_TESTS_KERNEL_MEMORY_TEST_BOARD_H_
#define TIDE_TESTS_KERNEL_MEMORY_TEST_BOARD_H_

#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "decoded_view.h"
#include "tide/host/simulated_pool.h"
#include "tide/kernel/memop.h"
#include "tide/kernel/no_protection.h"
#include "tide/kernel/pmp_tor.h"
#include "tide/kernel/pmsav7_mpu.h"
#include "tide/kernel/ram_pool.h"

namespace tide::test {

using kernel::KernelArea;
using kernel::MemoryError;
using kernel::NoProtection;
using kernel::PmpTor;
using kernel::Pmsav7Mpu;
using kernel::ProcessImage;
using kernel::ProcessMemory;
using kernel::RamPool;
using kernel::RamRegion;

// Where each unit's board keeps RAM and the app's flash (as on the QEMU machines).
template <class Unit>
struct BoardTraits;
template <>
struct BoardTraits<Pmsav7Mpu> {
  static constexpr uintptr_t kRam = 0x20000000;
  static constexpr kernel::FlashRange kFlash = {0x00010000, 0x4000};
};
template <>
struct BoardTraits<PmpTor> {
  static constexpr uintptr_t kRam = 0x80000000;
  static constexpr kernel::FlashRange kFlash = {0x20400000, 0x4000};
};
template <>
struct BoardTraits<NoProtection> {
  static constexpr uintptr_t kRam = 0x10000;
  static constexpr kernel::FlashRange kFlash = {0x1000, 0x1000};
};

inline constexpr KernelArea kTestKernelArea = {4, 2};

template <class Unit>
class TestBoard {
 public:
  explicit TestBoard(size_t ram_size = 64 * 1024, uintptr_t ram_address = BoardTraits<Unit>::kRam,
                     KernelArea area = kTestKernelArea, const Unit& unit = Unit{})
      : storage_(ram_size / sizeof(std::max_align_t) + 1),
        pool_(RamRegion{ram_address, ram_size, bytes()}, area, unit) {}
  TestBoard(const TestBoard&) = delete;
  TestBoard& operator=(const TestBoard&) = delete;

  static ProcessImage image(size_t min_ram) {
    ProcessImage image = {};
    image.flash = BoardTraits<Unit>::kFlash;
    image.min_ram_size = min_ram;
    return image;
  }

  // Loads a process needing min_ram bytes; the test fails if the load does.
  void load(ProcessMemory<Unit>& process, size_t min_ram) {
    ASSERT_EQ(pool_.pool().load(image(min_ram), process), MemoryError::None);
  }

  RamPool<Unit>& pool() { return pool_.pool(); }
  const Unit& unit() const { return pool_.unit(); }
  unsigned char* bytes() { return reinterpret_cast<unsigned char*>(storage_.data()); }

 private:
  std::vector<std::max_align_t> storage_;
  host::SimulatedPool<Unit> pool_;
};

// Everything observable about a process, to prove a failed call changed nothing.
template <class Unit>
struct Snapshot {
  explicit Snapshot(const ProcessMemory<Unit>& p)
      : app_break(p.app_break()),
        mark(p.allow_high_water_mark()),
        kernel_break(p.kernel_break()),
        registers(sizeof(p.protection())),
        memory(p.kernel_pointer(p.memory_start(), p.memory_size()),
               p.kernel_pointer(p.memory_start(), p.memory_size()) + p.memory_size()) {
    std::memcpy(registers.data(), &p.protection(), registers.size());
  }
  bool operator==(const Snapshot&) const = default;

  uintptr_t app_break;
  uintptr_t mark;
  uintptr_t kernel_break;
  std::vector<unsigned char> registers;
  std::vector<unsigned char> memory;
};

}  // namespace tide::test

#endif  // TIDE_TESTS_KERNEL_MEMORY_TEST_BOARD_H_
