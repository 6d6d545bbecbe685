// SimulatedProcessSource on its own: sbrk semantics through memop, granularity, refusals.
#include <gtest/gtest.h>

#include <cstdint>

#include "simulated_ram.h"
#include "tide/host/simulated_process.h"

namespace tide::test {
namespace {

using host::SimulatedProcess;
using kernel::MemoryError;

template <class Unit>
class SimulatedSourceTest : public ::testing::Test {
 protected:
  std::unique_ptr<unsigned char[], FreeDeleter> ram_ = simulated_ram();
  SimulatedProcess<Unit> sim_{ram_.get(), kSimulatedRamSize, 4096};
};

using Units = ::testing::Types<kernel::Pmsav7Mpu, kernel::PmpTor, kernel::NoProtection>;
TYPED_TEST_SUITE(SimulatedSourceTest, Units);

TYPED_TEST(SimulatedSourceTest, SbrkSemanticsThroughMemop) {
  ASSERT_EQ(this->sim_.load_error(), MemoryError::None);
  auto& p = this->sim_.process();
  auto source = this->sim_.source();
  unsigned char* base = p.kernel_pointer(p.memory_start(), 0);
  EXPECT_EQ(source.current_break(), base + (p.app_break() - p.memory_start()));
  void* before = source.current_break();
  EXPECT_EQ(source.grow(256), before);
  EXPECT_EQ(static_cast<unsigned char*>(source.current_break()),
            static_cast<unsigned char*>(before) + 256);
  EXPECT_EQ(source.grow(0), static_cast<unsigned char*>(before) + 256);
  EXPECT_TRUE(source.shrink(256));
  EXPECT_EQ(source.current_break(), before);
  EXPECT_FALSE(source.shrink(p.app_break() - p.memory_start() + 1));
  EXPECT_EQ(source.grow(SIZE_MAX), nullptr);
  EXPECT_EQ(source.grow(p.memory_size()), nullptr);
  EXPECT_FALSE(source.shrink(SIZE_MAX));
  EXPECT_EQ(source.current_break(), before);
  EXPECT_EQ(source.break_granularity(), p.break_granularity());
  EXPECT_GT(this->sim_.syscall_count(), 8u);
}

TYPED_TEST(SimulatedSourceTest, HookRunsBeforeEverySyscall) {
  struct Seen {
    int calls = 0;
    uint32_t last = 99;
  } seen;
  auto hook = [](kernel::ProcessMemory<TypeParam>&, uint32_t op, void* context) {
    auto* s = static_cast<Seen*>(context);
    ++s->calls;
    s->last = op;
  };
  auto source = this->sim_.source(hook, &seen);
  source.grow(16);
  EXPECT_EQ(seen.calls, 1);
  EXPECT_EQ(seen.last, 1u);
  source.break_granularity();
  EXPECT_EQ(seen.last, 12u);
}

TEST(SimulatedProcess, LoadErrorIsReported) {
  auto ram = simulated_ram();
  SimulatedProcess<kernel::Pmsav7Mpu> sim(ram.get(), kSimulatedRamSize, 200 * 1024);
  EXPECT_EQ(sim.load_error(), MemoryError::PoolExhausted);
  EXPECT_FALSE(sim.process().loaded());
}

}  // namespace
}  // namespace tide::test
