// tide::rt::brk / sbrk / current_break (runtime/src/syscall.cpp) over the host kernel,
// hostile values included: every refusal returns an error and changes nothing.
#include <cstdint>

#include "runtime_test_support.h"
#include "tide/abi/syscall.h"
#include "tide/runtime/syscall.h"

namespace tide::test {
namespace {

using BreakHelpers = UnitTest;

constexpr uintptr_t kFailed = ~uintptr_t{0};

TEST_P(BreakHelpers, CurrentBreakIsTheKernelsAppBreak) {
  EXPECT_EQ(rt::current_break(), kernel.memory_map().app_break);
  set_break_to_granule(1000);
  EXPECT_EQ(rt::current_break(), kernel.memory_map().app_break);
}

TEST_P(BreakHelpers, BrkMovesTheBreakBothWays) {
  const host::MemoryMap start = kernel.memory_map();
  const size_t g = granularity();
  ASSERT_TRUE(rt::brk(start.memory_start + 8 * g));
  EXPECT_EQ(kernel.memory_map().app_break, start.memory_start + 8 * g);
  ASSERT_TRUE(rt::brk(start.memory_start + 2 * g));
  EXPECT_EQ(kernel.memory_map().app_break, start.memory_start + 2 * g);
  ASSERT_TRUE(rt::brk(start.memory_start));  // an empty app part is allowed
  EXPECT_EQ(kernel.memory_map().protected_end, start.memory_start);
  EXPECT_TRUE(kernel.invariants_hold());
}

// Memop 13 through the runtime's trap: the protection unit's end for the break, which
// moves with it (rounded up to the granularity under the MPU and the PMP).
TEST_P(BreakHelpers, ProtectedEndMemopIsTheUnitsRoundedBreak) {
  const host::MemoryMap start = kernel.memory_map();
  const size_t g = granularity();
  const auto protected_end = [] {
    const rt::SyscallResult result = rt::memop(abi::Memop::kProtectedEnd);
    EXPECT_EQ(result.variant, static_cast<uint32_t>(abi::ReturnVariant::kSuccessU32));
    return uintptr_t{result.r1};
  };
  EXPECT_EQ(protected_end(), kernel.memory_map().protected_end);
  for (uintptr_t offset : {uintptr_t{0}, uintptr_t{1}, g - 1, g, g + 1, 3 * g}) {
    ASSERT_TRUE(rt::brk(start.memory_start + offset)) << offset;
    const uintptr_t end = kernel.memory_map().protected_end;
    EXPECT_EQ(protected_end(), end) << offset;
    EXPECT_EQ(end, start.memory_start + (offset + g - 1) / g * g) << offset;
  }
}

TEST_P(BreakHelpers, SbrkReturnsThePreviousBreak) {
  set_break_to_granule(256);
  const size_t g = granularity();
  const uintptr_t before = kernel.memory_map().app_break;
  EXPECT_EQ(rt::sbrk(static_cast<intptr_t>(g)), before);
  EXPECT_EQ(rt::sbrk(-static_cast<intptr_t>(g)), before + g);
  EXPECT_EQ(rt::sbrk(0), before);
}

// Deltas that wrap the 32-bit address space, or that do not fit a register on the host.
TEST_P(BreakHelpers, WrappingDeltasAreRefusedWithNoStateChange) {
  set_break_to_granule(512);
  const host::MemoryMap before = kernel.memory_map();
  const intptr_t hostile[] = {
      INTPTR_MAX,
      INTPTR_MIN,
      INT32_MAX,
      INT32_MIN,
      -INT32_MAX,
      static_cast<intptr_t>(UINT32_MAX),                            // -1 if truncated
      static_cast<intptr_t>(uint64_t{1} << 32),                     // 0 if truncated
      static_cast<intptr_t>((uint64_t{1} << 32) + 16),              // +16 if truncated
      -static_cast<intptr_t>(uint64_t{1} << 32) + 16,               // +16 if truncated
      static_cast<intptr_t>(UINT32_MAX - before.app_break + 1),     // wraps to 0
      -static_cast<intptr_t>(before.app_break) - 1,                 // wraps below 0
      static_cast<intptr_t>(before.memory_end - before.app_break),  // the block's end
  };
  for (const intptr_t delta : hostile) {
    EXPECT_EQ(rt::sbrk(delta), kFailed) << delta;
    EXPECT_TRUE(same_map(kernel.memory_map(), before)) << delta;
  }
  EXPECT_TRUE(kernel.invariants_hold());
}

TEST_P(BreakHelpers, HostileBreaksAreRefusedWithNoStateChange) {
  set_break_to_granule(512);
  const host::MemoryMap before = kernel.memory_map();
  const uintptr_t hostile[] = {
      0,
      before.memory_start - 1,
      before.kernel_break + 1,
      before.kernel_area_start + 16,
      before.memory_end,
      before.memory_end + 4096,
      UINT32_MAX,
      ~uintptr_t{0},
      before.memory_start + (uintptr_t{1} << 32),  // memory_start if truncated
      before.app_break + (uintptr_t{1} << 32),     // the break if truncated
  };
  for (const uintptr_t address : hostile) {
    EXPECT_FALSE(rt::brk(address)) << std::hex << address;
    EXPECT_TRUE(same_map(kernel.memory_map(), before)) << std::hex << address;
  }
}

TEST_P(BreakHelpers, EveryRefusalIsNoMemory) {
  const host::MemoryMap before = kernel.memory_map();
  const rt::SyscallResult past =
      rt::memop(abi::Memop::kBrk, static_cast<uint32_t>(before.memory_end));
  EXPECT_FALSE(past.ok());
  EXPECT_EQ(past.error(), static_cast<uint32_t>(abi::Error::kNoMemory));
  const rt::SyscallResult wrap = rt::memop(abi::Memop::kSbrk, 0x80000000u);
  EXPECT_EQ(wrap.error(), static_cast<uint32_t>(abi::Error::kNoMemory));
  EXPECT_TRUE(same_map(kernel.memory_map(), before));
}

// A buffer the kernel may still hold pins the break (Tock issue 1141).
TEST_P(BreakHelpers, BrkNeverGoesBelowAnAllowedBuffer) {
  set_break_to_granule(4096);
  const host::MemoryMap before = kernel.memory_map();
  const uintptr_t buffer = before.app_break - 64;
  const rt::SyscallResult allowed = rt::allow_read_only(
      abi::Driver::kConsole, abi::console::kAllowWrite, reinterpret_cast<const void*>(buffer), 32);
  ASSERT_TRUE(allowed.ok());
  EXPECT_EQ(kernel.memory_map().allow_high_water_mark, buffer + 32);
  const host::MemoryMap pinned = kernel.memory_map();
  EXPECT_FALSE(rt::brk(buffer + 31));
  EXPECT_EQ(rt::sbrk(-64), kFailed);
  EXPECT_TRUE(same_map(kernel.memory_map(), pinned));
  EXPECT_TRUE(rt::brk(buffer + 32));
}

TEST_P(BreakHelpers, AllowsOutsideTheAppsMemoryAreRefused) {
  set_break_to_granule(4096);
  const host::MemoryMap before = kernel.memory_map();
  const uintptr_t hostile[] = {before.app_break, before.kernel_break, before.kernel_area_start,
                               before.memory_start - 16};
  for (const uintptr_t address : hostile) {
    const rt::SyscallResult result = rt::allow_read_only(
        abi::Driver::kConsole, abi::console::kAllowWrite, reinterpret_cast<void*>(address), 16);
    EXPECT_EQ(result.error(), static_cast<uint32_t>(abi::Error::kInvalid)) << std::hex << address;
  }
  const host::MemoryMap after = kernel.memory_map();
  EXPECT_EQ(after.allow_high_water_mark, before.allow_high_water_mark);
  EXPECT_EQ(after.app_break, before.app_break);
}

TEST_P(BreakHelpers, UnknownClassesDriversAndOperationsAreRefused) {
  const host::MemoryMap before = kernel.memory_map();
  EXPECT_EQ(rt::tide_syscall(7, 0, 0, 0, 0).error(), static_cast<uint32_t>(abi::Error::kNoSupport));
  EXPECT_EQ(rt::tide_syscall(0xfe, 1, 2, 3, 4).error(),
            static_cast<uint32_t>(abi::Error::kNoSupport));
  EXPECT_EQ(rt::command(static_cast<abi::Driver>(99), 0).error(),
            static_cast<uint32_t>(abi::Error::kNoDevice));
  EXPECT_EQ(rt::memop(static_cast<abi::Memop>(99)).error(),
            static_cast<uint32_t>(abi::Error::kNoSupport));
  EXPECT_EQ(rt::tide_syscall(6, 2, 0, 0, 0).error(), static_cast<uint32_t>(abi::Error::kNoSupport));
  EXPECT_EQ(rt::tide_syscall(0, 2, 0, 0, 0).error(), static_cast<uint32_t>(abi::Error::kInvalid));
  EXPECT_TRUE(same_map(kernel.memory_map(), before));
}

TEST_P(BreakHelpers, MemopReportsTheMemoryMap) {
  const host::MemoryMap map = kernel.memory_map();
  EXPECT_EQ(rt::memop(abi::Memop::kRamStart).r1, map.memory_start);
  EXPECT_EQ(rt::memop(abi::Memop::kRamEnd).r1, map.memory_end);
  EXPECT_EQ(rt::memop(abi::Memop::kGrantStart).r1, map.kernel_break);
  EXPECT_EQ(rt::memop(abi::Memop::kFlashStart).r1, kernel.flash_start());
  EXPECT_EQ(rt::memop(abi::Memop::kFlashEnd).r1, kernel.flash_start() + kernel.flash_size());
  EXPECT_EQ(rt::memop(abi::Memop::kWriteableFlashRegions).r1, 0u);
  EXPECT_FALSE(rt::memop(abi::Memop::kWriteableFlashStart, 0).ok());
}

INSTANTIATE_TEST_SUITE_P(Units, BreakHelpers, kAllUnits, unit_param_name);

}  // namespace
}  // namespace tide::test
