// Memop dispatch: every operation, its success value, and its failures.
#include <gtest/gtest.h>

#include <cstdint>

#include "test_board.h"

namespace tide::test {
namespace {

using kernel::memop;
using kernel::SyscallResult;

template <class Unit>
class MemopTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ProcessImage image = TestBoard<Unit>::image(1000);
    const auto flash = image.flash;
    image.writeable_flash[0] = {flash.start + 0x100, 0x40};
    image.writeable_flash[1] = {flash.start + 0x800, 0x200};
    image.writeable_flash_count = 2;
    ASSERT_EQ(board_.pool().load(image, p_), MemoryError::None);
  }
  SyscallResult op(uint32_t operation, uintptr_t argument = 0) {
    return memop(p_, operation, argument);
  }

  TestBoard<Unit> board_;
  ProcessMemory<Unit> p_;
};

using Units = ::testing::Types<Pmsav7Mpu, PmpTor, NoProtection>;
TYPED_TEST_SUITE(MemopTest, Units);

TYPED_TEST(MemopTest, Queries) {
  auto& p = this->p_;
  const auto flash = p.flash();
  EXPECT_EQ(this->op(2), SyscallResult::success_with(p.memory_start()));
  EXPECT_EQ(this->op(3), SyscallResult::success_with(p.memory_end()));
  EXPECT_EQ(this->op(4), SyscallResult::success_with(flash.start));
  EXPECT_EQ(this->op(5), SyscallResult::success_with(flash.start + flash.size));
  EXPECT_EQ(this->op(6), SyscallResult::success_with(p.kernel_break()));
  ASSERT_TRUE(p.allocate_grant(1, 40, 8).ok());
  EXPECT_EQ(this->op(6), SyscallResult::success_with(p.kernel_break()));
  EXPECT_EQ(this->op(7), SyscallResult::success_with(2));
  EXPECT_EQ(this->op(8, 0), SyscallResult::success_with(flash.start + 0x100));
  EXPECT_EQ(this->op(9, 0), SyscallResult::success_with(flash.start + 0x140));
  EXPECT_EQ(this->op(8, 1), SyscallResult::success_with(flash.start + 0x800));
  EXPECT_EQ(this->op(9, 1), SyscallResult::success_with(flash.start + 0xA00));
  EXPECT_EQ(this->op(8, 2), SyscallResult::failure(abi::Error::kInvalid));
  EXPECT_EQ(this->op(9, 2), SyscallResult::failure(abi::Error::kInvalid));
  EXPECT_EQ(this->op(9, UINTPTR_MAX), SyscallResult::failure(abi::Error::kInvalid));
  EXPECT_EQ(this->op(12), SyscallResult::success_with(p.break_granularity()));
}

TYPED_TEST(MemopTest, UnknownOperationsAreNoSupport) {
  for (uint32_t op : {14u, 15u, 100u, 0x80000000u, 0xFFFFFFFFu}) {
    EXPECT_EQ(this->op(op, 1), SyscallResult::failure(abi::Error::kNoSupport)) << op;
  }
  EXPECT_EQ(this->op(14).encode().r0, 0u);
  EXPECT_EQ(this->op(14).encode().r1, 10u);
}

// Op 13 answers the unit's rounding of the break: the break rounded up to the granularity,
// counted from memory_start (an empty app part ends at memory_start).
TYPED_TEST(MemopTest, ProtectedEndFollowsTheBreakAsTheUnitRoundsIt) {
  auto& p = this->p_;
  const uintptr_t start = p.memory_start();
  const uintptr_t step = p.break_granularity();
  const auto rounded = [&](uintptr_t brk) {
    return start + (brk - start + step - 1) / step * step;
  };
  EXPECT_EQ(this->op(13), SyscallResult::success_with(rounded(p.initial_app_break())));
  const uintptr_t top = p.kernel_break() - (p.kernel_break() - start) % step;
  for (uintptr_t brk : {start, start + 1, start + step - 1, start + step, start + step + 1,
                        start + 2 * step, top - 1, top, start + 4}) {
    ASSERT_EQ(this->op(0, brk), SyscallResult::success()) << brk - start;
    const SyscallResult end = this->op(13, 0xDEAD);  // the argument is ignored
    EXPECT_EQ(end, SyscallResult::success_with(rounded(brk))) << brk - start;
    EXPECT_EQ(end, SyscallResult::success_with(p.protected_end()));
    EXPECT_GE(end.encode().r1, brk);
    EXPECT_LE(end.encode().r1, p.kernel_break());
  }
  // A refused brk leaves it where it was; a reset brings back the initial value.
  EXPECT_EQ(this->op(0, p.kernel_break() + 1), SyscallResult::failure(abi::Error::kNoMemory));
  EXPECT_EQ(this->op(13), SyscallResult::success_with(rounded(start + 4)));
  ASSERT_EQ(p.reset(), MemoryError::None);
  EXPECT_EQ(this->op(13), SyscallResult::success_with(rounded(p.initial_app_break())));
}

