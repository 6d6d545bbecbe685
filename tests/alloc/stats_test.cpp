// Statistics against a scripted sequence (every figure exact), the heap walk, several
// independent heaps, and how often the heap calls its source.
#include <gtest/gtest.h>

#include <vector>

#include "test_source.h"

namespace tide_test {
namespace {

constexpr size_t kGran = 4096;

// Every byte the heap holds is in a block or in span overhead.
void expect_balanced(const tide::HeapStats& stats, const char* step) {
  EXPECT_EQ(stats.arena_bytes, stats.in_use_bytes + stats.free_bytes + stats.spans * kSpanOverhead)
      << step;
  EXPECT_LE(stats.in_use_bytes, stats.peak_in_use_bytes) << step;
  EXPECT_LE(stats.arena_bytes, stats.peak_arena_bytes) << step;
}

uint32_t permille(size_t free_bytes, size_t largest_block) {
  return static_cast<uint32_t>((free_bytes - largest_block) * 1000 / free_bytes);
}

TEST(HeapStats, AScriptedSequenceGivesExactFigures) {
  HeapHarness h;
  TestHeap& heap = h.heap();
  const size_t b1 = block_for(100), b2 = block_for(200), b3 = block_for(300);

  // 1. One small block: one granule, one free top.
  void* a = heap.allocate(100);
  tide::HeapStats s = heap.stats();
  expect_balanced(s, "1");
  EXPECT_EQ(s.arena_bytes, kGran);
  EXPECT_EQ(s.in_use_bytes, b1);
  EXPECT_EQ(s.free_bytes, kGran - kSpanOverhead - b1);
  EXPECT_EQ(s.largest_free_block, usable_of(s.free_bytes));
  EXPECT_EQ(s.free_blocks, 1u);
  EXPECT_EQ(s.allocated_blocks, 1u);
  EXPECT_EQ(s.fragmentation_permille, 0u);
  EXPECT_EQ(s.releasable_bytes, 0u);  // less than a granule is free
  EXPECT_EQ(s.grow_count, 1u);
  EXPECT_EQ(s.peak_in_use_bytes, b1);
  EXPECT_EQ(s.peak_arena_bytes, kGran);
  EXPECT_EQ(s.spans, 1u);

  // 2. Two more, then free the middle one: a hole below the top.
  void* b = heap.allocate(200);
  void* c = heap.allocate(300);
  heap.deallocate(b);
  s = heap.stats();
  expect_balanced(s, "2");
  const size_t top2 = kGran - kSpanOverhead - b1 - b2 - b3;
  EXPECT_EQ(s.in_use_bytes, b1 + b3);
  EXPECT_EQ(s.free_bytes, b2 + top2);
  EXPECT_EQ(s.free_blocks, 2u);
  EXPECT_EQ(s.allocated_blocks, 2u);
  EXPECT_EQ(s.largest_free_block, usable_of(top2));
  EXPECT_EQ(s.fragmentation_permille, permille(b2 + top2, top2));
  EXPECT_EQ(s.peak_in_use_bytes, b1 + b2 + b3);

  // 3. A large block grows the break by what the top lacks.
  const size_t bd = block_for(20000);
  void* d = heap.allocate(20000);
  s = heap.stats();
  expect_balanced(s, "3");
  const size_t arena3 = kGran + round_up(bd - top2, kGran);
  EXPECT_EQ(s.arena_bytes, arena3);
  EXPECT_EQ(s.grow_count, 2u);
  EXPECT_EQ(s.in_use_bytes, b1 + b3 + bd);
  EXPECT_EQ(s.peak_in_use_bytes, b1 + b3 + bd);
  EXPECT_EQ(s.peak_arena_bytes, arena3);
  EXPECT_EQ(s.free_bytes, b2 + arena3 - kSpanOverhead - b1 - b2 - b3 - bd);

  // 4. Freeing it leaves a free top above the threshold: trimmed to the pad.
  heap.deallocate(d);
  s = heap.stats();
  expect_balanced(s, "4");
  const size_t top4 = arena3 - kSpanOverhead - b1 - b2 - b3;
  const size_t release = expected_release(top4, 4096, kGran);
  ASSERT_GT(release, 0u);
  EXPECT_EQ(s.shrink_count, 1u);
  EXPECT_EQ(s.bytes_given_back, release);
  EXPECT_EQ(s.arena_bytes, arena3 - release);
  EXPECT_EQ(s.peak_arena_bytes, arena3);
  EXPECT_EQ(s.free_bytes, b2 + top4 - release);
  EXPECT_EQ(s.releasable_bytes, expected_release(top4 - release, 0, kGran));
  EXPECT_EQ(h.source().used(), s.arena_bytes);

  // 5. A failure is counted and changes nothing else.
  EXPECT_EQ(heap.allocate(SIZE_MAX), nullptr);
  const tide::HeapStats after_failure = heap.stats();
  EXPECT_EQ(after_failure.failed_requests, 1u);
  EXPECT_EQ(after_failure.in_use_bytes, s.in_use_bytes);
  EXPECT_EQ(after_failure.arena_bytes, s.arena_bytes);

  // 6. The releasable figure is what an explicit trim(0) gives back.
  const size_t releasable = after_failure.releasable_bytes;
  EXPECT_EQ(heap.trim(0), releasable);
  EXPECT_EQ(heap.stats().releasable_bytes, 0u);

  // 7. Everything freed: peaks remain.
  heap.deallocate(a);
  heap.deallocate(c);
  s = heap.stats();
  expect_balanced(s, "7");
  EXPECT_EQ(s.in_use_bytes, 0u);
  EXPECT_EQ(s.allocated_blocks, 0u);
  EXPECT_EQ(s.peak_in_use_bytes, b1 + b3 + bd);
  EXPECT_EQ(s.peak_arena_bytes, arena3);
  EXPECT_EQ(s.spans, 1u);
  EXPECT_TRUE(heap.check());
}

TEST(HeapStats, FragmentationOfEquallySizedHoles) {
  tide::HeapPolicy policy = test_policy();
  policy.min_grow = 64 * 1024;
  HeapHarness h(policy);
  std::vector<void*> blocks;
  for (int i = 0; i < 20; ++i)
    blocks.push_back(h.heap().allocate(1000));
  // Fill the rest of the span so that the holes are the only free memory.
  const size_t rest = h.heap().stats().free_bytes;
  ASSERT_NE(h.heap().allocate(usable_of(rest)), nullptr);
  ASSERT_EQ(h.heap().stats().free_bytes, 0u);
  EXPECT_EQ(h.heap().stats().fragmentation_permille, 0u);
  for (int i = 0; i < 20; i += 2)
    h.heap().deallocate(blocks[static_cast<size_t>(i)]);
  const tide::HeapStats s = h.heap().stats();
  EXPECT_EQ(s.free_blocks, 10u);
  EXPECT_EQ(s.free_bytes, 10 * block_for(1000));
  EXPECT_EQ(s.largest_free_block, usable_of(block_for(1000)));
  EXPECT_EQ(s.fragmentation_permille, 900u);
}

TEST(HeapWalk, ReportsEveryBlockInAddressOrder) {
  HeapHarness h;
  void* a = h.heap().allocate(10);
  void* b = h.heap().allocate(100);
  void* c = h.heap().allocate(1000);
  void* d = h.heap().allocate(50);
  h.heap().deallocate(b);
  h.heap().deallocate(d);  // merges with the free top

  const std::vector<tide::BlockInfo> blocks = walk_all(h.heap());
  ASSERT_EQ(blocks.size(), 4u);
  const size_t top = kGran - kSpanOverhead - block_for(10) - block_for(100) - block_for(1000);
  const tide::BlockInfo expected[] = {
      {a, usable_of(block_for(10)), 1},
      {b, usable_of(block_for(100)), 0},
      {c, usable_of(block_for(1000)), 1},
      {reinterpret_cast<void*>(addr(c) + block_for(1000)), usable_of(top), 0},
  };
  for (size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(blocks[i].pointer, expected[i].pointer) << i;
    EXPECT_EQ(blocks[i].size, expected[i].size) << i;
    EXPECT_EQ(blocks[i].in_use, expected[i].in_use) << i;
  }
}

TEST(HeapWalk, StopsWhenTheCallbackSaysSo) {
  HeapHarness h;
  for (int i = 0; i < 10; ++i)
    ASSERT_NE(h.heap().allocate(64), nullptr);
  int calls = 0;
  h.heap().walk([](const tide::BlockInfo*,
                   void* context) { return ++*static_cast<int*>(context) < 3 ? 1 : 0; },
                &calls);
  EXPECT_EQ(calls, 3);
}

TEST(HeapInstances, IndependentHeapsDoNotShareAnything) {
  HeapHarness one;
  HeapHarness two;
  void* p1 = one.heap().allocate(100);
  void* p2 = two.heap().allocate(300);
  ASSERT_NE(p1, nullptr);
  ASSERT_NE(p2, nullptr);
  EXPECT_EQ(addr(p1), HeapHarness::first_payload(one.base()));
  EXPECT_EQ(addr(p2), HeapHarness::first_payload(two.base()));
  EXPECT_TRUE(one.heap().owns(p1));
  EXPECT_FALSE(one.heap().owns(p2));
  EXPECT_TRUE(two.heap().owns(p2));
  EXPECT_FALSE(two.heap().owns(p1));
  EXPECT_EQ(one.heap().stats().in_use_bytes, block_for(100));
  EXPECT_EQ(two.heap().stats().in_use_bytes, block_for(300));

  // Freeing a block of heap two into heap one is a foreign pointer there.
  ErrorLog log;
  log.attach(one.heap());
  one.heap().deallocate(p2);
  ASSERT_EQ(log.count(), 1u);
  EXPECT_EQ(log.last().kind, TIDE_ERROR_FOREIGN_POINTER);
  EXPECT_EQ(log.last().pointer, p2);
  EXPECT_EQ(two.heap().stats().allocated_blocks, 1u);
  EXPECT_EQ(one.heap().stats().allocated_blocks, 1u);

  // Different policies per heap.
  ASSERT_EQ(two.heap().set_option(TIDE_OPT_TRIM, 0), TIDE_POLICY_OK);
  EXPECT_EQ(one.heap().policy().trim, 1);
  two.heap().deallocate(p2);
  one.heap().deallocate(p1);
  EXPECT_TRUE(one.heap().check());
  EXPECT_TRUE(two.heap().check());
}

TEST(HeapSourceCalls, EachGrowthIsOneGrowCall) {
  HeapHarness h;
  const size_t fill = usable_of(kGran - kSpanOverhead);
  ASSERT_NE(h.heap().allocate(fill), nullptr);  // the first span holds no free top
  for (int i = 0; i < 100; ++i) {
    ASSERT_NE(h.heap().allocate(usable_of(kGran)), nullptr);  // exactly one granule each
  }
  EXPECT_EQ(h.source().grows(), 101u);
  EXPECT_EQ(h.source().grow_calls(), 101u);
  EXPECT_EQ(h.source().used(), 101 * kGran);
  EXPECT_LE(h.source().break_queries(), 2u * 101);
  EXPECT_EQ(h.heap().stats().free_bytes, 0u);
}

}  // namespace
}  // namespace tide_test
