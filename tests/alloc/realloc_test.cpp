// reallocate: in place when the next block is free or the block is at the top (moving the
// break), shrinking in place, moving otherwise; NULL and 0 as C says.
#include <gtest/gtest.h>

#include <cstring>

#include "test_source.h"

namespace tide_test {
namespace {

constexpr size_t kGran = 4096;

void fill(void* p, size_t size, unsigned char seed) {
  auto* bytes = static_cast<unsigned char*>(p);
  for (size_t i = 0; i < size; ++i)
    bytes[i] = static_cast<unsigned char>(seed + i * 7);
}

::testing::AssertionResult holds(const void* p, size_t size, unsigned char seed) {
  const auto* bytes = static_cast<const unsigned char*>(p);
  for (size_t i = 0; i < size; ++i) {
    if (bytes[i] != static_cast<unsigned char>(seed + i * 7)) {
      return ::testing::AssertionFailure() << "byte " << i << " of " << size << " changed";
    }
  }
  return ::testing::AssertionSuccess();
}

TEST(HeapRealloc, NullPointerAllocates) {
  HeapHarness h;
  void* p = h.heap().reallocate(nullptr, 100);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(addr(p), HeapHarness::first_payload(h.base()));
  EXPECT_EQ(h.heap().usable_size(p), usable_of(block_for(100)));
  EXPECT_EQ(h.heap().stats().allocated_blocks, 1u);
}

TEST(HeapRealloc, SizeZeroReleasesTheOldBlock) {
  // C leaves realloc(p, 0) to the implementation: either NULL with p freed, or a new
  // minimal block with p freed. Never a leak, never p kept alive beside a new block.
  HeapHarness h;
  void* keep = h.heap().allocate(32);
  void* p = h.heap().allocate(100);
  ASSERT_NE(p, nullptr);
  void* q = h.heap().reallocate(p, 0);
  const tide::HeapStats stats = h.heap().stats();
  if (q == nullptr) {
    EXPECT_EQ(stats.allocated_blocks, 1u);
    EXPECT_EQ(stats.in_use_bytes, block_for(32));
    EXPECT_EQ(stats.failed_requests, 0u);
  } else {
    EXPECT_EQ(stats.allocated_blocks, 2u);
    EXPECT_EQ(stats.in_use_bytes, block_for(32) + block_for(0));
    h.heap().deallocate(q);
  }
  h.heap().deallocate(keep);
  EXPECT_EQ(h.heap().stats().allocated_blocks, 0u);
  EXPECT_TRUE(h.heap().check());
}

TEST(HeapRealloc, ShrinkStaysInPlaceAndFreesTheTail) {
  HeapHarness h;
  void* p = h.heap().allocate(1000);
  void* barrier = h.heap().allocate(16);
  fill(p, 1000, 3);
  const size_t free_before = h.heap().stats().free_bytes;

  void* q = h.heap().reallocate(p, 100);
  EXPECT_EQ(q, p);
  EXPECT_TRUE(holds(q, 100, 3));
  EXPECT_EQ(h.heap().usable_size(q), usable_of(block_for(100)));
  const tide::HeapStats stats = h.heap().stats();
  EXPECT_EQ(stats.free_bytes, free_before + block_for(1000) - block_for(100));
  EXPECT_EQ(stats.in_use_bytes, block_for(100) + block_for(16));
  // The tail became a free block of its own between p and the barrier.
  void* tail = h.heap().allocate(usable_of(block_for(1000) - block_for(100)));
  EXPECT_EQ(addr(tail), addr(p) + block_for(100));
  EXPECT_EQ(addr(barrier), addr(p) + block_for(1000));
  EXPECT_TRUE(h.heap().check());
}

TEST(HeapRealloc, ShrinkByLessThanAMinimumBlockKeepsTheBlock) {
  HeapHarness h;
  void* p = h.heap().allocate(200);
  ASSERT_NE(h.heap().allocate(16), nullptr);
  const size_t usable = h.heap().usable_size(p);
  void* q = h.heap().reallocate(p, usable - kAlign);
  EXPECT_EQ(q, p);
  EXPECT_GE(h.heap().usable_size(q), usable - kAlign);
  EXPECT_TRUE(h.heap().check());
}

TEST(HeapRealloc, SameSizeIsANoOp) {
  HeapHarness h;
  void* p = h.heap().allocate(300);
  fill(p, 300, 9);
  EXPECT_EQ(h.heap().reallocate(p, 300), p);
  EXPECT_EQ(h.heap().reallocate(p, h.heap().usable_size(p)), p);
  EXPECT_TRUE(holds(p, 300, 9));
}

TEST(HeapRealloc, GrowsIntoAFreeNextBlock) {
  HeapHarness h;
  void* p = h.heap().allocate(100);
  void* next = h.heap().allocate(400);
  void* barrier = h.heap().allocate(16);
  ASSERT_NE(barrier, nullptr);
  fill(p, 100, 21);
  h.heap().deallocate(next);
  const size_t grows = h.source().grows();

  void* q = h.heap().reallocate(p, 300);
  EXPECT_EQ(q, p);
  EXPECT_TRUE(holds(q, 100, 21));
  EXPECT_EQ(h.heap().usable_size(q), usable_of(block_for(300)));
  EXPECT_EQ(h.source().grows(), grows);
  // What is left of the free neighbour is still free and usable.
  const size_t left = block_for(100) + block_for(400) - block_for(300);
  EXPECT_EQ(addr(h.heap().allocate(usable_of(left))), addr(p) + block_for(300));
  EXPECT_TRUE(h.heap().check());
}

TEST(HeapRealloc, GrowsIntoTheWholeFreeNextBlock) {
  HeapHarness h;
  void* p = h.heap().allocate(100);
  void* next = h.heap().allocate(400);
  void* barrier = h.heap().allocate(16);
  h.heap().deallocate(next);
  const size_t whole = block_for(100) + block_for(400);
  void* q = h.heap().reallocate(p, usable_of(whole));
  EXPECT_EQ(q, p);
  EXPECT_EQ(h.heap().usable_size(q), usable_of(whole));
  EXPECT_EQ(h.heap().stats().free_blocks, 1u);  // only the top is left
  EXPECT_EQ(addr(barrier), addr(p) + whole);
  EXPECT_TRUE(h.heap().check());
}

TEST(HeapRealloc, GrowsAtTheTopByMovingTheBreak) {
  HeapHarness h;
  void* low = h.heap().allocate(64);
  void* p = h.heap().allocate(1000);
  ASSERT_NE(low, nullptr);
  fill(p, 1000, 33);
  ASSERT_EQ(h.source().used(), kGran);
  const size_t top = kGran - kSpanOverhead - block_for(64) - block_for(1000);

  void* q = h.heap().reallocate(p, 20000);
  EXPECT_EQ(q, p);
  EXPECT_TRUE(holds(q, 1000, 33));
  EXPECT_EQ(h.heap().usable_size(q), usable_of(block_for(20000)));
  ASSERT_EQ(h.source().grows(), 2u);
  EXPECT_EQ(h.source().events()[1].bytes,
            round_up(block_for(20000) - block_for(1000) - top, kGran));
  EXPECT_EQ(h.heap().stats().allocated_blocks, 2u);
  EXPECT_TRUE(h.heap().check());
}

TEST(HeapRealloc, ShrinkAtTheTopCanGiveMemoryBack) {
  HeapHarness h;
  void* p = h.heap().allocate(64 * 1024);
  ASSERT_NE(p, nullptr);
  const size_t footprint = h.source().used();
  void* q = h.heap().reallocate(p, 100);
  EXPECT_EQ(q, p);
  const size_t top = footprint - kSpanOverhead - block_for(100);
  // The free top now exceeds the threshold: it is trimmed to the pad like after a free.
  EXPECT_EQ(h.source().used(), footprint - expected_release(top, 4096, kGran));
  EXPECT_TRUE(h.heap().check());
}

TEST(HeapRealloc, MovesWhenItCannotGrowInPlace) {
  HeapHarness h;
  void* p = h.heap().allocate(100);
  void* blocker = h.heap().allocate(100);
  ASSERT_NE(blocker, nullptr);
  fill(p, 100, 45);
  void* q = h.heap().reallocate(p, 5000);
  ASSERT_NE(q, nullptr);
  EXPECT_NE(q, p);
  EXPECT_TRUE(holds(q, 100, 45));
  const tide::HeapStats stats = h.heap().stats();
  EXPECT_EQ(stats.allocated_blocks, 2u);
  EXPECT_EQ(stats.in_use_bytes, block_for(100) + block_for(5000));
  // The old block is free again: a same-size request gets it back.
  EXPECT_EQ(h.heap().allocate(100), p);
  EXPECT_TRUE(h.heap().check());
}

TEST(HeapRealloc, FailureLeavesTheOldBlockIntact) {
  HeapHarness h(test_policy(), 64 * 1024);
  void* p = h.heap().allocate(100);
  void* blocker = h.heap().allocate(100);
  ASSERT_NE(blocker, nullptr);
  fill(p, 100, 57);
  EXPECT_EQ(h.heap().reallocate(p, 128 * 1024), nullptr);
  EXPECT_EQ(h.heap().reallocate(p, TestHeap::Core::kMaxRequest + 1), nullptr);
  EXPECT_EQ(h.heap().reallocate(p, SIZE_MAX), nullptr);
  EXPECT_TRUE(holds(p, 100, 57));
  EXPECT_EQ(h.heap().usable_size(p), usable_of(block_for(100)));
  const tide::HeapStats stats = h.heap().stats();
  EXPECT_EQ(stats.allocated_blocks, 2u);
  EXPECT_EQ(stats.failed_requests, 3u);
  EXPECT_TRUE(h.heap().check());
}

TEST(HeapRealloc, GrowNextToAFreePreviousBlockKeepsTheContents) {
  // Growing when only the previous block is free must still preserve the contents.
  HeapHarness h;
  void* before = h.heap().allocate(400);
  void* p = h.heap().allocate(100);
  void* blocker = h.heap().allocate(16);
  ASSERT_NE(blocker, nullptr);
  fill(p, 100, 77);
  h.heap().deallocate(before);
  void* q = h.heap().reallocate(p, 300);
  ASSERT_NE(q, nullptr);
  EXPECT_TRUE(holds(q, 100, 77));
  EXPECT_GE(h.heap().usable_size(q), 300u);
  EXPECT_TRUE(h.heap().check());
}

}  // namespace
}  // namespace tide_test
