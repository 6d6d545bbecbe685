// tide::Heap over a simulated process: the allocator meets the kernel's break
// granularity, its refusals, and drivers competing for the same gap.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <vector>

#include "simulated_ram.h"
#include "tide/heap.h"
#include "tide/host/simulated_process.h"

namespace tide::test {
namespace {

using host::SimulatedProcess;
using host::SimulatedProcessSource;
using kernel::MemoryError;

HeapPolicy kernel_policy() {
  HeapPolicy policy = default_policy();
  policy.granularity = 0;  // the source's (memop 12)
  policy.min_grow = 0;
  policy.trim = 1;
  policy.trim_threshold = 0;
  policy.top_pad = 0;
  policy.max_heap = 0;
  policy.check = TIDE_CHECK_FULL;
  return policy;
}

template <class Unit>
class AllocOverKernelTest : public ::testing::Test {
 protected:
  using Process = kernel::ProcessMemory<Unit>;

  // min_ram 4 KiB: a 8 KiB block on Cortex-M (512-byte granularity), ~4.3 KiB on RISC-V.
  AllocOverKernelTest() : sim_(ram_.get(), kSimulatedRamSize, 4096) {}

  Process& process() { return sim_.process(); }
  uintptr_t used() { return process().app_break() - process().memory_start(); }
  size_t gap() { return process().kernel_break() - process().protected_end(); }

  std::unique_ptr<unsigned char[], FreeDeleter> ram_ = simulated_ram();
  SimulatedProcess<Unit> sim_;
};

using Units = ::testing::Types<kernel::Pmsav7Mpu, kernel::PmpTor>;
TYPED_TEST_SUITE(AllocOverKernelTest, Units);

TYPED_TEST(AllocOverKernelTest, GrowsInBreakGranularitySteps) {
  ASSERT_EQ(this->sim_.load_error(), MemoryError::None);
  Heap<SimulatedProcessSource<TypeParam>> heap(this->sim_.source(), kernel_policy());
  const size_t granularity = this->process().break_granularity();
  std::vector<void*> blocks;
  for (size_t size : {8u, 100u, 40u, 300u, 17u, 700u, 64u}) {
    void* p = heap.allocate(size);
    ASSERT_NE(p, nullptr) << size;
    std::memset(p, 0x3C, size);
    blocks.push_back(p);
    // The break sits on a granularity step: the unit's rounding wastes nothing.
    EXPECT_EQ(this->used() % granularity, 0u) << size;
    EXPECT_EQ(this->process().protected_end(), this->process().app_break());
  }
  EXPECT_GE(heap.stats().grow_count, 1u);
  EXPECT_TRUE(heap.check());
  for (void* p : blocks)
    heap.deallocate(p);
  EXPECT_TRUE(heap.check());
}

TYPED_TEST(AllocOverKernelTest, TrimsBackAndTheMemoryBecomesGrantable) {
  Heap<SimulatedProcessSource<TypeParam>> heap(this->sim_.source(), kernel_policy());
  void* small = heap.allocate(32);
  ASSERT_NE(small, nullptr);
  const uintptr_t low_break = this->process().app_break();
  void* big = heap.allocate(2500);
  ASSERT_NE(big, nullptr);
  const uintptr_t high_break = this->process().app_break();
  EXPECT_GT(high_break, low_break);
  const size_t gap_while_big = this->gap();
  heap.deallocate(big);
  EXPECT_TRUE(heap.check());
  EXPECT_LT(this->process().app_break(), high_break);
  EXPECT_GE(heap.stats().shrink_count, 1u);
  EXPECT_EQ(this->used() % this->process().break_granularity(), 0u);
  // What the heap gave back is now grant memory.
  ASSERT_GT(this->gap(), gap_while_big);
  auto grant = this->process().allocate_grant(5, this->gap(), 1);
  ASSERT_TRUE(grant.ok());
  EXPECT_LT(grant.value().address, high_break);
  EXPECT_TRUE(this->process().invariants_hold());
  heap.deallocate(small);
  EXPECT_TRUE(heap.check());
}

TYPED_TEST(AllocOverKernelTest, OutOfMemoryWhenGrantsFillTheGap) {
  Heap<SimulatedProcessSource<TypeParam>> heap(this->sim_.source(), kernel_policy());
  unsigned char* kept = static_cast<unsigned char*>(heap.allocate(200));
  ASSERT_NE(kept, nullptr);
  std::memset(kept, 0xA5, 200);
  // A driver takes all but a little of the gap.
  ASSERT_TRUE(this->process().allocate_grant(1, this->gap() - 64, 8).ok());
  const uintptr_t break_before = this->process().app_break();
  EXPECT_EQ(heap.allocate(1024), nullptr);
  EXPECT_EQ(this->process().app_break(), break_before);
  EXPECT_TRUE(heap.check());
  EXPECT_GE(heap.stats().failed_requests, 1u);
  for (int i = 0; i < 200; ++i)
    ASSERT_EQ(kept[i], 0xA5);
  // Small requests still fit in what is left.
  void* small = heap.allocate(16);
  EXPECT_NE(small, nullptr);
  heap.deallocate(small);
  heap.deallocate(kept);
  EXPECT_TRUE(heap.check());
  EXPECT_TRUE(this->process().invariants_hold());
}

// A driver that grabs grant memory at the exact moment of the heap's sbrk.
template <class Unit>
struct GreedyDriver {
  bool armed = false;
  int grabs = 0;
  static void hook(kernel::ProcessMemory<Unit>& process, uint32_t op, void* context) {
    auto* self = static_cast<GreedyDriver*>(context);
    if (!self->armed || op != static_cast<uint32_t>(kernel::Memop::kSbrk)) return;
    const size_t gap = process.kernel_break() - process.protected_end();
    if (gap > 0 && process.allocate_grant(static_cast<uint32_t>(100 + self->grabs), gap, 1).ok()) {
      ++self->grabs;
    }
    self->armed = false;
  }
};

TYPED_TEST(AllocOverKernelTest, DriverTakingTheGapDuringGrowthMakesAllocationFailCleanly) {
  GreedyDriver<TypeParam> driver;
  Heap<SimulatedProcessSource<TypeParam>> heap(
      this->sim_.source(&GreedyDriver<TypeParam>::hook, &driver), kernel_policy());
  void* first = heap.allocate(64);
  ASSERT_NE(first, nullptr);
  driver.armed = true;
  EXPECT_EQ(heap.allocate(1500), nullptr);
  EXPECT_EQ(driver.grabs, 1);
  EXPECT_TRUE(heap.check());
  EXPECT_TRUE(this->process().invariants_hold());
  EXPECT_EQ(this->gap(), 0u);
  heap.deallocate(first);
  EXPECT_TRUE(heap.check());
  // After a restart the whole block is the app's again.
  ASSERT_EQ(this->process().reset(), MemoryError::None);
  Heap<SimulatedProcessSource<TypeParam>> fresh(this->sim_.source(), kernel_policy());
  EXPECT_NE(fresh.allocate(1500), nullptr);
  EXPECT_TRUE(fresh.check());
}

}  // namespace
}  // namespace tide::test
