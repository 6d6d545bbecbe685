// RamPool placement, load errors, and the kernel area's size.
#include <gtest/gtest.h>

#include <cstdint>

#include "test_board.h"

namespace tide::test {
namespace {

using kernel::KernelArea;

TEST(KernelArea, SizeGrowsWithDriversAndUpcalls) {
  size_t size = 0;
  ASSERT_TRUE((KernelArea{0, 0}).size(size));
  EXPECT_EQ(size, 4 * sizeof(uintptr_t) == 16 ? 16u : 32u);
  ASSERT_TRUE((KernelArea{8, 0}).size(size));
  EXPECT_EQ(size, 8 * 2 * sizeof(uintptr_t) + 4 * sizeof(uintptr_t));
  EXPECT_FALSE((KernelArea{SIZE_MAX / 4, 0}).size(size));
  EXPECT_FALSE((KernelArea{1, SIZE_MAX / 8}).size(size));
}

template <class Unit>
class RamPoolTest : public ::testing::Test {};
using Units = ::testing::Types<Pmsav7Mpu, PmpTor, NoProtection>;
TYPED_TEST_SUITE(RamPoolTest, Units);

TYPED_TEST(RamPoolTest, PlacesProcessesOneAfterAnother) {
  TestBoard<TypeParam> board(64 * 1024);
  ProcessMemory<TypeParam> processes[5];
  const size_t sizes[] = {1000, 300, 3000, 100, 5000};
  uintptr_t previous_end = 0;
  for (int i = 0; i < 5; ++i) {
    board.load(processes[i], sizes[i]);
    const auto& p = processes[i];
    kernel::BlockShape shape{};
    ASSERT_EQ(board.pool().block_shape(sizes[i], shape), MemoryError::None);
    EXPECT_EQ(p.memory_size(), shape.size);
    EXPECT_EQ(p.memory_start() % shape.alignment, 0u);
    EXPECT_GE(p.memory_start(), previous_end);
    EXPECT_GE(p.kernel_area_start() - p.memory_start(), sizes[i]);
    // The app can reach min_ram_size.
    EXPECT_EQ(processes[i].brk(p.memory_start() + sizes[i]), MemoryError::None);
    previous_end = p.memory_end();
  }
  EXPECT_EQ(board.pool().next_free_address(), previous_end);
}

TYPED_TEST(RamPoolTest, LoadErrorsChangeNothing) {
  TestBoard<TypeParam> board(8192);
  ProcessMemory<TypeParam> big;
  EXPECT_EQ(board.pool().load(TestBoard<TypeParam>::image(8192), big), MemoryError::PoolExhausted);
  EXPECT_FALSE(big.loaded());
  EXPECT_EQ(board.pool().bytes_left(), 8192u);
  EXPECT_EQ(board.pool().load(TestBoard<TypeParam>::image(SIZE_MAX), big),
            MemoryError::NotProtectable);

  ProcessImage bad = TestBoard<TypeParam>::image(100);
  bad.writeable_flash_count = 5;
  EXPECT_EQ(board.pool().load(bad, big), MemoryError::InvalidArgument);
  bad.writeable_flash_count = 1;
  bad.writeable_flash[0] = {bad.flash.start + bad.flash.size - 4, 8};
  EXPECT_EQ(board.pool().load(bad, big), MemoryError::InvalidArgument);
  bad.writeable_flash_count = 0;
  bad.flash.size = 0;
  EXPECT_EQ(board.pool().load(bad, big), MemoryError::InvalidArgument);
  bad.flash = {UINTPTR_MAX - 3, 8};
  EXPECT_EQ(board.pool().load(bad, big), MemoryError::InvalidArgument);
  EXPECT_EQ(board.pool().bytes_left(), 8192u);

  ProcessMemory<TypeParam> p;
  board.load(p, 1000);
  const uintptr_t next = board.pool().next_free_address();
  EXPECT_EQ(board.pool().load(TestBoard<TypeParam>::image(100), p), MemoryError::InvalidArgument);
  EXPECT_EQ(board.pool().next_free_address(), next);
  // Fill the pool, then one more is a clear PoolExhausted.
  ProcessMemory<TypeParam> more[16];
  MemoryError last = MemoryError::None;
  for (auto& q : more) {
    last = board.pool().load(TestBoard<TypeParam>::image(1000), q);
    if (last != MemoryError::None) break;
  }
  EXPECT_EQ(last, MemoryError::PoolExhausted);
  EXPECT_STREQ(kernel::describe(last), "not enough RAM left in the pool");
}

// load_at: blocks exactly where asked, in any order; load() then goes past the highest.
TYPED_TEST(RamPoolTest, LoadAtPlacesBlocksWhereAsked) {
  TestBoard<TypeParam> board(64 * 1024);
  kernel::BlockShape shape{};
  ASSERT_EQ(board.pool().block_shape(1000, shape), MemoryError::None);
  const uintptr_t base = BoardTraits<TypeParam>::kRam;
  const uintptr_t slot = 8 * 1024;  // a multiple of every unit's block alignment here
  ProcessMemory<TypeParam> p[4];
  for (int i : {2, 0, 3}) {
    ASSERT_EQ(board.pool().load_at(base + i * slot, TestBoard<TypeParam>::image(1000), p[i]),
              MemoryError::None);
    EXPECT_EQ(p[i].memory_start(), base + i * slot);
    EXPECT_EQ(p[i].memory_size(), shape.size);
    EXPECT_TRUE(p[i].invariants_hold());
  }
  EXPECT_EQ(board.pool().block_count(), 3u);
  EXPECT_EQ(board.pool().next_free_address(), base + 3 * slot + shape.size);
  board.load(p[1], 1000);
  EXPECT_GE(p[1].memory_start(), base + 3 * slot + shape.size);
  // The last block may end exactly at the pool's end.
  ProcessMemory<TypeParam> last;
  const uintptr_t at_end = base + 64 * 1024 - shape.size;
  ASSERT_EQ(at_end % shape.alignment, 0u);
  EXPECT_EQ(board.pool().load_at(at_end, TestBoard<TypeParam>::image(1000), last),
            MemoryError::None);
}

TYPED_TEST(RamPoolTest, LoadAtErrorsAreClearAndChangeNothing) {
  TestBoard<TypeParam> board(64 * 1024);
  const auto image = TestBoard<TypeParam>::image(1000);
  kernel::BlockShape shape{};
  ASSERT_EQ(board.pool().block_shape(1000, shape), MemoryError::None);
  const uintptr_t base = BoardTraits<TypeParam>::kRam;
  const uintptr_t placed = base + 4 * shape.size;
  ProcessMemory<TypeParam> first;
  ASSERT_EQ(board.pool().load_at(placed, image, first), MemoryError::None);
  const uintptr_t next = board.pool().next_free_address();

  ProcessMemory<TypeParam> p;
  const auto refused = [&](uintptr_t address, MemoryError expected) {
    EXPECT_EQ(board.pool().load_at(address, image, p), expected) << address - base;
    EXPECT_FALSE(p.loaded());
    EXPECT_EQ(board.pool().next_free_address(), next);
    EXPECT_EQ(board.pool().block_count(), 1u);
  };
  refused(base - shape.alignment, MemoryError::BlockOutsidePool);
  refused(base + 64 * 1024 - shape.size + shape.alignment, MemoryError::BlockOutsidePool);
  refused(base + 64 * 1024, MemoryError::BlockOutsidePool);
  refused(UINTPTR_MAX - 15, MemoryError::BlockOutsidePool);  // the end would wrap
  refused(base + shape.alignment / 2, MemoryError::BlockMisaligned);
  refused(base + 8, MemoryError::BlockMisaligned);
  refused(placed, MemoryError::BlockOverlaps);
  refused(placed - shape.size + shape.alignment, MemoryError::BlockOverlaps);  // from below
  refused(placed + shape.size - shape.alignment, MemoryError::BlockOverlaps);  // from above
  EXPECT_EQ(board.pool().load_at(placed, TestBoard<TypeParam>::image(SIZE_MAX), p),
            MemoryError::NotProtectable);
  EXPECT_EQ(board.pool().load_at(base, image, first), MemoryError::InvalidArgument);
  EXPECT_STREQ(kernel::describe(MemoryError::BlockOverlaps),
               "block overlaps a process already placed in the pool");
  // Right below and right above the placed block are free.
  EXPECT_EQ(board.pool().load_at(placed - shape.size, image, p), MemoryError::None);
  ProcessMemory<TypeParam> above;
  EXPECT_EQ(board.pool().load_at(placed + shape.size, image, above), MemoryError::None);
}

// Misalignment is the unit's rule: Cortex-M blocks are aligned to half their size.
TEST(RamPool, LoadAtHonoursTheMpuBlockAlignment) {
  TestBoard<Pmsav7Mpu> board(64 * 1024);
  kernel::BlockShape shape{};
  ASSERT_EQ(board.pool().block_shape(6000, shape), MemoryError::None);
  ASSERT_EQ(shape.size, 8192u);
  ASSERT_EQ(shape.alignment, 4096u);
  ProcessMemory<Pmsav7Mpu> p;
  const auto image = TestBoard<Pmsav7Mpu>::image(6000);
  EXPECT_EQ(board.pool().load_at(0x20000000 + 2048, image, p), MemoryError::BlockMisaligned);
  EXPECT_EQ(board.pool().load_at(0x20000000 + 4096, image, p), MemoryError::None);
}

TEST(RamPool, LoadAtKeepsTrackOfAtMostMaxBlocks) {
  TestBoard<NoProtection> board(64 * 1024);
  kernel::BlockShape shape{};
  ASSERT_EQ(board.pool().block_shape(100, shape), MemoryError::None);
  ProcessMemory<NoProtection> p[RamPool<NoProtection>::kMaxBlocks + 1];
  for (size_t i = 0; i < RamPool<NoProtection>::kMaxBlocks; ++i) {
    ASSERT_EQ(
        board.pool().load_at(0x10000 + i * shape.size, TestBoard<NoProtection>::image(100), p[i]),
        MemoryError::None);
  }
  EXPECT_EQ(board.pool().load(TestBoard<NoProtection>::image(100), p[16]),
            MemoryError::PoolExhausted);
  EXPECT_FALSE(p[16].loaded());
}

TEST(RamPool, DirectLoadRejectsABlockTooSmallForTheImage) {
  TestBoard<NoProtection> board;
  ProcessMemory<NoProtection> p;
  unsigned char bytes[256];
  const kernel::RamRegion block = {0x3000, 256, bytes};
  EXPECT_EQ(p.load(board.unit(), block, kTestKernelArea, TestBoard<NoProtection>::image(100)),
            MemoryError::OutOfMemory);
  EXPECT_EQ(p.load(board.unit(), {0x3008, 256, bytes}, kTestKernelArea,
                   TestBoard<NoProtection>::image(10)),
            MemoryError::InvalidArgument);
  EXPECT_FALSE(p.loaded());
  EXPECT_EQ(p.load(board.unit(), block, kTestKernelArea, TestBoard<NoProtection>::image(10)),
            MemoryError::None);
}

}  // namespace
}  // namespace tide::test
