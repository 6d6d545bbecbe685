// Sizes and alignments: exact blocks for every small size, aligned allocation up to
// 64 KiB, refusal of bad alignments and unrepresentable sizes, calloc.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <vector>

#include "test_source.h"

namespace tide_test {
namespace {

constexpr size_t kBits = 8 * sizeof(size_t);

TEST(HeapSizes, EverySmallSizeGetsItsExactBlock) {
  tide::HeapPolicy policy = test_policy();
  policy.min_grow = 256 * 1024;  // one growth holds them all: no top remainder absorbed
  HeapHarness h(policy);
  uintptr_t expected = HeapHarness::first_payload(h.base());
  std::vector<void*> blocks;
  for (size_t size = 0; size <= 512; ++size) {
    void* p = h.heap().allocate(size);
    ASSERT_NE(p, nullptr) << size;
    EXPECT_EQ(addr(p), expected) << size;
    EXPECT_EQ(addr(p) % kAlign, 0u);
    const size_t usable = h.heap().usable_size(p);
    EXPECT_EQ(usable, usable_of(block_for(size))) << size;
    std::memset(p, static_cast<int>(size & 0xFF), usable);
    expected += block_for(size);
    blocks.push_back(p);
  }
  EXPECT_TRUE(h.heap().check());
  for (size_t size = 0; size < blocks.size(); ++size) {
    const auto* bytes = static_cast<const unsigned char*>(blocks[size]);
    const size_t usable = h.heap().usable_size(blocks[size]);
    EXPECT_EQ(std::count(bytes, bytes + usable, static_cast<unsigned char>(size & 0xFF)),
              static_cast<std::ptrdiff_t>(usable))
        << size;
  }
}

TEST(HeapSizes, ZeroBytesGivesDistinctMinimumBlocks) {
  HeapHarness h;
  void* a = h.heap().allocate(0);
  void* b = h.heap().allocate(0);
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  EXPECT_NE(a, b);
  EXPECT_EQ(h.heap().usable_size(a), usable_of(kMinBlock));
  h.heap().deallocate(a);
  h.heap().deallocate(b);
  EXPECT_EQ(h.heap().stats().allocated_blocks, 0u);
}

TEST(HeapSizes, UnrepresentableRequestsFailWithoutTouchingTheSource) {
  HeapHarness h;
  const size_t requests[] = {SIZE_MAX,
                             SIZE_MAX - kWord,
                             SIZE_MAX - kMinBlock,
                             SIZE_MAX / 2 + 1,
                             TestHeap::Core::kMaxRequest + 1,
                             size_t{1} << TestHeap::Core::kMaxBlockLog2};
  for (size_t request : requests)
    EXPECT_EQ(h.heap().allocate(request), nullptr) << request;
  EXPECT_EQ(h.heap().stats().failed_requests, std::size(requests));
  EXPECT_EQ(h.source().grows(), 0u);
  EXPECT_TRUE(h.heap().check());

  // The largest request that is representable fails only because the source is small.
  EXPECT_EQ(h.heap().allocate(TestHeap::Core::kMaxRequest), nullptr);
  EXPECT_EQ(h.source().used(), 0u);
  EXPECT_NE(h.heap().allocate(100), nullptr);
}

TEST(HeapAlignment, EveryPowerOfTwoUpTo64KiB) {
  HeapHarness h(test_policy(), 8 * 1024 * 1024);
  const size_t sizes[] = {0, 1, kWord, kAlign + 1, 100, 1000, 5000};
  std::vector<void*> blocks;
  for (size_t alignment = 1; alignment <= 64 * 1024; alignment *= 2) {
    for (size_t size : sizes) {
      void* p = h.heap().allocate_aligned(alignment, size);
      ASSERT_NE(p, nullptr) << alignment << " " << size;
      EXPECT_EQ(addr(p) % std::max(alignment, kAlign), 0u) << alignment << " " << size;
      const size_t usable = h.heap().usable_size(p);
      EXPECT_GE(usable, size);
      std::memset(p, 0x5A, usable);
      blocks.push_back(p);
    }
    ASSERT_TRUE(h.heap().check()) << alignment;
  }
  EXPECT_EQ(h.heap().stats().allocated_blocks, blocks.size());
  // Free every other block first, so that padding and neighbours coalesce in both orders.
  for (size_t i = 0; i < blocks.size(); i += 2)
    h.heap().deallocate(blocks[i]);
  EXPECT_TRUE(h.heap().check());
  for (size_t i = 1; i < blocks.size(); i += 2)
    h.heap().deallocate(blocks[i]);
  EXPECT_TRUE(h.heap().check());
  const tide::HeapStats stats = h.heap().stats();
  EXPECT_EQ(stats.allocated_blocks, 0u);
  EXPECT_EQ(stats.in_use_bytes, 0u);
}

TEST(HeapAlignment, AlignmentUpToTheBasicOneCostsNothing) {
  HeapHarness h;
  uintptr_t expected = HeapHarness::first_payload(h.base());
  for (size_t alignment = 1; alignment <= kAlign; alignment *= 2) {
    void* p = h.heap().allocate_aligned(alignment, 100);
    EXPECT_EQ(addr(p), expected) << alignment;
    EXPECT_EQ(h.heap().usable_size(p), usable_of(block_for(100)));
    expected += block_for(100);
  }
}

TEST(HeapAlignment, ThePaddingBeforeAnAlignedBlockStaysFree) {
  HeapHarness h;
  void* p = h.heap().allocate_aligned(4096, 100);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(addr(p) % 4096, 0u);
  EXPECT_LT(addr(p), h.base() + 2 * 4096);
  const tide::HeapStats stats = h.heap().stats();
  EXPECT_EQ(stats.allocated_blocks, 1u);
  EXPECT_EQ(stats.in_use_bytes, block_for(100));
  EXPECT_EQ(stats.free_bytes + stats.in_use_bytes + kSpanOverhead, stats.arena_bytes);
  // The gap below the block is a free block: the walk shows it first.
  const std::vector<tide::BlockInfo> blocks = walk_all(h.heap());
  ASSERT_GE(blocks.size(), 2u);
  EXPECT_EQ(blocks[0].in_use, 0);
  EXPECT_EQ(addr(blocks[0].pointer), HeapHarness::first_payload(h.base()));
  EXPECT_EQ(blocks[1].pointer, p);
  EXPECT_TRUE(h.heap().check());
}

TEST(HeapAlignment, NonPowerOfTwoIsRefused) {
  HeapHarness h;
  const size_t alignments[] = {3, 6, 12, 24, 48, 100, 4097, 65535, SIZE_MAX};
  for (size_t alignment : alignments) {
    EXPECT_EQ(h.heap().allocate_aligned(alignment, 64), nullptr) << alignment;
  }
  EXPECT_EQ(h.heap().stats().failed_requests, std::size(alignments));
  EXPECT_EQ(h.source().grows(), 0u);
}

TEST(HeapAlignment, HugeAlignmentFails) {
  HeapHarness h;
  const size_t alignments[] = {size_t{1} << (kBits - 1),
                               size_t{1} << TestHeap::Core::kMaxBlockLog2};
  for (size_t alignment : alignments) {
    EXPECT_EQ(h.heap().allocate_aligned(alignment, 16), nullptr) << alignment;
  }
  EXPECT_EQ(h.heap().allocate_aligned(64, SIZE_MAX - 32), nullptr);
  EXPECT_EQ(h.heap().stats().failed_requests, std::size(alignments) + 1);
  EXPECT_TRUE(h.heap().check());
}

TEST(HeapCalloc, OverflowFails) {
  HeapHarness h;
  const size_t half = size_t{1} << (kBits / 2);
  EXPECT_EQ(h.heap().allocate_zeroed(SIZE_MAX / 2 + 1, 2), nullptr);
  EXPECT_EQ(h.heap().allocate_zeroed(2, SIZE_MAX / 2 + 1), nullptr);
  EXPECT_EQ(h.heap().allocate_zeroed(SIZE_MAX, SIZE_MAX), nullptr);
  EXPECT_EQ(h.heap().allocate_zeroed(half, half), nullptr);
  EXPECT_EQ(h.heap().allocate_zeroed(half + 1, half - 1), nullptr);  // 2^bits - 1: no overflow,
  EXPECT_EQ(h.heap().stats().failed_requests, 5u);                   // but far too large
  EXPECT_EQ(h.source().grows(), 0u);
}

TEST(HeapCalloc, ZeroCountOrSizeIsLikeZeroBytes) {
  HeapHarness h;
  void* a = h.heap().allocate_zeroed(0, 100);
  void* b = h.heap().allocate_zeroed(100, 0);
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  EXPECT_NE(a, b);
  EXPECT_EQ(h.heap().usable_size(a), usable_of(kMinBlock));
}

::testing::AssertionResult all_zero(const void* p, size_t size) {
  const auto* bytes = static_cast<const unsigned char*>(p);
  for (size_t i = 0; i < size; ++i) {
    if (bytes[i] != 0) return ::testing::AssertionFailure() << "byte " << i << " of " << size;
  }
  return ::testing::AssertionSuccess();
}

TEST(HeapCalloc, ZeroesReusedDirtyMemory) {
  for (uint8_t poison = 0; poison <= 1; ++poison) {
    tide::HeapPolicy policy = test_policy();
    policy.trim = 0;
    policy.poison = poison;
    HeapHarness h(policy);
    std::vector<void*> blocks;
    for (size_t i = 0; i < 200; ++i) {
      void* p = h.heap().allocate(16 + (i * 37) % 700);
      ASSERT_NE(p, nullptr);
      std::memset(p, 0xA5, h.heap().usable_size(p));
      blocks.push_back(p);
    }
    const uintptr_t dirty_end = h.source().brk();
    for (size_t i = 0; i < blocks.size(); i += 2)
      h.heap().deallocate(blocks[i]);
    for (size_t i = 1; i < blocks.size(); i += 2)
      h.heap().deallocate(blocks[i]);

    for (size_t i = 0; i < 100; ++i) {
      const size_t count = 1 + i % 9;
      const size_t size = 8 + (i * 53) % 300;
      void* p = h.heap().allocate_zeroed(count, size);
      ASSERT_NE(p, nullptr);
      EXPECT_LT(addr(p), dirty_end);
      EXPECT_TRUE(all_zero(p, count * size)) << "poison " << int{poison} << " call " << i;
    }
    EXPECT_TRUE(h.heap().check());
  }
}

TEST(HeapCalloc, ZeroesMemoryRegrownAfterATrim) {
  HeapHarness h;
  void* low = h.heap().allocate(64);
  void* big = h.heap().allocate(256 * 1024);
  ASSERT_NE(low, nullptr);
  ASSERT_NE(big, nullptr);
  std::memset(big, 0xA5, 256 * 1024);
  h.heap().deallocate(big);
  ASSERT_EQ(h.source().shrinks(), 1u);  // the dirty bytes went back to the source
  void* again = h.heap().allocate_zeroed(1, 256 * 1024);
  ASSERT_NE(again, nullptr);
  EXPECT_TRUE(all_zero(again, 256 * 1024));
  // Fresh memory from the source is junk in this test, and must be zeroed too.
  void* fresh = h.heap().allocate_zeroed(64, 1024);
  ASSERT_NE(fresh, nullptr);
  EXPECT_TRUE(all_zero(fresh, 64 * 1024));
}

}  // namespace
}  // namespace tide_test
