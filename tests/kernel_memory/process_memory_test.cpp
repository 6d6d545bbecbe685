// The rules of brk/sbrk, grants, allow and reset, on every protection unit.
#include <gtest/gtest.h>

#include <climits>
#include <cstdint>
#include <cstring>

#include "test_board.h"

namespace tide::test {
namespace {

using kernel::AllowKind;
using kernel::kNoDriver;

template <class Unit>
class ProcessMemoryTest : public ::testing::Test {
 protected:
  void SetUp() override { board_.load(process_, 1000); }

  uintptr_t start() const { return process_.memory_start(); }
  uintptr_t end() const { return process_.memory_end(); }
  uintptr_t granularity() const { return process_.break_granularity(); }
  // The highest break the unit can represent below the kernel break.
  uintptr_t highest_break() const {
    return kernel::align_down(process_.kernel_break() - start(), granularity()) + start();
  }
  // Fails the test unless `call` returns `error` and leaves every observable unchanged.
  template <class Call>
  void expect_refused(MemoryError error, Call call) {
    const Snapshot<Unit> before(process_);
    EXPECT_EQ(call(), error);
    EXPECT_TRUE(Snapshot<Unit>(process_) == before);
    EXPECT_TRUE(process_.invariants_hold());
  }
  void fill_block(unsigned char value) {
    std::memset(process_.kernel_pointer(start(), process_.memory_size()), value,
                process_.kernel_area_start() - start());
  }
  bool zero(uintptr_t from, uintptr_t to) const {
    const unsigned char* p = process_.kernel_pointer(from, to - from);
    for (uintptr_t i = 0; i < to - from; ++i) {
      if (p[i] != 0) return false;
    }
    return true;
  }

