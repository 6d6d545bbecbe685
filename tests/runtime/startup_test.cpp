// Startup (runtime/src/start.cpp) on the host kernel: the break the entry sets over
// stack, .data and .bss, then run_app's copy, zeroing, constructors, hints, main and
// exit, and the statuses an app ends with.
#include <cstring>

#include "runtime_test_support.h"
#include "tide/abi/syscall.h"
#include "tide/runtime/console.h"
#include "tide/runtime/startup.h"
#include "tide/runtime/syscall.h"

namespace tide::test {
namespace {

template <class T>
T* at(uintptr_t address) {
  return reinterpret_cast<T*>(address);
}

// A RAM image at 0x1000: 1 KiB of stack, 16 bytes of .data, 32 of .bss.
rt::AppSections sections_at(uintptr_t ram) {
  return {ram,
          ram + 1024,
          nullptr,
          at<uint32_t>(ram + 1024),
          at<uint32_t>(ram + 1040),
          at<uint32_t>(ram + 1040),
          at<uint32_t>(ram + 1072),
          nullptr,
          nullptr};
}

TEST(StartupBreak, CoversStackDataAndBss) {
  const rt::StartupBreak target = rt::startup_break(sections_at(0x1000), 0x1000, 4096);
  EXPECT_EQ(target.failure, 0u);
  EXPECT_EQ(target.address, 0x1000u + 1072);
}

TEST(StartupBreak, ABlockElsewhereIsTheWrongRam) {
  EXPECT_EQ(rt::startup_break(sections_at(0x1000), 0x2000, 4096).failure,
            abi::kExitStartupWrongRam);
}

TEST(StartupBreak, SectionsThatDoNotFitTheBlock) {
  EXPECT_EQ(rt::startup_break(sections_at(0x1000), 0x1000, 1071).failure,
            abi::kExitStartupBrkFailed);
  EXPECT_EQ(rt::startup_break(sections_at(0x1000), 0x1000, 1072).failure, 0u);
}

TEST(StartupBreak, SectionsOutOfOrder) {
  rt::AppSections bad = sections_at(0x1000);
  bad.bss_end = at<uint32_t>(0x1000 + 1000);  // below .bss start
  EXPECT_EQ(rt::startup_break(bad, 0x1000, 4096).failure, abi::kExitStartupBrkFailed);
  bad = sections_at(0x1000);
  bad.stack_top = 0x1000 + 2048;  // the stack over .data
  EXPECT_EQ(rt::startup_break(bad, 0x1000, 4096).failure, abi::kExitStartupBrkFailed);
}

// What the app saw, recorded by its main.
struct Seen {
  uint32_t data[4];
  uint32_t bss[8];
  int constructed;
  rt::StartupInfo info;
  uintptr_t break_in_main;
};
Seen seen;
host::AppImage image_with_data() {
  host::AppImage image;
  image.data = {0x11111111, 0x22222222, 0x33333333, 0x44444444};
  image.bss_words = 8;
  image.constructors = {[] { seen.constructed += 1; }, [] { seen.constructed += 10; }};
  return image;
}

class Startup : public UnitTest {
 protected:
  void SetUp() override { seen = {}; }
};

TEST_P(Startup, RunsMainAndExitsWithItsValue) {
  const host::MemoryMap before = kernel.memory_map();
  const host::AppImage image = image_with_data();
  const host::AppRun run = kernel.run(image, [] {
    seen.info = rt::startup_info();
    seen.break_in_main = rt::current_break();
    const uintptr_t data = seen.info.heap_start - 8 * sizeof(uint32_t) - 4 * sizeof(uint32_t);
    std::memcpy(seen.data, at<uint32_t>(data), sizeof seen.data);
    std::memcpy(seen.bss, at<uint32_t>(data + sizeof seen.data), sizeof seen.bss);
    return 7;
  });
  EXPECT_EQ(run.end, host::AppEnd::kExited);
  EXPECT_EQ(run.status, 7u);
  const uintptr_t data_start = before.memory_start + image.stack_bytes;
  const uintptr_t bss_end = data_start + 16 + 32;
  // The break covered exactly stack, .data and .bss; .data came from flash.
  EXPECT_EQ(seen.break_in_main, bss_end);
  EXPECT_EQ(seen.data[0], 0x11111111u);
  EXPECT_EQ(seen.data[3], 0x44444444u);
  for (const uint32_t word : seen.bss)
    EXPECT_EQ(word, 0u);
  EXPECT_EQ(seen.constructed, 11);
  EXPECT_EQ(seen.info.memory_start, before.memory_start);
  EXPECT_EQ(seen.info.memory_size, before.memory_end - before.memory_start);
  EXPECT_EQ(seen.info.initial_break, before.initial_break);
  EXPECT_EQ(seen.info.heap_start, bss_end);
  EXPECT_EQ(seen.info.flash_start, kernel.flash_start());
  // The debug hints reached the kernel's process record.
  const host::MemoryMap after = kernel.memory_map();
  EXPECT_EQ(after.stack_top_hint, data_start);
  EXPECT_EQ(after.heap_start_hint, bss_end);
  EXPECT_TRUE(kernel.invariants_hold());
}

TEST_P(Startup, ExitFromDeepInsideMain) {
  const host::AppRun run = kernel.run(image_with_data(), []() -> int {
    rt::console_printf("about to exit\n");
    rt::exit(42);
  });
  EXPECT_EQ(run.end, host::AppEnd::kExited);
  EXPECT_EQ(run.status, 42u);
  EXPECT_EQ(kernel.console_output(), "about to exit\n");
}

TEST_P(Startup, NegativeMainValuesAreTheStatusBits) {
  const host::AppRun run = kernel.run(image_with_data(), [] { return -1; });
  EXPECT_EQ(run.status, 0xFFFFFFFFu);
}

TEST_P(Startup, ABlockThatIsNotWhereTheAppWasLinkedExitsWithWrongRam) {
  host::AppImage image = image_with_data();
  image.ram_start = kernel.memory_map().memory_start + 4096;
  const host::MemoryMap before = kernel.memory_map();
  const host::AppRun run = kernel.run(image, [] { return 0; });
  EXPECT_EQ(run.end, host::AppEnd::kExited);
  EXPECT_EQ(run.status, abi::kExitStartupWrongRam);
  EXPECT_EQ(kernel.memory_map().app_break, before.app_break);
  EXPECT_EQ(seen.constructed, 0);
}

TEST_P(Startup, SectionsLargerThanTheBlockExitWithBrkFailed) {
  host::AppImage image = image_with_data();
  image.bss_words = (kernel.memory_map().memory_end - kernel.memory_map().memory_start) / 4;
  const host::AppRun run = kernel.run(image, [] { return 0; });
  EXPECT_EQ(run.status, abi::kExitStartupBrkFailed);
  EXPECT_EQ(seen.constructed, 0);
}

TEST_P(Startup, SectionsOverTheKernelBreakExitWithBrkFailed) {
  const host::MemoryMap map = kernel.memory_map();
  host::AppImage image = image_with_data();
  image.bss_words = (map.kernel_area_start - map.memory_start - image.stack_bytes) / 4;
  const host::AppRun run = kernel.run(image, [] { return 0; });
  EXPECT_EQ(run.status, abi::kExitStartupBrkFailed);
  EXPECT_EQ(kernel.memory_map().app_break, map.app_break);
}

TEST_P(Startup, RestartResetsTheBreakAndZeroesTheBlock) {
  const host::MemoryMap before = kernel.memory_map();
  const host::AppRun run = kernel.run(image_with_data(), []() -> int {
    void* grown = reinterpret_cast<void*>(rt::sbrk(4096));
    std::memset(grown, 0xEE, 4096);
    rt::restart();
  });
  EXPECT_EQ(run.end, host::AppEnd::kRestarted);
  const host::MemoryMap after = kernel.memory_map();
  EXPECT_EQ(after.app_break, before.initial_break);
  EXPECT_EQ(after.kernel_break, before.kernel_break);
  EXPECT_EQ(after.restart_count, 1u);
  EXPECT_EQ(rt::command(abi::Driver::kProcessInfo, abi::process_info::kCommandRestartCount).r1, 1u);
  const unsigned char* block = kernel.block_bytes(after.memory_start, 64 * 1024);
  ASSERT_NE(block, nullptr);
  for (size_t i = 0; i < 64 * 1024; ++i)
    ASSERT_EQ(block[i], 0) << i;
  // The app runs again from a clean block.
  EXPECT_EQ(kernel.run(image_with_data(), [] { return 3; }).status, 3u);
}

TEST_P(Startup, WaitingForAnUpcallThatNeverComesBlocks) {
  const host::AppRun run = kernel.run(image_with_data(), [] {
    rt::yield_wait();
    return 0;
  });
  EXPECT_EQ(run.end, host::AppEnd::kBlocked);
}

TEST_P(Startup, ExitDropsTheConsolesGrant) {
  kernel.run(image_with_data(), [] {
    rt::console_printf("x\n");
    return 0;
  });
  // The grant pointers are gone: the driver would allocate a new grant.
  const uintptr_t kernel_break = kernel.memory_map().kernel_break;
  ASSERT_TRUE(rt::brk(kernel.memory_map().memory_start + image_with_data().stack_bytes));
  kernel.run_on_app_stack([](void*) { rt::console_printf("y\n"); }, nullptr);
  EXPECT_LT(kernel.memory_map().kernel_break, kernel_break);
  EXPECT_EQ(kernel.console_output(), "x\ny\n");
}

INSTANTIATE_TEST_SUITE_P(Units, Startup, kAllUnits, unit_param_name);

}  // namespace
}  // namespace tide::test
