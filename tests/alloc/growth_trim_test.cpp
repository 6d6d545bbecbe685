// How the heap moves the break: growth by granularity and minimum step, trimming above
// the threshold down to the top pad, and the foreign-sbrk rules (no trim, new span).
#include <gtest/gtest.h>

#include <vector>

#include "test_source.h"

namespace tide_test {
namespace {

constexpr size_t kGran = 4096;

// The free top left in a fresh span of `span` bytes after blocks totalling `blocks`.
constexpr size_t top_after(size_t span, size_t blocks) {
  return span - kSpanOverhead - blocks;
}

TEST(HeapGrowth, EmptyHeapHoldsNothing) {
  HeapHarness h;
  const tide::HeapStats stats = h.heap().stats();
  EXPECT_EQ(stats.arena_bytes, 0u);
  EXPECT_EQ(stats.in_use_bytes, 0u);
  EXPECT_EQ(stats.free_bytes, 0u);
  EXPECT_EQ(stats.spans, 0u);
  EXPECT_EQ(stats.grow_count, 0u);
  EXPECT_EQ(h.source().used(), 0u);
  EXPECT_TRUE(walk_all(h.heap()).empty());
  EXPECT_TRUE(h.heap().check());
}

TEST(HeapGrowth, FirstAllocationGrowsByMinGrow) {
  tide::HeapPolicy policy = test_policy();
  policy.min_grow = 16 * 1024;
  HeapHarness h(policy);
  void* p = h.heap().allocate(100);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(addr(p), HeapHarness::first_payload(h.base()));
  ASSERT_EQ(h.source().events().size(), 1u);
  EXPECT_TRUE(h.source().events()[0].grow);
  EXPECT_EQ(h.source().events()[0].bytes, policy.min_grow);

  const tide::HeapStats stats = h.heap().stats();
  EXPECT_EQ(stats.arena_bytes, policy.min_grow);
  EXPECT_EQ(stats.in_use_bytes, block_for(100));
  EXPECT_EQ(stats.free_bytes, top_after(policy.min_grow, block_for(100)));
  EXPECT_EQ(stats.grow_count, 1u);
  EXPECT_EQ(stats.spans, 1u);
  EXPECT_EQ(stats.allocated_blocks, 1u);
  EXPECT_EQ(stats.free_blocks, 1u);
}

TEST(HeapGrowth, LargeRequestGrowsByWhatIsMissingRoundedToGranularity) {
  HeapHarness h;
  ASSERT_NE(h.heap().allocate(10000), nullptr);
  EXPECT_EQ(h.source().used(), round_up(block_for(10000) + kSpanOverhead, kGran));
  EXPECT_EQ(h.source().grows(), 1u);
}

TEST(HeapGrowth, MinGrowIsRoundedUpToGranularity) {
  tide::HeapPolicy policy = test_policy();
  policy.min_grow = 10000;
  HeapHarness h(policy);
  ASSERT_NE(h.heap().allocate(16), nullptr);
  EXPECT_EQ(h.source().used(), round_up(10000, kGran));
}

TEST(HeapGrowth, GrowthMergesWithTheFreeTop) {
  HeapHarness h;
  char* first = static_cast<char*>(h.heap().allocate(100));
  ASSERT_NE(first, nullptr);
  ASSERT_EQ(h.source().used(), kGran);
  const size_t top = top_after(kGran, block_for(100));

  char* second = static_cast<char*>(h.heap().allocate(5000));
  ASSERT_NE(second, nullptr);
  EXPECT_EQ(second, first + block_for(100));
  ASSERT_EQ(h.source().grows(), 2u);
  EXPECT_EQ(h.source().events()[1].bytes, round_up(block_for(5000) - top, kGran));
  EXPECT_EQ(h.heap().stats().spans, 1u);
  EXPECT_TRUE(h.heap().check());
}

TEST(HeapGrowth, GrowthAboveAnAllocatedTopStartsAtTheOldSentinel) {
  HeapHarness h;
  // Exactly one granule: the block fills the span and no free top is left.
  const size_t fill = usable_of(kGran - kSpanOverhead);
  ASSERT_EQ(block_for(fill), kGran - kSpanOverhead);
  ASSERT_NE(h.heap().allocate(fill), nullptr);
  EXPECT_EQ(h.source().used(), kGran);
  EXPECT_EQ(h.heap().stats().free_bytes, 0u);

  void* next = h.heap().allocate(100);
  ASSERT_NE(next, nullptr);
  EXPECT_EQ(addr(next), h.base() + kGran);
  EXPECT_EQ(h.source().used(), 2 * kGran);
  EXPECT_EQ(h.heap().stats().free_bytes, kGran - block_for(100));
}

TEST(HeapGrowth, GranularityZeroTakesTheSourceGranularity) {
  tide::HeapPolicy policy = test_policy();
  policy.granularity = 0;
  policy.min_grow = 0;
  HeapHarness h(policy, 1024 * 1024, /*source_granularity=*/1024);
  ASSERT_NE(h.heap().allocate(100), nullptr);
  EXPECT_EQ(h.source().used(), 1024u);
  const size_t top = top_after(1024, block_for(100));
  ASSERT_NE(h.heap().allocate(2000), nullptr);
  EXPECT_EQ(h.source().used(), 1024 + round_up(block_for(2000) - top, 1024));
}

TEST(HeapGrowth, GranularityZeroWithoutSourceGranularityGrowsByAlignment) {
  tide::HeapPolicy policy = test_policy();
  policy.granularity = 0;
  policy.min_grow = 0;
  Arena arena(64 * 1024);
  tide::Heap<tide::FixedRegionSource> heap{tide::FixedRegionSource{arena.data(), arena.size()},
                                           policy};
  ASSERT_NE(heap.allocate(100), nullptr);
  EXPECT_EQ(heap.source().used(), block_for(100) + kSpanOverhead);
  ASSERT_NE(heap.allocate(40), nullptr);
  EXPECT_EQ(heap.source().used(), block_for(100) + block_for(40) + kSpanOverhead);
  EXPECT_EQ(heap.source().used() % kAlign, 0u);
  EXPECT_TRUE(heap.check());
}

// Both granularities hold at once: the break moves in multiples of the coarser one.
TEST(HeapGrowth, TheCoarserOfPolicyAndSourceGranularityWins) {
  const size_t pairs[][2] = {{8192, 1024}, {1024, 8192}};  // {policy, source}
  for (const auto& [policy_step, source_step] : pairs) {
    tide::HeapPolicy policy = test_policy();
    policy.granularity = policy_step;
    policy.min_grow = 0;
    HeapHarness h(policy, 1024 * 1024, source_step);
    ASSERT_NE(h.heap().allocate(100), nullptr);
    EXPECT_EQ(h.source().used(), 8192u) << policy_step << " over " << source_step;
  }
}

TEST(HeapGrowth, FreeMemoryIsServedWithoutCallingTheSource) {
  HeapHarness h;
  std::vector<void*> blocks;
  blocks.push_back(h.heap().allocate(64));
  const size_t grow_calls = h.source().grow_calls();
  const size_t shrink_calls = h.source().shrink_calls();
  const size_t queries = h.source().break_queries();
  for (int round = 0; round < 1000; ++round) {
    void* p = h.heap().allocate(static_cast<size_t>(16 + round % 200));
    ASSERT_NE(p, nullptr);
    h.heap().deallocate(p);
  }
  EXPECT_EQ(h.source().grow_calls(), grow_calls);
  EXPECT_EQ(h.source().shrink_calls(), shrink_calls);
  EXPECT_EQ(h.source().break_queries(), queries);
}

// a (small) below big (64 KiB) at the top: freeing big frees the whole top.
struct TopScenario {
  explicit TopScenario(const tide::HeapPolicy& policy) : h(policy) {
    small = h.heap().allocate(100);
    big = h.heap().allocate(64 * 1024);
    footprint = h.source().used();
    top = top_after(footprint, block_for(100));
  }
  HeapHarness h;
  void* small = nullptr;
  void* big = nullptr;
  size_t footprint = 0;
  size_t top = 0;  // the free top once big is freed
};

TEST(HeapTrim, FreeingAboveTheThresholdGivesBackAllButThePad) {
  const tide::HeapPolicy policy = test_policy();
  TopScenario s(policy);
  ASSERT_NE(s.big, nullptr);
  ASSERT_GT(s.top, policy.trim_threshold);
  s.h.heap().deallocate(s.big);

  const size_t release = expected_release(s.top, policy.top_pad, kGran);
  ASSERT_GT(release, 0u);
  ASSERT_EQ(s.h.source().shrinks(), 1u);
  EXPECT_EQ(s.h.source().events().back().bytes, release);
  EXPECT_EQ(s.h.source().used(), s.footprint - release);
  const tide::HeapStats stats = s.h.heap().stats();
  EXPECT_EQ(stats.shrink_count, 1u);
  EXPECT_EQ(stats.bytes_given_back, release);
  EXPECT_EQ(stats.arena_bytes, s.footprint - release);
  EXPECT_EQ(stats.free_bytes, s.top - release);
  EXPECT_GE(stats.free_bytes, policy.top_pad);
  EXPECT_TRUE(s.h.heap().check());
}

TEST(HeapTrim, NoTrimWhileTheFreeTopIsBelowTheThreshold) {
  tide::HeapPolicy policy = test_policy();
  policy.trim_threshold = 128 * 1024;
  TopScenario s(policy);
  ASSERT_LT(s.top, policy.trim_threshold);
  s.h.heap().deallocate(s.big);
  EXPECT_EQ(s.h.source().shrinks(), 0u);
  EXPECT_EQ(s.h.source().used(), s.footprint);

  // Lowering the threshold does not trim by itself, but the next free at the top does.
  ASSERT_EQ(s.h.heap().set_option(TIDE_OPT_TRIM_THRESHOLD, 16 * 1024), TIDE_POLICY_OK);
  void* again = s.h.heap().allocate(1000);
  ASSERT_NE(again, nullptr);
  s.h.heap().deallocate(again);
  EXPECT_EQ(s.h.source().used(), s.footprint - expected_release(s.top, policy.top_pad, kGran));
}

TEST(HeapTrim, TopPadIsKept) {
  tide::HeapPolicy policy = test_policy();
  policy.top_pad = 24 * 1024;
  TopScenario s(policy);
  s.h.heap().deallocate(s.big);
  const size_t release = expected_release(s.top, policy.top_pad, kGran);
  EXPECT_EQ(s.h.source().used(), s.footprint - release);
  EXPECT_GE(s.top - release, policy.top_pad);
  EXPECT_LT(s.top - release, block_for(policy.top_pad) + kGran);
}

TEST(HeapTrim, TrimOffNeverShrinksByItselfButExplicitTrimDoes) {
  tide::HeapPolicy policy = test_policy();
  policy.trim = 0;
  TopScenario s(policy);
  s.h.heap().deallocate(s.big);
  EXPECT_EQ(s.h.source().shrinks(), 0u);

  const size_t with_pad = expected_release(s.top, 8192, kGran);
  EXPECT_EQ(s.h.heap().trim(8192), with_pad);
  EXPECT_EQ(s.h.source().used(), s.footprint - with_pad);
  const size_t rest = expected_release(s.top - with_pad, 0, kGran);
  EXPECT_EQ(s.h.heap().trim(0), rest);
  EXPECT_EQ(s.h.heap().trim(0), 0u);
  EXPECT_EQ(s.h.source().used(), s.footprint - with_pad - rest);
  EXPECT_EQ(s.h.heap().stats().bytes_given_back, with_pad + rest);
  EXPECT_EQ(s.h.heap().stats().shrink_count, 2u);
  EXPECT_TRUE(s.h.heap().check());
}

TEST(HeapTrim, NoTrimAfterAForeignSbrk) {
  TopScenario s(test_policy());
  ASSERT_TRUE(s.h.source().foreign_grow(kGran));
  s.h.heap().deallocate(s.big);
  EXPECT_EQ(s.h.source().shrinks(), 0u);
  EXPECT_EQ(s.h.heap().trim(0), 0u);
  EXPECT_EQ(s.h.source().used(), s.footprint + kGran);
  EXPECT_EQ(s.h.heap().stats().shrink_count, 0u);
  EXPECT_TRUE(s.h.heap().check());
}

TEST(HeapTrim, TrimResumesWhenTheBreakIsBackWhereTheHeapLeftIt) {
  TopScenario s(test_policy());
  ASSERT_TRUE(s.h.source().foreign_grow(kGran));
  ASSERT_TRUE(s.h.source().foreign_shrink(kGran));
  s.h.heap().deallocate(s.big);
  EXPECT_EQ(s.h.source().used(), s.footprint - expected_release(s.top, 4096, kGran));
}

TEST(HeapTrim, RefusedShrinkLeavesTheHeapWhole) {
  TopScenario s(test_policy());
  s.h.source().refuse_shrink(true);
  s.h.heap().deallocate(s.big);
  EXPECT_EQ(s.h.source().used(), s.footprint);
  EXPECT_EQ(s.h.heap().stats().shrink_count, 0u);
  EXPECT_EQ(s.h.heap().stats().bytes_given_back, 0u);
  EXPECT_EQ(s.h.heap().stats().arena_bytes, s.footprint);
  EXPECT_TRUE(s.h.heap().check());
  // The free top is still there to be used, without growing.
  EXPECT_NE(s.h.heap().allocate(64 * 1024), nullptr);
  EXPECT_EQ(s.h.source().grows(), 2u);
}

TEST(HeapTrim, AdaptiveTrimRaisesTheThresholdWhenTheHeapRegrowsAfterATrim) {
  tide::HeapPolicy policy = test_policy();
  policy.adaptive_trim = 1;
  HeapHarness h(policy);
  ASSERT_NE(h.heap().allocate(100), nullptr);
  const size_t big = 24 * 1024;  // its free top lies between the threshold and twice it
  void* p = h.heap().allocate(big);
  h.heap().deallocate(p);
  ASSERT_EQ(h.source().shrinks(), 1u);

  // Growing right after a trim doubles the threshold in force: the same free no longer
  // trims.
  p = h.heap().allocate(big);
  ASSERT_EQ(h.source().grows(), 3u);
  const size_t footprint = h.source().used();
  h.heap().deallocate(p);
  EXPECT_EQ(h.source().shrinks(), 1u);
  EXPECT_EQ(h.source().used(), footprint);

  // A policy change resets it: the next free at the top trims again.
  ASSERT_EQ(h.heap().set_option(TIDE_OPT_TOP_PAD, policy.top_pad), TIDE_POLICY_OK);
  p = h.heap().allocate(big);
  EXPECT_EQ(h.source().grows(), 3u);  // the free top holds it
  h.heap().deallocate(p);
  EXPECT_EQ(h.source().shrinks(), 2u);
  EXPECT_LT(h.source().used(), footprint);
  EXPECT_TRUE(h.heap().check());
}

TEST(HeapTrim, WithoutAdaptiveTrimEveryRegrowIsTrimmedAgain) {
  HeapHarness h;  // test_policy(): adaptive_trim off
  ASSERT_NE(h.heap().allocate(100), nullptr);
  for (int round = 1; round <= 5; ++round) {
    h.heap().deallocate(h.heap().allocate(24 * 1024));
    EXPECT_EQ(h.source().shrinks(), static_cast<size_t>(round));
  }
}

TEST(HeapSpans, AForeignSbrkMakesTheHeapAdoptANewSpan) {
  HeapHarness h;
  void* small = h.heap().allocate(100);
  ASSERT_NE(small, nullptr);
  ASSERT_TRUE(h.source().foreign_grow(2 * kGran));
  const uintptr_t span = h.source().brk();

  void* big = h.heap().allocate(20000);
  ASSERT_NE(big, nullptr);
  EXPECT_EQ(addr(big), HeapHarness::first_payload(span));
  const size_t grown = round_up(block_for(20000) + kSpanOverhead, kGran);
  EXPECT_EQ(h.source().brk(), span + grown);

  tide::HeapStats stats = h.heap().stats();
  EXPECT_EQ(stats.spans, 2u);
  EXPECT_EQ(stats.arena_bytes, kGran + grown);
  EXPECT_EQ(stats.in_use_bytes, block_for(100) + block_for(20000));
  EXPECT_EQ(stats.free_bytes, stats.arena_bytes - 2 * kSpanOverhead - stats.in_use_bytes);
  EXPECT_TRUE(h.heap().check());

  // Both spans serve requests: fill the old span's free top exactly.
  const size_t old_top = top_after(kGran, block_for(100));
  void* filler = h.heap().allocate(usable_of(old_top));
  ASSERT_NE(filler, nullptr);
  void* more = h.heap().allocate(100);
  ASSERT_NE(more, nullptr);
  const bool filler_in_old = addr(filler) < h.base() + kGran;
  const bool more_in_new = addr(more) >= span;
  EXPECT_TRUE(filler_in_old || more_in_new);

  // The walk visits both spans in address order; the check accepts them.
  const std::vector<tide::BlockInfo> blocks = walk_all(h.heap());
  bool saw_small = false;
  bool saw_big = false;
  for (size_t i = 0; i < blocks.size(); ++i) {
    if (i > 0) {
      EXPECT_LT(addr(blocks[i - 1].pointer), addr(blocks[i].pointer));
    }
    saw_small = saw_small || blocks[i].pointer == small;
    saw_big = saw_big || blocks[i].pointer == big;
  }
  EXPECT_TRUE(saw_small);
  EXPECT_TRUE(saw_big);
  EXPECT_TRUE(h.heap().check());

  // The new span is at the break, so it trims again once its blocks are free.
  h.heap().deallocate(more);
  h.heap().deallocate(filler);
  h.heap().deallocate(big);
  EXPECT_EQ(h.source().shrinks(), 1u);
  EXPECT_LT(h.source().brk(), span + grown);
  EXPECT_GT(h.source().brk(), span);
  EXPECT_TRUE(h.heap().check());
}

// A block at the top of its span that realloc must grow after someone else moved the
// break: the old span cannot be extended, so the block moves to a new span, and every
// byte taken from the source stays in some span (found by the heap fuzzer: the heap used
// to grow a span too small to hold a block, and dropped it).
TEST(HeapSpans, ReallocAtTheTopAfterAForeignSbrkMovesToOneNewSpan) {
  tide::HeapPolicy policy = test_policy();
  policy.granularity = 0;  // the break moves in alignment steps only
  policy.min_grow = 0;
  HeapHarness h(policy);
  void* block = h.heap().allocate(100);
  ASSERT_NE(block, nullptr);
  ASSERT_EQ(h.heap().stats().free_bytes, 0u);  // the block ends at the span's sentinel
  const size_t foreign = 7 * kGran + 3;        // an unaligned foreign break
  ASSERT_TRUE(h.source().foreign_grow(foreign));
  const size_t before = h.source().used();

  void* moved = h.heap().reallocate(block, usable_of(block_for(100)) + 1);
  ASSERT_NE(moved, nullptr);
  EXPECT_GE(addr(moved), h.base() + before);
  const tide::HeapStats stats = h.heap().stats();
  EXPECT_EQ(stats.spans, 2u);
  EXPECT_EQ(h.source().grows(), 2u);  // the first span, then one new span
  EXPECT_EQ(stats.arena_bytes, h.source().used() - foreign);
  const size_t accounted = stats.in_use_bytes + stats.free_bytes + 2 * kSpanOverhead;
  EXPECT_GE(stats.arena_bytes, accounted);
  EXPECT_LT(stats.arena_bytes - accounted, kAlign);  // the new span's alignment pad
  EXPECT_TRUE(h.heap().check());
}

// Someone else's sbrk lands between the heap reading the break and its growth: the few
// bytes it took make the new memory a span too small for the request. The heap grows
// again from the new break (the raced memory stays a span), so malloc does not fail with
// plenty of memory left; every byte taken from the source is in a span.
TEST(HeapSpans, GrowthRacedByAForeignSbrkIsRetriedFromTheNewBreak) {
  HeapHarness h;
  ASSERT_NE(h.heap().allocate(100), nullptr);
  h.source().race_grows(1, 24);
  void* big = h.heap().allocate(6000);  // the top holds 3,900 B: one step more would do
  ASSERT_NE(big, nullptr);
  EXPECT_EQ(h.source().grows(), 3u);  // the first span, the raced one, its retry
  const tide::HeapStats stats = h.heap().stats();
  EXPECT_EQ(stats.arena_bytes, h.source().used() - 24);
  const size_t accounted = stats.in_use_bytes + stats.free_bytes + stats.spans * kSpanOverhead;
  EXPECT_GE(stats.arena_bytes, accounted);
  EXPECT_LT(stats.arena_bytes - accounted, stats.spans * kAlign);  // alignment pads only
  EXPECT_TRUE(h.heap().check());

  // A race on every growth: the retries are bounded, the request fails cleanly, nothing
  // taken is lost, and the heap works on once the races stop.
  h.source().race_grows(SIZE_MAX, 40);
  const size_t grows_before = h.source().grow_calls();
  EXPECT_EQ(h.heap().allocate(8 * kGran), nullptr);
  EXPECT_LE(h.source().grow_calls() - grows_before, 2u * 4u);  // a growth and its retries
  EXPECT_TRUE(h.heap().check());
  const tide::HeapStats raced = h.heap().stats();
  EXPECT_GE(raced.arena_bytes, raced.in_use_bytes + raced.free_bytes + raced.spans * kSpanOverhead);
  h.source().race_grows(0, 0);
  EXPECT_NE(h.heap().allocate(8 * kGran), nullptr);
  EXPECT_TRUE(h.heap().check());
}

TEST(HeapLimits, OutOfMemoryAtTheSourceLimitAndRecoveryAfterFrees) {
  HeapHarness h(test_policy(), 64 * 1024);
  EXPECT_EQ(h.heap().allocate(100 * 1024), nullptr);
  EXPECT_EQ(h.source().used(), 0u);
  EXPECT_EQ(h.heap().stats().failed_requests, 1u);

  std::vector<void*> blocks;
  for (void* p = h.heap().allocate(1000); p != nullptr; p = h.heap().allocate(1000)) {
    blocks.push_back(p);
  }
  EXPECT_EQ(h.heap().stats().failed_requests, 2u);
  EXPECT_LE(h.source().used(), 64u * 1024);
  // 64 KiB minus at most one granule of slack and the span overhead holds this many.
  EXPECT_GE(blocks.size(), (64 * 1024 - kGran) / block_for(1000));

  void* middle = blocks[blocks.size() / 2];
  h.heap().deallocate(middle);
  EXPECT_EQ(h.heap().allocate(1000), middle);
  for (void* p : blocks)
    h.heap().deallocate(p);
  EXPECT_EQ(h.heap().stats().allocated_blocks, 0u);
  EXPECT_NE(h.heap().allocate(48 * 1024), nullptr);
  EXPECT_TRUE(h.heap().check());
}

TEST(HeapLimits, RefusedGrowthFailsCountsAndRecovers) {
  HeapHarness h;
  h.source().refuse_grow(true);
  EXPECT_EQ(h.heap().allocate(100), nullptr);
  EXPECT_EQ(h.heap().stats().failed_requests, 1u);
  EXPECT_EQ(h.heap().stats().arena_bytes, 0u);
  h.source().refuse_grow(false);
  EXPECT_NE(h.heap().allocate(100), nullptr);
  EXPECT_EQ(h.heap().stats().failed_requests, 1u);
  EXPECT_TRUE(h.heap().check());
}

struct OomRecord {
  int calls = 0;
  size_t request = 0;
  void* to_free = nullptr;
  TestHeap* heap = nullptr;
  int answer = 1;

