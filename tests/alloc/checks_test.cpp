// The checking modes: planted corruption of each kind found by check() (and by the
// operations in full mode), bad pointers reported through the error hook in cheap mode,
// and the default hook printing and aborting (death tests).
#include <gtest/gtest.h>

#include <cstring>

#include "test_source.h"

namespace tide_test {
namespace {

// Blocks a, b, c, d in a row and a freed block f between two allocated ones:
//   [a][b][c][f (free)][d][free top]
// The FREE flag's bit is learnt from f's header before and after the free.
class Planted {
 public:
  explicit Planted(uint8_t check = TIDE_CHECK_CHEAP, uint8_t poison = 0)
      : h_(policy(check, poison)) {
    a = h_.heap().allocate(100);
    b = h_.heap().allocate(100);
    c = h_.heap().allocate(100);
    f = h_.heap().allocate(200);
    d = h_.heap().allocate(100);
    const uintptr_t allocated = read_word(header_of(f));
    h_.heap().deallocate(f);
    free_flag = allocated ^ read_word(header_of(f));
    log.attach(h_.heap());
  }

  TestHeap& heap() { return h_.heap(); }
  uintptr_t f_footer() const { return header_of(f) + block_for(200) - kWord; }

  // Runs check() and returns what it found.
  tide::HeapError checked() {
    tide::HeapError error{};
    EXPECT_FALSE(h_.heap().check(&error));
    return error;
  }

  void* a = nullptr;
  void* b = nullptr;
  void* c = nullptr;
  void* f = nullptr;
  void* d = nullptr;
  uintptr_t free_flag = 0;
  ErrorLog log;

