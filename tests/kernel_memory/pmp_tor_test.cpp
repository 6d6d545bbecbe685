// PmpTor: register values, kernel entries, and exhaustive break sweeps decoded by an
// independent PMP decoder (user and machine mode).
#include <gtest/gtest.h>

#include "protection_sweep.h"
#include "test_board.h"

namespace tide::test {
namespace {

using kernel::FlashRange;

TEST(PmpTor, RegisterValuesOfAKnownBlock) {
  TestBoard<PmpTor> board(4096, 0x80000000);
  ProcessMemory<PmpTor> p;
  board.load(p, 600);
  ASSERT_EQ(p.memory_start(), 0x80000000u);
  ASSERT_EQ(p.brk(0x80000000 + 101), MemoryError::None);
  const auto& c = p.protection();
  // Entry 0 OFF at flash start, 1 TOR R|X to flash end, 2 OFF at RAM start, 3 TOR R|W.
  EXPECT_EQ(c.pmpaddr[0], 0x20400000u >> 2);
  EXPECT_EQ(c.pmpaddr[1], 0x20404000u >> 2);
  EXPECT_EQ(c.pmpaddr[2], 0x80000000u >> 2);
  EXPECT_EQ(c.pmpaddr[3], (0x80000000u + 104) >> 2);
  EXPECT_EQ(c.pmpcfg[0], (0x0Bu << 24) | (0x00u << 16) | (0x0Du << 8) | 0x00u);
  for (int i = 1; i < 4; ++i)
    EXPECT_EQ(c.pmpcfg[i], 0u);
  for (int i = 4; i < 16; ++i)
    EXPECT_EQ(c.pmpaddr[i], 0u);
}

TEST(PmpTor, KernelEntriesAreLockedAndEncodedByShape) {
  static constexpr PmpTor::KernelEntry kEntries[] = {
      {0x0, 0x1000, 0},                                        // NAPOT null guard, deny
      {0x10000000, 4, PmpTor::kRead},                          // NA4
      {0x20000000, 0x3000, PmpTor::kRead | PmpTor::kExecute},  // TOR pair (not a power of 2)
  };
  const PmpTor unit(16, kEntries, 3);
  TestBoard<PmpTor> board(4096, 0x80000000, kTestKernelArea, unit);
  ProcessMemory<PmpTor> p;
  board.load(p, 600);
  const auto& c = p.protection();
  EXPECT_EQ(c.entry_config(4), PmpTor::kLocked | PmpTor::kModeNapot);
  EXPECT_EQ(c.pmpaddr[4], (0x1000u / 8) - 1);
  EXPECT_EQ(c.entry_config(5), PmpTor::kLocked | PmpTor::kModeNa4 | PmpTor::kRead);
  EXPECT_EQ(c.pmpaddr[5], 0x10000000u >> 2);
  EXPECT_EQ(c.entry_config(6), PmpTor::kModeOff);
  EXPECT_EQ(c.entry_config(7),
            PmpTor::kLocked | PmpTor::kModeTor | PmpTor::kRead | PmpTor::kExecute);
  EXPECT_EQ(c.pmpaddr[7], 0x20003000u >> 2);
  // Decoded: machine mode is denied the guard, keeps the whole process block.
  EXPECT_TRUE(pmp_access(c, 0x800, true) == kNoAccess);
  EXPECT_TRUE(pmp_access(c, 0x20002FFC, true) == kReadExecute);
  for (uintptr_t a = p.memory_start(); a < p.memory_end(); a += 4) {
    ASSERT_TRUE(pmp_access(c, a, true) == (Access{true, true, true, true}));
  }
  EXPECT_TRUE(user_view_matches(board.unit(), p, true));
}

TEST(PmpTor, KernelEntriesThatCannotBeHonouredFailTheLoad) {
  static constexpr PmpTor::KernelEntry kOverlapsRam[] = {{0x80000000, 0x10000, 0}};
  static constexpr PmpTor::KernelEntry kUnaligned[] = {{0x1002, 0x10, 0}};
  static constexpr PmpTor::KernelEntry kBadPermissions[] = {{0x1000, 0x10, 0x40}};
  static constexpr PmpTor::KernelEntry kSevenTorPairs[] = {
      {0x1000, 0x30, 0}, {0x2000, 0x30, 0}, {0x3000, 0x30, 0}, {0x4000, 0x30, 0},
      {0x5000, 0x30, 0}, {0x6000, 0x30, 0}, {0x7000, 0x30, 0}};
  const PmpTor units[] = {PmpTor(16, kOverlapsRam, 1),    PmpTor(16, kUnaligned, 1),
                          PmpTor(16, kBadPermissions, 1), PmpTor(16, kSevenTorPairs, 7),
                          PmpTor(3, nullptr, 0),          PmpTor(17, nullptr, 0)};
  for (const PmpTor& unit : units) {
    TestBoard<PmpTor> board(4096, 0x80000000, kTestKernelArea, unit);
    ProcessMemory<PmpTor> p;
    EXPECT_EQ(board.pool().load(TestBoard<PmpTor>::image(600), p), MemoryError::NotProtectable);
    EXPECT_FALSE(p.loaded());
    EXPECT_EQ(board.pool().next_free_address(), 0x80000000u);
  }
}

TEST(PmpTor, FlashMustBeWordAligned) {
  TestBoard<PmpTor> board;
  ProcessMemory<PmpTor> p;
  ProcessImage image = TestBoard<PmpTor>::image(600);
  image.flash = FlashRange{0x20400002, 0x100};
  EXPECT_EQ(board.pool().load(image, p), MemoryError::NotProtectable);
  image.flash = FlashRange{0x20400000, 0x102};
  EXPECT_EQ(board.pool().load(image, p), MemoryError::NotProtectable);
  image.flash = FlashRange{0xFFFFFF00, 0x100};
  EXPECT_EQ(board.pool().load(image, p), MemoryError::None);
  EXPECT_TRUE(user_access(p.protection(), 0xFFFFFFFC) == kReadExecute);
}

struct SweepCase {
  size_t min_ram;
  uintptr_t ram_address;
  size_t grant;
};

class PmpSweep : public ::testing::TestWithParam<SweepCase> {};

size_t block_for(size_t min_ram) {
  PmpTor unit;
  kernel::BlockShape shape{};
  size_t area = 0;
  kTestKernelArea.size(area);
  EXPECT_EQ(unit.block_shape(min_ram, area, shape), MemoryError::None);
  return shape.size;
}

TEST_P(PmpSweep, UserAccessFollowsTheBreakExactly) {
  const SweepCase c = GetParam();
  TestBoard<PmpTor> board(4 * c.min_ram + 4096, c.ram_address);
  sweep_breaks(board, c.min_ram, block_for(c.min_ram), c.grant);
}

TEST_P(PmpSweep, GrantsNeverLandInUserMemory) {
  const SweepCase c = GetParam();
  TestBoard<PmpTor> board(4 * c.min_ram + 4096, c.ram_address);
  sweep_grants(board, c.min_ram, c.min_ram <= 2048 ? 4 : c.min_ram / 256);
}

INSTANTIATE_TEST_SUITE_P(
    Blocks, PmpSweep,
    ::testing::Values(SweepCase{300, 0x80000000, 0}, SweepCase{1000, 0x80000004, 0},
                      SweepCase{1000, 0x80000000, 37}, SweepCase{2052, 0x80000010, 0},
                      SweepCase{4000, 0x80000000, 500}, SweepCase{16000, 0x80000000, 0},
                      SweepCase{3000, 0xFFFFC000, 0}));

}  // namespace
}  // namespace tide::test