TEST(MemopProtectedEnd, ExactValuesPerUnit) {
  // Pmsav7Mpu: a 1000 B app with the test kernel area gets a 2 KiB block, subregions of
  // 128 B; the initial break (32 B, the exception frame) ends at the first subregion.
  {
    TestBoard<Pmsav7Mpu> board;
    ProcessMemory<Pmsav7Mpu> p;
    board.load(p, 1000);
    const uintptr_t start = p.memory_start();
    ASSERT_EQ(p.memory_size(), 2048u);
    EXPECT_EQ(memop(p, 13, 0), SyscallResult::success_with(start + 128));
    ASSERT_EQ(p.brk(start), MemoryError::None);
    EXPECT_EQ(memop(p, 13, 0), SyscallResult::success_with(start));
    ASSERT_EQ(p.brk(start + 129), MemoryError::None);
    EXPECT_EQ(memop(p, 13, 0), SyscallResult::success_with(start + 256));
  }
  {
    TestBoard<PmpTor> board;
    ProcessMemory<PmpTor> p;
    board.load(p, 1000);
    const uintptr_t start = p.memory_start();
    EXPECT_EQ(memop(p, 13, 0), SyscallResult::success_with(start));
    ASSERT_EQ(p.brk(start + 5), MemoryError::None);
    EXPECT_EQ(memop(p, 13, 0), SyscallResult::success_with(start + 8));
  }
  {
    TestBoard<NoProtection> board;
    ProcessMemory<NoProtection> p;
    board.load(p, 1000);
    ASSERT_EQ(p.brk(p.memory_start() + 5), MemoryError::None);
    EXPECT_EQ(memop(p, 13, 0), SyscallResult::success_with(p.memory_start() + 5));
  }
  ProcessMemory<NoProtection> unloaded;
  EXPECT_EQ(memop(unloaded, 13, 0), SyscallResult::failure(abi::Error::kFail));
}

TYPED_TEST(MemopTest, BrkAndSbrk) {
  auto& p = this->p_;
  const uintptr_t start = p.memory_start();
  EXPECT_EQ(this->op(0, start + 64), SyscallResult::success());
  EXPECT_EQ(p.app_break(), start + 64);
  EXPECT_EQ(this->op(0, p.memory_end()), SyscallResult::failure(abi::Error::kNoMemory));
  EXPECT_EQ(this->op(0, p.kernel_break() + 1), SyscallResult::failure(abi::Error::kNoMemory));
  EXPECT_EQ(this->op(1, 32), SyscallResult::success_with(start + 64));
  EXPECT_EQ(this->op(1, static_cast<uintptr_t>(-16)), SyscallResult::success_with(start + 96));
  EXPECT_EQ(p.app_break(), start + 80);
  // Register values that are huge deltas either way.
  for (uintptr_t r1 : {uintptr_t{0x80000000}, uintptr_t{0xFFFFFFFF}, UINTPTR_MAX / 2,
                       static_cast<uintptr_t>(-(intptr_t{1} << 31)),
                       static_cast<uintptr_t>(-(intptr_t{0xFFFFFFFF})), UINTPTR_MAX / 2 + 1}) {
    EXPECT_EQ(this->op(1, r1), SyscallResult::failure(abi::Error::kNoMemory)) << r1;
    EXPECT_EQ(p.app_break(), start + 80);
  }
  const auto encoded = this->op(1, 0).encode();
  EXPECT_EQ(encoded.r0, static_cast<uintptr_t>(abi::ReturnVariant::kSuccessU32));
  EXPECT_EQ(encoded.r1, start + 80);
  EXPECT_EQ(SyscallResult::success().encode().r0, 128u);
}

TYPED_TEST(MemopTest, DebugHintsInsideRamAreKept) {
  auto& p = this->p_;
  EXPECT_EQ(this->op(10, p.memory_start() + 512), SyscallResult::success());
  EXPECT_EQ(this->op(11, p.memory_start() + 256), SyscallResult::success());
  EXPECT_EQ(p.stack_top_hint(), p.memory_start() + 512);
  EXPECT_EQ(p.heap_start_hint(), p.memory_start() + 256);
  EXPECT_EQ(this->op(10, p.memory_end()), SyscallResult::success());
  EXPECT_EQ(this->op(11, p.memory_start() - 1), SyscallResult::success());
  EXPECT_EQ(p.stack_top_hint(), p.memory_start() + 512);
  EXPECT_EQ(p.heap_start_hint(), p.memory_start() + 256);
  ASSERT_EQ(p.reset(), MemoryError::None);
  EXPECT_EQ(p.stack_top_hint(), 0u);
}

}  // namespace
}  // namespace tide::test