 private:
  static tide::HeapPolicy policy(uint8_t check, uint8_t poison) {
    tide::HeapPolicy p = test_policy();
    p.check = check;
    p.poison = poison;
    return p;
  }
  HeapHarness h_;
};

TEST(HeapCheck, ASoundHeapPasses) {
  Planted p;
  tide::HeapError error{};
  EXPECT_TRUE(p.heap().check(&error));
  EXPECT_TRUE(p.heap().check(nullptr));
  EXPECT_EQ(p.free_flag & ~(kAlign - 1), 0u);  // a flag bit, below the size
  EXPECT_NE(p.free_flag, 0u);
  EXPECT_EQ(p.log.count(), 0u);
}

TEST(HeapCheck, FindsAnOverwrittenHeaderSize) {
  Planted p;
  const uintptr_t header = read_word(header_of(p.b));
  write_word(header_of(p.b), (header & (kAlign - 1)) | (size_t{1} << 30));
  const tide::HeapError error = p.checked();
  EXPECT_EQ(error.kind, TIDE_ERROR_CORRUPT_HEADER);
  EXPECT_EQ(addr(error.block), header_of(p.b));
  EXPECT_NE(error.what, nullptr);
  EXPECT_FALSE(p.heap().check(nullptr));
}

TEST(HeapCheck, FindsAHeaderSizeOfZero) {
  Planted p;
  write_word(header_of(p.c), read_word(header_of(p.c)) & (kAlign - 1));
  const tide::HeapError error = p.checked();
  EXPECT_EQ(error.kind, TIDE_ERROR_CORRUPT_HEADER);
  EXPECT_EQ(addr(error.block), header_of(p.c));
}

TEST(HeapCheck, FindsAFreeFlagSetOnAnAllocatedBlock) {
  Planted p;
  write_word(header_of(p.b), read_word(header_of(p.b)) | p.free_flag);
  // b claims to be free but has no footer and sits in no list.
  const tide::HeapError error = p.checked();
  EXPECT_EQ(error.kind, TIDE_ERROR_CORRUPT_FREE_LIST);
  EXPECT_EQ(addr(error.block), header_of(p.b));
}

TEST(HeapCheck, FindsAFreeFlagClearedOnAFreeBlock) {
  Planted p;
  write_word(header_of(p.f), read_word(header_of(p.f)) & ~p.free_flag);
  // Found where the next block's PREV_FREE flag disagrees with f's header.
  const tide::HeapError error = p.checked();
  EXPECT_EQ(error.kind, TIDE_ERROR_CORRUPT_HEADER);
  EXPECT_EQ(addr(error.block), header_of(p.d));
}

TEST(HeapCheck, FindsAScribbledNextLink) {
  Planted p;
  int local = 0;
  write_word(addr(p.f), addr(&local));  // next: the first payload word of a free block
  const tide::HeapError error = p.checked();
  EXPECT_EQ(error.kind, TIDE_ERROR_CORRUPT_FREE_LIST);
  EXPECT_EQ(addr(error.block), header_of(p.f));
}

TEST(HeapCheck, FindsAScribbledBackLink) {
  Planted p;
  write_word(addr(p.f) + kWord, addr(p.a));  // pprev: the second payload word
  const tide::HeapError error = p.checked();
  EXPECT_EQ(error.kind, TIDE_ERROR_CORRUPT_FREE_LIST);
  EXPECT_EQ(addr(error.block), header_of(p.f));
}

TEST(HeapCheck, FindsAFooterMismatch) {
  Planted p;
  ASSERT_EQ(read_word(p.f_footer()), block_for(200));
  write_word(p.f_footer(), block_for(200) + 2 * kAlign);
  const tide::HeapError error = p.checked();
  EXPECT_EQ(error.kind, TIDE_ERROR_CORRUPT_FREE_LIST);
  EXPECT_EQ(addr(error.block), header_of(p.f));
}

TEST(HeapCheck, FindsAWriteIntoPoisonedMemory) {
  Planted p(TIDE_CHECK_CHEAP, /*poison=*/1);
  ASSERT_TRUE(p.heap().check());
  static_cast<unsigned char*>(p.f)[3 * kWord] = 0x42;
  const tide::HeapError error = p.checked();
  EXPECT_EQ(error.kind, TIDE_ERROR_POISON_OVERWRITTEN);
  EXPECT_EQ(addr(error.block), header_of(p.f));
}

TEST(HeapCheck, FullModeFindsCorruptionOnTheNextOperation) {
  Planted p(TIDE_CHECK_FULL, /*poison=*/1);
  static_cast<unsigned char*>(p.f)[3 * kWord] = 0x42;
  EXPECT_EQ(p.heap().allocate(16), nullptr);  // a hook that returns makes malloc fail
  ASSERT_EQ(p.log.count(), 1u);
  EXPECT_EQ(p.log.last().kind, TIDE_ERROR_POISON_OVERWRITTEN);
  EXPECT_EQ(addr(p.log.last().block), header_of(p.f));
}

TEST(HeapCheck, FullModeFindsAnOverwrittenHeaderOnFree) {
  Planted p(TIDE_CHECK_FULL);
  write_word(header_of(p.c), read_word(header_of(p.c)) | (size_t{1} << 30));
  p.heap().deallocate(p.a);
  ASSERT_GE(p.log.count(), 1u);
  EXPECT_EQ(p.log.errors[0].kind, TIDE_ERROR_CORRUPT_HEADER);
  EXPECT_EQ(addr(p.log.errors[0].block), header_of(p.c));
}

TEST(HeapCheck, CheapModeChecksFreeListLinksInMalloc) {
  Planted p;
  write_word(addr(p.f) + kWord, addr(p.a));  // f is the head of its class
  void* got = p.heap().allocate(200);
  EXPECT_NE(got, p.f);
  ASSERT_EQ(p.log.count(), 1u);
  EXPECT_EQ(p.log.last().kind, TIDE_ERROR_CORRUPT_FREE_LIST);
  EXPECT_EQ(addr(p.log.last().block), header_of(p.f));
}

TEST(HeapChecks, DoubleFreeIsReportedAndIgnored) {
  Planted p;
  p.heap().deallocate(p.b);
  const tide::HeapStats before = p.heap().stats();
  p.heap().deallocate(p.b);
  ASSERT_EQ(p.log.count(), 1u);
  EXPECT_EQ(p.log.last().kind, TIDE_ERROR_DOUBLE_FREE);
  EXPECT_EQ(p.log.last().pointer, p.b);
  EXPECT_EQ(addr(p.log.last().block), header_of(p.b));
  const tide::HeapStats after = p.heap().stats();
  EXPECT_EQ(after.allocated_blocks, before.allocated_blocks);
  EXPECT_EQ(after.free_bytes, before.free_bytes);
  EXPECT_TRUE(p.heap().check());
}

TEST(HeapChecks, ResizingAFreedBlockIsADoubleFree) {
  Planted p;
  EXPECT_EQ(p.heap().reallocate(p.f, 50), nullptr);
  ASSERT_EQ(p.log.count(), 1u);
  EXPECT_EQ(p.log.last().kind, TIDE_ERROR_DOUBLE_FREE);
  EXPECT_EQ(p.log.last().pointer, p.f);
  EXPECT_TRUE(p.heap().check());
}

TEST(HeapChecks, AFreeFlagPlantedOnAnAllocatedBlockLooksLikeADoubleFree) {
  Planted p;
  write_word(header_of(p.b), read_word(header_of(p.b)) | p.free_flag);
  p.heap().deallocate(p.b);
  ASSERT_EQ(p.log.count(), 1u);
  EXPECT_EQ(p.log.last().kind, TIDE_ERROR_DOUBLE_FREE);
}

TEST(HeapChecks, ForeignAndMisalignedPointersAreReported) {
  Planted p;
  alignas(64) unsigned char local[64];
  p.heap().deallocate(local);
  ASSERT_EQ(p.log.count(), 1u);
  EXPECT_EQ(p.log.last().kind, TIDE_ERROR_FOREIGN_POINTER);
  EXPECT_EQ(p.log.last().pointer, local);

  void* misaligned = static_cast<char*>(p.b) + 1;
  p.heap().deallocate(misaligned);
  ASSERT_EQ(p.log.count(), 2u);
  EXPECT_EQ(p.log.last().kind, TIDE_ERROR_MISALIGNED_POINTER);
  EXPECT_EQ(p.log.last().pointer, misaligned);

  EXPECT_EQ(p.heap().reallocate(local, 10), nullptr);
  ASSERT_EQ(p.log.count(), 3u);
  EXPECT_EQ(p.log.last().kind, TIDE_ERROR_FOREIGN_POINTER);

  EXPECT_EQ(p.heap().usable_size(local), 0u);
  ASSERT_EQ(p.log.count(), 4u);
  EXPECT_EQ(p.log.last().kind, TIDE_ERROR_FOREIGN_POINTER);

  EXPECT_EQ(p.heap().stats().allocated_blocks, 4u);
  EXPECT_TRUE(p.heap().check());
}

TEST(HeapChecks, PointersIntoTheSpanHeadAreForeign) {
  // Aligned addresses between the heap's start and its first payload: their would-be
  // headers lie in the span head or below the heap, and are never read.
  Planted p;
  size_t reports = 0;
  for (uintptr_t below = kAlign; below <= kSpanHead + kWord; below += kAlign) {
    void* pointer = reinterpret_cast<void*>(addr(p.a) - below);
    p.heap().deallocate(pointer);
    ASSERT_EQ(p.log.count(), ++reports) << below;
    EXPECT_EQ(p.log.last().kind, TIDE_ERROR_FOREIGN_POINTER) << below;
    EXPECT_EQ(p.log.last().pointer, pointer);
  }
  EXPECT_EQ(p.heap().stats().allocated_blocks, 4u);
  EXPECT_TRUE(p.heap().check());
}

TEST(HeapChecks, FreeOfNullIsNothing) {
  Planted p;
  const tide::HeapStats before = p.heap().stats();
  p.heap().deallocate(nullptr);
  EXPECT_EQ(p.log.count(), 0u);
  EXPECT_EQ(p.heap().stats().allocated_blocks, before.allocated_blocks);
}

// The default hook prints through tide_platform_write_error (stderr here) and aborts.
TEST(HeapChecksDeathTest, DoubleFreeAbortsWithTheDefaultHook) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  HeapHarness h;
  void* p = h.heap().allocate(64);
  h.heap().deallocate(p);
  EXPECT_DEATH(h.heap().deallocate(p), "heap error: double free.*pointer 0x");
}

TEST(HeapChecksDeathTest, ForeignPointerAbortsWithTheDefaultHook) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  HeapHarness h;
  ASSERT_NE(h.heap().allocate(64), nullptr);
  alignas(64) static unsigned char not_from_the_heap[64];
  EXPECT_DEATH(h.heap().deallocate(not_from_the_heap), "heap error: foreign pointer");
}

TEST(HeapChecksDeathTest, ANullHookRestoresTheDefault) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  HeapHarness h;
  ErrorLog log;
  log.attach(h.heap());
  h.heap().set_error_hook(nullptr, nullptr);
  void* p = h.heap().allocate(64);
  h.heap().deallocate(p);
  EXPECT_DEATH(h.heap().deallocate(p), "double free");
  EXPECT_EQ(log.count(), 0u);
}

}  // namespace
}  // namespace tide_test
