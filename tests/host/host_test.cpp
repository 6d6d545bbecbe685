// tide::host: the real-break source, the pthread lock, and the environment policy of the
// global heap (which here shares the break with the C library's malloc).
#include <gtest/gtest.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include <thread>
#include <vector>

#include "tide/heap.h"
#include "tide/host/environment.h"
#include "tide/host/pthread_lock.h"
#include "tide/host/sbrk_source.h"
#include "tide/malloc.h"

namespace {

uintptr_t brk_now() {
  return reinterpret_cast<uintptr_t>(sbrk(0));
}

TEST(SbrkSource, GrowsAndShrinksTheRealBreak) {
  tide::SbrkSource source;
  const uintptr_t start = brk_now();
  EXPECT_EQ(reinterpret_cast<uintptr_t>(source.current_break()), start);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(source.grow(0)), start);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(source.grow(8192)), start);
  EXPECT_EQ(brk_now(), start + 8192);
  EXPECT_TRUE(source.shrink(8192));
  EXPECT_EQ(brk_now(), start);
}

TEST(SbrkSource, RefusesWhatItCannotDoAndChangesNothing) {
  tide::SbrkSource source;
  const uintptr_t start = brk_now();
  EXPECT_EQ(source.grow(SIZE_MAX), nullptr);                 // not an increment
  EXPECT_EQ(source.grow(UINTPTR_MAX - start + 1), nullptr);  // would wrap to 0
  EXPECT_EQ(source.grow(size_t{1} << 46), nullptr);          // more than the kernel gives
  EXPECT_FALSE(source.shrink(SIZE_MAX));
  EXPECT_FALSE(source.shrink(start + 4096));  // below address 0
  EXPECT_EQ(brk_now(), start);
}

TEST(SbrkSource, HeapOverTheRealBreakSharesItWithTheGlobalHeap) {
  // Three allocators move one break here: this heap, Tide's global heap and the C
  // library's malloc (the vectors). Each sees the others' moves as foreign: it adopts
  // new spans and never trims what is not its own.
  static tide::Heap<tide::SbrkSource, tide::PthreadMutexLock> heap{tide::SbrkSource{}};
  std::vector<void*> mine;
  std::vector<void*> global;
  for (int i = 0; i < 2000; ++i) {
    mine.push_back(heap.allocate(static_cast<size_t>(100 + i * 7)));
    global.push_back(tide_malloc(static_cast<size_t>(300 + i * 5)));
    ASSERT_NE(mine.back(), nullptr);
    ASSERT_NE(global.back(), nullptr);
  }
  for (void* p : mine)
    heap.deallocate(p);
  for (void* p : global)
    tide_free(p);
  EXPECT_TRUE(heap.check());
  EXPECT_EQ(tide_check(nullptr), 1);
  EXPECT_EQ(heap.stats().allocated_blocks, 0u);
}

TEST(PthreadMutexLock, GuardsAHeapSharedByThreads) {
  alignas(16) static unsigned char buffer[4 << 20];
  static tide::Heap<tide::FixedRegionSource, tide::PthreadMutexLock> heap{
      tide::FixedRegionSource{buffer, sizeof buffer}};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([t] {
      std::vector<void*> blocks;
      for (int i = 0; i < 20000; ++i) {
        if (blocks.size() > 50 && (i + t) % 3 == 0) {
          heap.deallocate(blocks.back());
          blocks.pop_back();
        } else if (void* p = heap.allocate(static_cast<size_t>(16 + (i * 37 + t) % 900))) {
          blocks.push_back(p);
        }
      }
      for (void* p : blocks)
        heap.deallocate(p);
    });
  }
  for (std::thread& thread : threads)
    thread.join();
  EXPECT_TRUE(heap.check());
  EXPECT_EQ(heap.stats().allocated_blocks, 0u);
}

class EnvironmentPolicy : public ::testing::Test {
 protected:
  void SetUp() override { tide_get_policy(&saved_); }
  void TearDown() override {
    for (const char* name : {"TIDE_TRIM_THRESHOLD", "TIDE_TOP_PAD", "TIDE_CHECK"}) {
      unsetenv(name);
    }
    tide_set_policy(&saved_);
  }
  tide_heap_policy saved_{};
};

TEST_F(EnvironmentPolicy, AppliesValidSettings) {
  setenv("TIDE_TRIM_THRESHOLD", "1M", 1);
  setenv("TIDE_TOP_PAD", "16K", 1);
  EXPECT_TRUE(tide::host::apply_environment_policy());
  tide_heap_policy policy{};
  tide_get_policy(&policy);
  EXPECT_EQ(policy.trim_threshold, 1u << 20);
  EXPECT_EQ(policy.top_pad, 16u << 10);
}

TEST_F(EnvironmentPolicy, RejectsABadValueWithAMessageAndChangesNothing) {
  setenv("TIDE_TOP_PAD", "16K", 1);
  setenv("TIDE_CHECK", "sometimes", 1);
  ::testing::internal::CaptureStderr();
  EXPECT_FALSE(tide::host::apply_environment_policy());
  const std::string message = ::testing::internal::GetCapturedStderr();
  EXPECT_NE(message.find("TIDE_CHECK=\"sometimes\""), std::string::npos) << message;
  tide_heap_policy policy{};
  tide_get_policy(&policy);
  EXPECT_EQ(policy.top_pad, saved_.top_pad);
}

}  // namespace
