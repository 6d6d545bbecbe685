// Pmsav7Mpu: register values, block shapes, and exhaustive break sweeps decoded by an
// independent PMSAv7 decoder.
#include <gtest/gtest.h>

#include "protection_sweep.h"
#include "test_board.h"

namespace tide::test {
namespace {

using kernel::BlockShape;
using kernel::FlashRange;

constexpr uint32_t kRamRasrBase = Pmsav7Mpu::kRasrXn | (Pmsav7Mpu::kApFullAccess << 24) |
                                  Pmsav7Mpu::kRamAttributes | Pmsav7Mpu::kRasrEnable;

TEST(Pmsav7Mpu, RegisterValuesOfAKnownBlock) {
  TestBoard<Pmsav7Mpu> board(4096, 0x20000000);
  ProcessMemory<Pmsav7Mpu> p;
  board.load(p, 600);  // 600 + kernel area -> 1024-byte block, 64-byte subregions
  ASSERT_EQ(p.memory_start(), 0x20000000u);
  ASSERT_EQ(p.memory_size(), 1024u);
  ASSERT_EQ(p.brk(0x20000000 + 100), MemoryError::None);
  const auto& r = p.protection().regions;
  EXPECT_EQ(r[1].rbar, 0x20000000u | 0x10u | 1u);
  EXPECT_EQ(r[1].rasr, kRamRasrBase | (0xFCu << 8) | (8u << 1));  // 2 of 8 subregions, 512 B
  EXPECT_EQ(r[2].rbar, 0x20000200u | 0x10u | 2u);
  EXPECT_EQ(r[2].rasr, 0u);
  ASSERT_EQ(p.brk(0x20000000 + 520), MemoryError::None);
  EXPECT_EQ(r[1].rasr, kRamRasrBase | (8u << 1));
  EXPECT_EQ(r[2].rasr, kRamRasrBase | (0xFEu << 8) | (8u << 1));
  // Flash 0x10000..0x14000: one 16 KiB region, read-only, executable.
  EXPECT_EQ(r[0].rbar, 0x00010000u | 0x10u);
  EXPECT_EQ(r[0].rasr,
            (Pmsav7Mpu::kApReadOnly << 24) | Pmsav7Mpu::kFlashAttributes | (13u << 1) | 1u);
  for (int i = 3; i < 8; ++i) {
    EXPECT_EQ(r[i].rbar, 0x10u | static_cast<uint32_t>(i));
    EXPECT_EQ(r[i].rasr, 0u);
  }
}

TEST(Pmsav7Mpu, EmptyAppPartDisablesBothRegions) {
  TestBoard<Pmsav7Mpu> board;
  ProcessMemory<Pmsav7Mpu> p;
  board.load(p, 600);
  ASSERT_EQ(p.brk(p.memory_start()), MemoryError::None);
  EXPECT_EQ(p.protection().regions[1].rasr, 0u);
  EXPECT_EQ(p.protection().regions[2].rasr, 0u);
  EXPECT_EQ(p.protected_end(), p.memory_start());
  EXPECT_TRUE(user_access(p.protection(), p.memory_start()) == kNoAccess);
}

TEST(Pmsav7Mpu, BlockShapes) {
  Pmsav7Mpu mpu;
  BlockShape shape{};
  ASSERT_EQ(mpu.block_shape(0, 0, shape), MemoryError::None);
  EXPECT_EQ(shape.size, 512u);
  EXPECT_EQ(shape.alignment, 256u);
  ASSERT_EQ(mpu.block_shape(1000, 100, shape), MemoryError::None);
  EXPECT_EQ(shape.size, 2048u);
  // 1950 + 90 fits 2048, but 1950 rounds up to 2048 at 128-byte subregions: the block
  // doubles, and with it the subregion size (Tock issue 4366).
  ASSERT_EQ(mpu.block_shape(1950, 90, shape), MemoryError::None);
  EXPECT_EQ(shape.size, 4096u);
  EXPECT_EQ(shape.alignment, 2048u);
  EXPECT_EQ(mpu.block_shape(size_t{1} << 31, 16, shape), MemoryError::NotProtectable);
  EXPECT_EQ(mpu.block_shape(SIZE_MAX, 16, shape), MemoryError::NotProtectable);
}

TEST(Pmsav7Mpu, DoubledBlockIsProtectedWithDoubledRegions) {
  // A kernel area of 16 drivers + 2 upcalls = 16*16 + 2*48 + 32 = 384 bytes on the host.
  TestBoard<Pmsav7Mpu> board(64 * 1024, 0x20000000, KernelArea{16, 2});
  ProcessMemory<Pmsav7Mpu> p;
  board.load(p, 1700);  // 1700 + 384 > 2048 -> 4096
  ASSERT_EQ(p.memory_size(), 4096u);
  EXPECT_EQ((p.protection().regions[1].rasr >> 1) & 0x1Fu, 10u);  // 2048-byte regions
  ASSERT_EQ(p.brk(p.memory_start() + 1700), MemoryError::None);
  EXPECT_TRUE(user_view_matches(board.unit(), p, true));
}

TEST(Pmsav7Mpu, FlashRegions) {
  Pmsav7Mpu::Region region{};
  EXPECT_EQ(Pmsav7Mpu::flash_region({0x8000, 0x8000}, region), MemoryError::None);
  EXPECT_EQ(region.rasr & 0xFF00u, 0u);
  // 0x9000..0xF000 inside the 32 KiB region at 0x8000: subregions 1..6 of 4 KiB.
  ASSERT_EQ(Pmsav7Mpu::flash_region({0x9000, 0x6000}, region), MemoryError::None);
  EXPECT_EQ(region.rbar & ~0x1Fu, 0x8000u);
  EXPECT_EQ((region.rasr >> 8) & 0xFFu, 0x81u);
  EXPECT_EQ(Pmsav7Mpu::flash_region({0x9000, 0x6100}, region), MemoryError::NotProtectable);
  EXPECT_EQ(Pmsav7Mpu::flash_region({0x1000, 100}, region), MemoryError::NotProtectable);
  EXPECT_EQ(Pmsav7Mpu::flash_region({0x1000, 0}, region), MemoryError::NotProtectable);
  EXPECT_EQ(Pmsav7Mpu::flash_region({0xFFFFF000, 0x1000}, region), MemoryError::None);
  EXPECT_EQ(Pmsav7Mpu::flash_region({0xFFFFF000, 0x2000}, region), MemoryError::NotProtectable);
  EXPECT_EQ(Pmsav7Mpu::flash_region({0, 32}, region), MemoryError::None);
}

// Whether one PMSAv7 region represents [start, end) exactly: a power of two >= 32 B,
// aligned to its size, that equals the range, or (from 256 B on) whose enabled
// subregions do.
bool one_region_represents(uint64_t start, uint64_t end) {
  for (uint64_t size = 32; size <= (uint64_t{1} << 32); size *= 2) {
    const uint64_t base = start / size * size;
    if (base + size < end) continue;
    if (base == start && base + size == end) return true;
    if (size >= 256 && start % (size / 8) == 0 && end % (size / 8) == 0) return true;
  }
  return false;
}

// Every range of 32-byte steps in two windows (one at 0, one at 0x10000): flash_region
// accepts exactly the ranges one region represents, and the decoded registers give
// read+execute on the range and nothing around it.
TEST(Pmsav7Mpu, FlashRegionAcceptsEveryRangeOneRegionRepresents) {
  // The ranges a review found refused although a 256 B region represents them.
  Pmsav7Mpu::Region region{};
  EXPECT_EQ(Pmsav7Mpu::flash_region({0x0, 0x60}, region), MemoryError::None);
  EXPECT_EQ(Pmsav7Mpu::flash_region({0x20, 0x40}, region), MemoryError::None);
  EXPECT_EQ(Pmsav7Mpu::flash_region({0x20, 0x60}, region), MemoryError::None);
  EXPECT_EQ(Pmsav7Mpu::flash_region({0x10080, 0x60}, region), MemoryError::None);
  size_t accepted = 0;
  for (const uint64_t window : {uint64_t{0}, uint64_t{0x10000}}) {
    for (uint64_t start = window; start < window + 0x800; start += 32) {
      for (uint64_t end = start + 32; end <= window + 0x800; end += 32) {
        SCOPED_TRACE(::testing::Message()
                     << std::hex << "flash [0x" << start << ", 0x" << end << ")");
        const MemoryError error = Pmsav7Mpu::flash_region(
            {static_cast<uintptr_t>(start), static_cast<size_t>(end - start)}, region);
        ASSERT_EQ(error == MemoryError::None, one_region_represents(start, end));
        if (error != MemoryError::None) {
          EXPECT_EQ(error, MemoryError::NotProtectable);
          continue;
        }
        ++accepted;
        uint32_t rbar[8] = {};
        uint32_t rasr[8] = {};
        rbar[0] = region.rbar;
        rasr[0] = region.rasr;
        for (uint64_t address = window; address < window + 0x1000; address += 32) {
          const bool inside = address >= start && address < end;
          ASSERT_EQ(decode_pmsav7_user(rbar, rasr, address), inside ? kReadExecute : kNoAccess)
              << std::hex << "at 0x" << address;
        }
      }
    }
  }
  EXPECT_GT(accepted, 100u);  // the oracle is not vacuous
}

TEST(Pmsav7Mpu, UnprotectableFlashIsALoadError) {
  TestBoard<Pmsav7Mpu> board;
  ProcessMemory<Pmsav7Mpu> p;
  ProcessImage image = TestBoard<Pmsav7Mpu>::image(600);
  image.flash = FlashRange{0x10000, 1000};
  const uintptr_t next = board.pool().next_free_address();
  EXPECT_EQ(board.pool().load(image, p), MemoryError::NotProtectable);
  EXPECT_FALSE(p.loaded());
  EXPECT_EQ(board.pool().next_free_address(), next);
}

struct SweepCase {
  size_t block;
  uintptr_t ram_address;
  size_t grant;
};

class Pmsav7Sweep : public ::testing::TestWithParam<SweepCase> {};

TEST_P(Pmsav7Sweep, UserAccessFollowsTheBreakExactly) {
  const SweepCase c = GetParam();
  TestBoard<Pmsav7Mpu> board(4 * c.block, c.ram_address);
  sweep_breaks(board, c.block / 2, c.block, c.grant);
}

TEST_P(Pmsav7Sweep, GrantsNeverLandInUserMemory) {
  const SweepCase c = GetParam();
  TestBoard<Pmsav7Mpu> board(4 * c.block, c.ram_address);
  sweep_grants(board, c.block / 2, c.block <= 2048 ? 4 : c.block / 256);
}

INSTANTIATE_TEST_SUITE_P(
    Blocks, Pmsav7Sweep,
    ::testing::Values(SweepCase{512, 0x20000000, 0}, SweepCase{1024, 0x20000000, 0},
                      SweepCase{1024, 0x20000100, 36}, SweepCase{2048, 0x20000000, 0},
                      SweepCase{2048, 0x20000400, 200}, SweepCase{4096, 0x20000000, 0},
                      SweepCase{8192, 0x20001000, 0}, SweepCase{16384, 0x20000000, 1000},
                      SweepCase{4096, 0xFFFFC000, 0}));

}  // namespace
}  // namespace tide::test