  static int handler(size_t request, void* context) {
    OomRecord& self = *static_cast<OomRecord*>(context);
    ++self.calls;
    self.request = request;
    if (self.to_free != nullptr) {
      self.heap->deallocate(self.to_free);
      self.to_free = nullptr;
    }
    return self.answer;
  }
};

TEST(HeapLimits, OomHandlerFreesAndTheAllocationIsRetriedOnce) {
  HeapHarness h(test_policy(), 64 * 1024);
  OomRecord record;
  record.heap = &h.heap();
  record.to_free = h.heap().allocate(40 * 1024);
  ASSERT_NE(record.to_free, nullptr);
  h.heap().set_oom_handler(&OomRecord::handler, &record);

  EXPECT_NE(h.heap().allocate(40 * 1024), nullptr);
  EXPECT_EQ(record.calls, 1);
  EXPECT_EQ(record.request, 40u * 1024);
  EXPECT_EQ(h.heap().stats().failed_requests, 0u);

  record.answer = 0;
  EXPECT_EQ(h.heap().allocate(40 * 1024), nullptr);
  EXPECT_EQ(record.calls, 2);
  EXPECT_EQ(h.heap().stats().failed_requests, 1u);

  // A handler that claims success without freeing gets exactly one retry.
  record.answer = 1;
  EXPECT_EQ(h.heap().allocate(40 * 1024), nullptr);
  EXPECT_EQ(record.calls, 3);
}

TEST(HeapLimits, MaxHeapCapsTheFootprint) {
  tide::HeapPolicy policy = test_policy();
  policy.max_heap = 32 * 1024;
  HeapHarness h(policy);
  EXPECT_EQ(h.heap().allocate(40 * 1024), nullptr);
  EXPECT_EQ(h.source().grows(), 0u);
  EXPECT_EQ(h.heap().stats().failed_requests, 1u);

  size_t count = 0;
  while (h.heap().allocate(1000) != nullptr)
    ++count;
  EXPECT_LE(h.source().used(), policy.max_heap);
  EXPECT_LE(h.heap().stats().peak_arena_bytes, policy.max_heap);
  EXPECT_GE(count, (policy.max_heap - kGran) / block_for(1000));

  ASSERT_EQ(h.heap().set_option(TIDE_OPT_MAX_HEAP, 0), TIDE_POLICY_OK);
  EXPECT_NE(h.heap().allocate(40 * 1024), nullptr);
  EXPECT_GT(h.source().used(), policy.max_heap);
}

}  // namespace
}  // namespace tide_test
