// The allocator's platform hooks (runtime/src/platform.cpp) over the host kernel, for
// each protection unit: memop 1 sbrk moves the break exactly, memop 12 reports the
// unit's granularity, and a refusal returns (void*)-1 and changes nothing.
#include <cstring>

#include "runtime_test_support.h"
#include "tide/abi/syscall.h"
#include "tide/platform.h"
#include "tide/runtime/console.h"

namespace tide::test {
namespace {

using PlatformHooks = UnitTest;

TEST_P(PlatformHooks, GranularityIsTheUnitsBreakStep) {
  ASSERT_EQ(kernel.load_error(), kernel::MemoryError::None);
  const size_t g = tide_platform_break_granularity();
  EXPECT_EQ(g, granularity());
  EXPECT_EQ(g, kernel.memory_map().break_granularity);
  EXPECT_EQ(kernel.syscall_count(abi::SyscallClass::kMemop), 1u);  // one memop 12
}

TEST_P(PlatformHooks, SbrkZeroReportsTheBreakAndChangesNothing) {
  const host::MemoryMap before = kernel.memory_map();
  EXPECT_EQ(addr(tide_platform_sbrk(0)), before.app_break);
  EXPECT_TRUE(same_map(kernel.memory_map(), before));
}

TEST_P(PlatformHooks, SbrkGrowsTheBreakExactlyAndReturnsThePreviousBreak) {
  set_break_to_granule(4096);
  const size_t g = granularity();
  const host::MemoryMap before = kernel.memory_map();
  void* previous = tide_platform_sbrk(static_cast<intptr_t>(3 * g));
  EXPECT_EQ(addr(previous), before.app_break);
  const host::MemoryMap after = kernel.memory_map();
  EXPECT_EQ(after.app_break, before.app_break + 3 * g);
  EXPECT_EQ(after.protected_end, after.app_break);  // a multiple of the step wastes nothing
  EXPECT_EQ(after.kernel_break, before.kernel_break);
  EXPECT_TRUE(kernel.invariants_hold());
  // The memory is the app's: writable, and it reads as zero.
  auto* bytes = static_cast<unsigned char*>(previous);
  for (size_t i = 0; i < 3 * g; ++i)
    ASSERT_EQ(bytes[i], 0) << i;
  std::memset(previous, 0xA5, 3 * g);
}

TEST_P(PlatformHooks, SbrkShrinksTheBreakExactlyAndGrowthReadsAsZeroAgain) {
  set_break_to_granule(4096);
  const size_t g = granularity();
  auto* grown = static_cast<unsigned char*>(tide_platform_sbrk(static_cast<intptr_t>(2 * g)));
  ASSERT_NE(static_cast<void*>(grown), failed_sbrk());
  std::memset(grown, 0x5A, 2 * g);
  const uintptr_t high = kernel.memory_map().app_break;
  EXPECT_EQ(addr(tide_platform_sbrk(-static_cast<intptr_t>(g))), high);
  EXPECT_EQ(kernel.memory_map().app_break, high - g);
  EXPECT_EQ(kernel.memory_map().protected_end, high - g);
  EXPECT_EQ(addr(tide_platform_sbrk(static_cast<intptr_t>(g))), high - g);
  for (size_t i = 0; i < g; ++i)
    ASSERT_EQ(grown[g + i], 0) << i;
  EXPECT_EQ(grown[g - 1], 0x5A);  // below the shrink: kept
}

TEST_P(PlatformHooks, GrowthUpToTheKernelBreakAndNotOneByteMore) {
  const host::MemoryMap start = kernel.memory_map();
  const size_t g = granularity();
  // The highest break the unit can protect without exposing the kernel break.
  const uintptr_t top = start.memory_start + (start.kernel_break - start.memory_start) / g * g;
  ASSERT_NE(tide_platform_sbrk(static_cast<intptr_t>(top - start.app_break)), failed_sbrk());
  const host::MemoryMap full = kernel.memory_map();
  EXPECT_EQ(full.app_break, top);
  EXPECT_LE(full.protected_end, full.kernel_break);
  EXPECT_EQ(tide_platform_sbrk(1), failed_sbrk());
  EXPECT_EQ(tide_platform_sbrk(static_cast<intptr_t>(g)), failed_sbrk());
  EXPECT_TRUE(same_map(kernel.memory_map(), full));
  EXPECT_TRUE(kernel.invariants_hold());
}

TEST_P(PlatformHooks, RefusalsAtTheKernelBreakChangeNothing) {
  const host::MemoryMap before = kernel.memory_map();
  const intptr_t past = static_cast<intptr_t>(before.kernel_break - before.app_break) + 1;
  EXPECT_EQ(tide_platform_sbrk(past), failed_sbrk());
  EXPECT_EQ(tide_platform_sbrk(static_cast<intptr_t>(before.memory_end - before.app_break)),
            failed_sbrk());
  EXPECT_TRUE(same_map(kernel.memory_map(), before));
}

TEST_P(PlatformHooks, AGrantCapsTheBreak) {
  const host::MemoryMap before = kernel.memory_map();
  ASSERT_EQ(kernel.allocate_grant(7, 4096), kernel::MemoryError::None);
  const host::MemoryMap granted = kernel.memory_map();
  EXPECT_LE(granted.kernel_break, before.kernel_break - 4096);
  const intptr_t to_old_kernel_break =
      static_cast<intptr_t>(before.kernel_break - before.app_break);
  EXPECT_EQ(tide_platform_sbrk(to_old_kernel_break), failed_sbrk());
  EXPECT_TRUE(same_map(kernel.memory_map(), granted));
}

TEST_P(PlatformHooks, ShrinkingBelowTheBlockIsRefused) {
  set_break_to_granule(64);
  const host::MemoryMap before = kernel.memory_map();
  const intptr_t below = -static_cast<intptr_t>(before.app_break - before.memory_start) - 1;
  EXPECT_EQ(tide_platform_sbrk(below), failed_sbrk());
  EXPECT_TRUE(same_map(kernel.memory_map(), before));
}

TEST_P(PlatformHooks, WriteErrorGoesToTheConsole) {
  const auto run = kernel.run_on_app_stack(
      [](void*) {
        const char message[] = "tide: heap error\n";
        tide_platform_write_error(message, sizeof message - 1);
      },
      nullptr);
  EXPECT_EQ(run.end, host::AppEnd::kReturned);
  EXPECT_EQ(kernel.console_output(), "tide: heap error\n");
}

TEST_P(PlatformHooks, AbortExitsWithTheHeapAbortStatus) {
  const auto run = kernel.run_on_app_stack([](void*) { tide_platform_abort(); }, nullptr);
  EXPECT_EQ(run.end, host::AppEnd::kExited);
  EXPECT_EQ(run.status, abi::kExitHeapAbort);
}

INSTANTIATE_TEST_SUITE_P(Units, PlatformHooks, kAllUnits, unit_param_name);

}  // namespace
}  // namespace tide::test
