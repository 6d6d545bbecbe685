// Tide's C API (tide_malloc & co, one global heap) over the runtime's platform hooks:
// every growth and trim is memop 1 on the host kernel's PMSAv7 process, in steps of its
// break granularity (memop 12), competing with driver grants for the gap.
//
// The global heap lives as long as the program, so one kernel does too (a test
// environment) and each test is written against differences.
#include <gtest/gtest.h>

#include <cstring>
#include <memory>
#include <vector>

#include "tide/host/host_kernel.h"
#include "tide/malloc.h"
#include "tide/runtime/syscall.h"

namespace tide::test {
namespace {

host::HostKernel* kernel = nullptr;

class KernelEnvironment : public testing::Environment {
 public:
  void SetUp() override {
    owned_ = std::make_unique<host::HostKernel>(
        host::HostKernelOptions{.protection = host::Protection::kPmsav7Mpu, .min_ram = 200 * 1024});
    kernel = owned_.get();
    // The board's policy: the source's granularity, small steps, eager trim.
    tide_heap_policy policy = tide_default_policy();
    policy.granularity = 0;
    policy.min_grow = 256;
    policy.trim_threshold = 2048;
    policy.top_pad = 256;
    policy.adaptive_trim = 0;
    ASSERT_EQ(tide_set_policy(&policy), TIDE_POLICY_OK);
    // The app's startup covered its stack: the heap starts above it.
    ASSERT_TRUE(rt::brk(kernel->memory_map().memory_start + 16 * 1024));
  }
  void TearDown() override {
    kernel = nullptr;
    owned_.reset();
  }

 private:
  std::unique_ptr<host::HostKernel> owned_;
};

const auto* const environment = testing::AddGlobalTestEnvironment(new KernelEnvironment);

uintptr_t addr(const void* pointer) {
  return reinterpret_cast<uintptr_t>(pointer);
}
tide_heap_stats stats() {
  tide_heap_stats s{};
  tide_stats(&s);
  return s;
}
size_t granularity() {
  return kernel->memory_map().break_granularity;
}
bool in_app_memory(const void* p, size_t size) {
  const host::MemoryMap map = kernel->memory_map();
  return addr(p) >= map.memory_start && addr(p) + size <= map.app_break;
}

TEST(MallocOverTheKernel, AllocationsComeFromTheBlockBelowTheBreak) {
  void* p = tide_malloc(100);
  ASSERT_NE(p, nullptr);
  EXPECT_TRUE(in_app_memory(p, 100));
  std::memset(p, 0x33, 100);
  tide_free(p);
  EXPECT_EQ(tide_check(nullptr), 1);
  EXPECT_TRUE(kernel->invariants_hold());
}

TEST(MallocOverTheKernel, TheBreakMovesInStepsOfTheMpuGranularity) {
  const host::MemoryMap map = kernel->memory_map();
  const size_t g = granularity();
  EXPECT_EQ(g, (map.memory_end - map.memory_start) / 16);
  void* p = tide_malloc(3 * g);
  ASSERT_NE(p, nullptr);
  const host::MemoryMap grown = kernel->memory_map();
  EXPECT_GT(grown.app_break, map.app_break);
  EXPECT_EQ((grown.app_break - map.app_break) % g, 0u);
  EXPECT_EQ(grown.protected_end, grown.app_break);  // no rounding slack wasted
  tide_free(p);
}

TEST(MallocOverTheKernel, FreeingABigBlockTrimsTheBreak) {
  const uintptr_t low = kernel->memory_map().app_break;
  const tide_heap_stats before = stats();
  void* big = tide_malloc(4 * granularity());
  ASSERT_NE(big, nullptr);
  const uintptr_t high = kernel->memory_map().app_break;
  EXPECT_GE(high - low, 4 * granularity());
  tide_free(big);
  const uintptr_t trimmed = kernel->memory_map().app_break;
  EXPECT_LT(trimmed, high);
  const tide_heap_stats after = stats();
  EXPECT_GT(after.shrink_count, before.shrink_count);
  EXPECT_EQ(after.bytes_given_back - before.bytes_given_back, high - trimmed);
  EXPECT_EQ(stats().arena_bytes, before.arena_bytes + (trimmed - low));
}

TEST(MallocOverTheKernel, OutOfMemoryIsNullAndTheHeapRecovers) {
  std::vector<void*> blocks;
  const size_t failed_before = stats().failed_requests;
  for (;;) {
    void* p = tide_malloc(granularity() / 2);
    if (p == nullptr) break;
    std::memset(p, 0x44, granularity() / 2);
    blocks.push_back(p);
    ASSERT_LT(blocks.size(), 1000u);
  }
  EXPECT_GT(blocks.size(), 4u);
  EXPECT_EQ(stats().failed_requests, failed_before + 1);
  const host::MemoryMap full = kernel->memory_map();
  EXPECT_LE(full.protected_end, full.kernel_break);
  EXPECT_TRUE(kernel->invariants_hold());
  for (void* p : blocks)
    tide_free(p);
  EXPECT_LT(kernel->memory_map().app_break, full.app_break);
  void* again = tide_malloc(granularity());
  EXPECT_NE(again, nullptr);
  tide_free(again);
  EXPECT_EQ(tide_check(nullptr), 1);
}

// Heap and grants compete for the gap: a heap holding the gap starves a driver; after
// the heap trims, the driver's grant fits and then caps the heap.
TEST(MallocOverTheKernel, GrantsAndTheHeapCompeteForTheGap) {
  const uint32_t driver = 100;
  const size_t grant = 2 * granularity();
  std::vector<void*> blocks;
  while (void* p = tide_malloc(granularity() / 4))
    blocks.push_back(p);
  EXPECT_EQ(kernel->allocate_grant(driver, grant), kernel::MemoryError::OutOfMemory);
  const uintptr_t kernel_break = kernel->memory_map().kernel_break;
  for (void* p : blocks)
    tide_free(p);
  ASSERT_EQ(kernel->allocate_grant(driver, grant), kernel::MemoryError::None);
  const host::MemoryMap granted = kernel->memory_map();
  EXPECT_LE(granted.kernel_break, kernel_break - grant);
  // The heap can no longer reach the old kernel break.
  blocks.clear();
  while (void* p = tide_malloc(granularity() / 4))
    blocks.push_back(p);
  const host::MemoryMap capped = kernel->memory_map();
  EXPECT_LE(capped.protected_end, granted.kernel_break);
  EXPECT_EQ(capped.kernel_break, granted.kernel_break);
  for (void* p : blocks)
    tide_free(p);
  EXPECT_TRUE(kernel->invariants_hold());
}

TEST(MallocOverTheKernel, ReallocAndCallocKeepContentsAndZero) {
  auto* p = static_cast<unsigned char*>(tide_calloc(64, 16));
  ASSERT_NE(p, nullptr);
  for (size_t i = 0; i < 1024; ++i)
    ASSERT_EQ(p[i], 0) << i;
  std::memset(p, 0x5C, 1024);
  p = static_cast<unsigned char*>(tide_realloc(p, 3 * granularity()));
  ASSERT_NE(p, nullptr);
  EXPECT_TRUE(in_app_memory(p, 3 * granularity()));
  for (size_t i = 0; i < 1024; ++i)
    ASSERT_EQ(p[i], 0x5C) << i;
  tide_free(p);
}

}  // namespace
}  // namespace tide::test
