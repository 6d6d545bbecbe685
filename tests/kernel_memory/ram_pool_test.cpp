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

TEST(RamPool, DirectLoadRejectsABlockTooSmallForTheImage) {
  TestBoard<NoProtection> board;
  ProcessMemory<NoProtection> p;
  unsigned char bytes[256];
  const kernel::RamRegion block = {0x1000, 256, bytes};
  EXPECT_EQ(p.load(board.unit(), block, kTestKernelArea, TestBoard<NoProtection>::image(100)),
            MemoryError::OutOfMemory);
  EXPECT_EQ(p.load(board.unit(), {0x1008, 256, bytes}, kTestKernelArea,
                   TestBoard<NoProtection>::image(10)),
            MemoryError::InvalidArgument);
  EXPECT_FALSE(p.loaded());
  EXPECT_EQ(p.load(board.unit(), block, kTestKernelArea, TestBoard<NoProtection>::image(10)),
            MemoryError::None);
}

}  // namespace
}  // namespace tide::test