  TestBoard<Unit> board_;
  ProcessMemory<Unit> process_;
};

using Units = ::testing::Types<Pmsav7Mpu, PmpTor, NoProtection>;
TYPED_TEST_SUITE(ProcessMemoryTest, Units);

TYPED_TEST(ProcessMemoryTest, LoadsWithTheUnitsInitialBreak) {
  auto& p = this->process_;
  EXPECT_EQ(p.app_break(), this->start() + this->board_.unit().initial_break_size());
  EXPECT_EQ(p.allow_high_water_mark(), this->start());
  EXPECT_EQ(p.kernel_break(), p.kernel_area_start());
  EXPECT_GE(p.kernel_area_start() - this->start(), 1000u);
  EXPECT_TRUE(p.invariants_hold());
  EXPECT_TRUE(this->zero(this->start(), p.kernel_area_start()));
}

TYPED_TEST(ProcessMemoryTest, BrkBoundaries) {
  auto& p = this->process_;
  const uintptr_t kb = p.kernel_break();
  this->expect_refused(MemoryError::AddressOutOfBounds, [&] { return p.brk(this->start() - 1); });
  this->expect_refused(MemoryError::AddressOutOfBounds, [&] { return p.brk(0); });
  this->expect_refused(MemoryError::AddressOutOfBounds, [&] { return p.brk(this->end()); });
  this->expect_refused(MemoryError::AddressOutOfBounds, [&] { return p.brk(this->end() + 1); });
  this->expect_refused(MemoryError::AddressOutOfBounds, [&] { return p.brk(UINTPTR_MAX); });
  this->expect_refused(MemoryError::OutOfMemory, [&] { return p.brk(this->end() - 1); });
  this->expect_refused(MemoryError::OutOfMemory, [&] { return p.brk(kb + 1); });
  // The highest representable break works, one past it does not (unless it is exact).
  const uintptr_t top = this->highest_break();
  EXPECT_EQ(p.brk(top), MemoryError::None);
  EXPECT_EQ(p.app_break(), top);
  if (top < kb) {
    this->expect_refused(MemoryError::OutOfMemory, [&] { return p.brk(top + 1); });
    this->expect_refused(MemoryError::OutOfMemory, [&] { return p.brk(kb); });
  } else {
    EXPECT_EQ(p.brk(kb), MemoryError::None);
  }
  // Down to an empty app part and back.
  EXPECT_EQ(p.brk(this->start()), MemoryError::None);
  EXPECT_EQ(p.protected_end(), this->start());
  EXPECT_EQ(p.brk(this->start() + 1), MemoryError::None);
  EXPECT_EQ(p.protected_end(), this->start() + this->granularity());
  EXPECT_TRUE(p.invariants_hold());
}

TYPED_TEST(ProcessMemoryTest, SbrkReturnsThePreviousBreak) {
  auto& p = this->process_;
  const uintptr_t before = p.app_break();
  auto grown = p.sbrk(100);
  ASSERT_TRUE(grown.ok());
  EXPECT_EQ(grown.value(), before);
  EXPECT_EQ(p.app_break(), before + 100);
  auto same = p.sbrk(0);
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(same.value(), before + 100);
  auto shrunk = p.sbrk(-100);
  ASSERT_TRUE(shrunk.ok());
  EXPECT_EQ(shrunk.value(), before + 100);
  EXPECT_EQ(p.app_break(), before);
}

TYPED_TEST(ProcessMemoryTest, SbrkRejectsWrappingAndOutOfRangeDeltas) {
  auto& p = this->process_;
  const auto sbrk_error = [&](intptr_t delta) {
    return [&p, delta] { return p.sbrk(delta).error(); };
  };
  const intptr_t below_start = -static_cast<intptr_t>(p.app_break() - this->start()) - 1;
  this->expect_refused(MemoryError::AddressOutOfBounds, sbrk_error(below_start));
  this->expect_refused(MemoryError::AddressOutOfBounds, sbrk_error(INTPTR_MIN));
  this->expect_refused(MemoryError::AddressOutOfBounds, sbrk_error(INTPTR_MAX));
  this->expect_refused(MemoryError::AddressOutOfBounds, sbrk_error(-(intptr_t{1} << 31)));
  this->expect_refused(MemoryError::AddressOutOfBounds, sbrk_error(-((intptr_t{1} << 32) - 1)));
  this->expect_refused(MemoryError::AddressOutOfBounds, sbrk_error(intptr_t{1} << 31));
  this->expect_refused(MemoryError::AddressOutOfBounds, sbrk_error((intptr_t{1} << 32) - 1));
  this->expect_refused(MemoryError::AddressOutOfBounds, sbrk_error(-1 - INTPTR_MAX / 2));
  // A delta that wraps to exactly the current break (2^64 on the host) cannot happen
  // with a signed delta; the largest one that reaches memory_end is refused.
  const intptr_t to_end = static_cast<intptr_t>(this->end() - p.app_break());
  this->expect_refused(MemoryError::AddressOutOfBounds, sbrk_error(to_end));
  this->expect_refused(MemoryError::OutOfMemory, sbrk_error(to_end - 1));
  // Exactly down to memory_start is allowed.
  auto r = p.sbrk(below_start + 1);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(p.app_break(), this->start());
}

TYPED_TEST(ProcessMemoryTest, GrowthZeroesWhatTheAppGains) {
  auto& p = this->process_;
  ASSERT_EQ(p.brk(this->start() + 600), MemoryError::None);
  this->fill_block(0xAB);
  ASSERT_EQ(p.brk(this->start() + 100), MemoryError::None);
  ASSERT_EQ(p.brk(this->start() + 500), MemoryError::None);
  EXPECT_TRUE(this->zero(this->start() + 100, p.protected_end()));
  const unsigned char* kept = p.kernel_pointer(this->start() + 99, 1);
  ASSERT_NE(kept, nullptr);
  EXPECT_EQ(kept[0], 0xAB);  // kept: the app's own
}

TYPED_TEST(ProcessMemoryTest, GrantValidation) {
  auto& p = this->process_;
  this->expect_refused(MemoryError::InvalidArgument,
                       [&] { return p.allocate_grant(1, 8, 0).error(); });
  this->expect_refused(MemoryError::InvalidArgument,
                       [&] { return p.allocate_grant(1, 8, 3).error(); });
  this->expect_refused(MemoryError::InvalidArgument,
                       [&] { return p.allocate_grant(kNoDriver, 8, 4).error(); });
  this->expect_refused(MemoryError::OutOfMemory,
                       [&] { return p.allocate_grant(1, SIZE_MAX, 4).error(); });
  this->expect_refused(MemoryError::OutOfMemory,
                       [&] { return p.allocate_grant(1, p.kernel_break() + 1, 1).error(); });
  this->expect_refused(MemoryError::OutOfMemory,
                       [&] { return p.allocate_grant(1, p.kernel_break(), 1).error(); });
  const size_t gap = p.kernel_break() - p.protected_end();
  this->expect_refused(MemoryError::OutOfMemory,
                       [&] { return p.allocate_grant(1, gap + 1, 1).error(); });
  // An alignment that pushes the start below the app's protected end.
  this->expect_refused(MemoryError::OutOfMemory,
                       [&] { return p.allocate_grant(1, 4, size_t{1} << 40).error(); });
  this->expect_refused(MemoryError::GrantNotFound, [&] { return p.grant(1).error(); });
  this->expect_refused(MemoryError::InvalidArgument, [&] { return p.grant(kNoDriver).error(); });

  auto g = p.allocate_grant(1, 24, 8);
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(g.value().address % 8, 0u);
  EXPECT_EQ(p.kernel_break(), g.value().address);
  EXPECT_EQ(p.grant(1).value().address, g.value().address);
  EXPECT_EQ(p.grant(1).value().bytes, g.value().bytes);
  this->expect_refused(MemoryError::GrantExists, [&] { return p.allocate_grant(1, 4, 4).error(); });
  for (uint32_t driver = 2; driver <= kTestKernelArea.driver_count; ++driver) {
    ASSERT_TRUE(p.allocate_grant(driver, 4, 4).ok());
  }
  this->expect_refused(MemoryError::GrantTableFull,
                       [&] { return p.allocate_grant(99, 4, 4).error(); });
  EXPECT_TRUE(p.invariants_hold());
}

TYPED_TEST(ProcessMemoryTest, GrantFillsTheGapExactlyAndIsZeroed) {
  auto& p = this->process_;
  ASSERT_EQ(p.brk(this->highest_break()), MemoryError::None);
  this->fill_block(0x5A);
  ASSERT_EQ(p.brk(this->start() + 200), MemoryError::None);
  const size_t gap = p.kernel_break() - p.protected_end();
  auto g = p.allocate_grant(7, gap, 1);
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(g.value().address, p.protected_end());
  EXPECT_TRUE(this->zero(p.kernel_break(), p.kernel_area_start()));
  // The app can no longer grow, not even by one byte past its rounding.
  this->expect_refused(MemoryError::OutOfMemory, [&] { return p.brk(p.protected_end() + 1); });
  EXPECT_EQ(p.brk(p.protected_end()), MemoryError::None);
}

TYPED_TEST(ProcessMemoryTest, GrantCapsTheBreak) {
  auto& p = this->process_;
  auto g = p.allocate_grant(3, 100, 4);
  ASSERT_TRUE(g.ok());
  this->expect_refused(MemoryError::OutOfMemory, [&] { return p.brk(p.kernel_break() + 1); });
  EXPECT_EQ(p.brk(this->highest_break()), MemoryError::None);
  EXPECT_LE(p.protected_end(), p.kernel_break());
}

TYPED_TEST(ProcessMemoryTest, AllowValidationAndHighWaterMark) {
  auto& p = this->process_;
  ASSERT_EQ(p.brk(this->start() + 512), MemoryError::None);
  const uintptr_t brk = p.app_break();
  this->expect_refused(MemoryError::AddressOutOfBounds,
                       [&] { return p.allow(brk - 8, 9, AllowKind::ReadWrite); });
  this->expect_refused(MemoryError::AddressOutOfBounds,
                       [&] { return p.allow(this->start() - 1, 4, AllowKind::ReadWrite); });
  this->expect_refused(MemoryError::AddressOutOfBounds,
                       [&] { return p.allow(UINTPTR_MAX - 3, 8, AllowKind::ReadWrite); });
  this->expect_refused(MemoryError::AddressOutOfBounds,
                       [&] { return p.allow(this->start(), SIZE_MAX, AllowKind::ReadWrite); });
  const auto flash = p.flash();
  this->expect_refused(MemoryError::AddressOutOfBounds,
                       [&] { return p.allow(flash.start, 16, AllowKind::ReadWrite); });
  this->expect_refused(MemoryError::None,
                       [&] { return p.allow(flash.start, 16, AllowKind::ReadOnly); });
  this->expect_refused(MemoryError::AddressOutOfBounds, [&] {
    return p.allow(flash.start + flash.size - 4, 8, AllowKind::ReadOnly);
  });
  this->expect_refused(MemoryError::None, [&] { return p.allow(12345, 0, AllowKind::ReadWrite); });

  // check_allow answers as allow would and changes nothing, the mark included.
  this->expect_refused(MemoryError::None, [&] {
    return p.check_allow(this->start() + 100, 100, AllowKind::ReadOnly);
  });
  this->expect_refused(MemoryError::AddressOutOfBounds,
                       [&] { return p.check_allow(brk - 8, 9, AllowKind::ReadWrite); });
  this->expect_refused(MemoryError::None,
                       [&] { return p.check_allow(flash.start, 16, AllowKind::ReadOnly); });
  this->expect_refused(MemoryError::AddressOutOfBounds,
                       [&] { return p.check_allow(flash.start, 16, AllowKind::ReadWrite); });

  EXPECT_EQ(p.allow(this->start() + 100, 100, AllowKind::ReadOnly), MemoryError::None);
  EXPECT_EQ(p.allow_high_water_mark(), this->start() + 200);
  EXPECT_EQ(p.allow(this->start() + 10, 10, AllowKind::ReadWrite), MemoryError::None);
  EXPECT_EQ(p.allow_high_water_mark(), this->start() + 200);  // never lowered
  EXPECT_EQ(p.allow(brk - 8, 8, AllowKind::ReadWrite), MemoryError::None);
  EXPECT_EQ(p.allow_high_water_mark(), brk);
  // Tock issue 1141: the app cannot shrink under a buffer the kernel may hold, so a
  // later grant can never land on it.
  this->expect_refused(MemoryError::AddressOutOfBounds, [&] { return p.brk(brk - 1); });
  EXPECT_EQ(p.brk(brk), MemoryError::None);
  const size_t gap = p.kernel_break() - p.protected_end();
  auto g = p.allocate_grant(1, gap, 1);
  ASSERT_TRUE(g.ok());
  EXPECT_GE(g.value().address, brk);
}

TYPED_TEST(ProcessMemoryTest, ResetRestoresTheInitialState) {
  auto& p = this->process_;
  const Snapshot<TypeParam> initial(p);
  ASSERT_EQ(p.brk(this->start() + 700), MemoryError::None);
  this->fill_block(0x77);
  ASSERT_EQ(p.allow(this->start() + 600, 50, AllowKind::ReadWrite), MemoryError::None);
  ASSERT_TRUE(p.allocate_grant(2, 64, 8).ok());
  EXPECT_EQ(p.restart_count(), 0u);
  ASSERT_EQ(p.reset(), MemoryError::None);
  EXPECT_EQ(p.restart_count(), 1u);
  EXPECT_EQ(p.grant(2).error(), MemoryError::GrantNotFound);
  EXPECT_TRUE(Snapshot<TypeParam>(p).registers == initial.registers);
  EXPECT_EQ(p.app_break(), initial.app_break);
  EXPECT_EQ(p.allow_high_water_mark(), initial.mark);
  EXPECT_EQ(p.kernel_break(), initial.kernel_break);
  EXPECT_TRUE(this->zero(this->start(), p.kernel_area_start()));
  EXPECT_TRUE(p.allocate_grant(2, 64, 8).ok());
  EXPECT_TRUE(p.invariants_hold());
}

TYPED_TEST(ProcessMemoryTest, TerminateDropsGrantPointersButNotTheirMemory) {
  auto& p = this->process_;
  ASSERT_TRUE(p.allocate_grant(2, 64, 8).ok());
  const uintptr_t kb = p.kernel_break();
  EXPECT_EQ(p.terminate(), MemoryError::None);
  EXPECT_EQ(p.grant(2).error(), MemoryError::GrantNotFound);
  EXPECT_EQ(p.kernel_break(), kb);
  EXPECT_TRUE(p.invariants_hold());
}

// Flash that shares a byte with the RAM block would give the app read+execute access to
// its kernel area, grants and gap (and let it allow them read-only): load refuses it,
// changing nothing, and so does each unit's configure_process. Flash just below or just
// above the block is fine.
TYPED_TEST(ProcessMemoryTest, FlashOverlappingTheBlockIsRefused) {
  using Unit = TypeParam;
  const Unit& unit = this->board_.unit();
  const uintptr_t ram = BoardTraits<Unit>::kRam;
  std::vector<unsigned char> bytes(0x800);
  const kernel::RamRegion block = {ram, 0x800, bytes.data()};
  const kernel::AppRamLayout layout = {ram, 0x800, ram + unit.initial_break_size(), ram + 0x700};
  struct Case {
    kernel::FlashRange flash;
    bool overlaps;
  };
  const Case cases[] = {
      {{ram + 0x400, 0x400}, true},   // the review's case: the upper half of the block
      {{ram, 0x800}, true},           // exactly the block
      {{ram - 0x100, 0x200}, true},   // across the block's start
      {{ram + 0x7E0, 0x40}, true},    // across its end
      {{ram - 0x400, 0x1000}, true},  // around it
      {{ram - 0x100, 0x100}, false},  // just below
      {{ram + 0x800, 0x100}, false},  // just above
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(::testing::Message()
                 << std::hex << "flash [0x" << c.flash.start << ", +0x" << c.flash.size << ")");
    ProcessImage image = TestBoard<Unit>::image(0x100);
    image.flash = c.flash;
    ProcessMemory<Unit> p;
    const MemoryError loaded = p.load(unit, block, kTestKernelArea, image);
    typename Unit::Config config;
    std::memset(static_cast<void*>(&config), 0x5A, sizeof(config));
    unsigned char untouched[sizeof(config)];
    std::memcpy(untouched, &config, sizeof(config));
    const MemoryError configured = unit.configure_process(config, c.flash, layout);
    if (c.overlaps) {
      EXPECT_EQ(loaded, MemoryError::InvalidArgument);
      EXPECT_FALSE(p.loaded());
      EXPECT_EQ(configured, MemoryError::InvalidArgument);
      EXPECT_EQ(std::memcmp(&config, untouched, sizeof(config)), 0);
    } else {
      EXPECT_EQ(loaded, MemoryError::None);
      EXPECT_EQ(configured, MemoryError::None);
      // A read-only allow reaches the flash, never the kernel area.
      EXPECT_EQ(p.allow(c.flash.start, c.flash.size, AllowKind::ReadOnly), MemoryError::None);
      EXPECT_EQ(p.allow(p.kernel_area_start(), 16, AllowKind::ReadOnly),
                MemoryError::AddressOutOfBounds);
    }
  }
}

TYPED_TEST(ProcessMemoryTest, UnloadedProcessRefusesEverything) {
  ProcessMemory<TypeParam> p;
  EXPECT_EQ(p.brk(0), MemoryError::NotLoaded);
  EXPECT_EQ(p.sbrk(0).error(), MemoryError::NotLoaded);
  EXPECT_EQ(p.allocate_grant(1, 4, 4).error(), MemoryError::NotLoaded);
  EXPECT_EQ(p.grant(1).error(), MemoryError::NotLoaded);
  EXPECT_EQ(p.allow(0, 4, AllowKind::ReadWrite), MemoryError::NotLoaded);
  EXPECT_EQ(p.reset(), MemoryError::NotLoaded);
  EXPECT_EQ(p.terminate(), MemoryError::NotLoaded);
  EXPECT_EQ(p.kernel_pointer(0, 0), nullptr);
  EXPECT_TRUE(p.invariants_hold());
  EXPECT_EQ(kernel::memop(p, 2, 0), kernel::SyscallResult::failure(abi::Error::kFail));
}

}  // namespace
}  // namespace tide::test
