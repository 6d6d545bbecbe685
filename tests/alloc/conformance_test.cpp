// The heap's contract, written once and run on every profile (minimal, board, full): what
// every build promises (malloc, free, realloc, calloc, growth and trim, refusal of bad
// sizes, what happens after someone else's sbrk) and, for each optional feature, what it
// adds. A test of a feature the profile leaves out is skipped (GTEST_SKIP, reported by
// CTest as skipped), never passed without running.
#include <stdint.h>

#include <cstring>
#include <vector>

#include <gtest/gtest.h>

#include "test_source.h"
#include "tide/heap.h"

namespace tide_test {
namespace {

// The compile-time policy the profiles run on here: 4 KiB steps, trimming above 16 KiB
// keeping 4 KiB, cheap checks where they are built in.
constexpr tide::HeapConfig conformance_config(tide::HeapProfile profile) {
  tide::HeapConfig config = tide::profile_config(profile);
  config.policy.granularity = 4096;
  config.policy.min_grow = 4096;
  config.policy.trim = 1;
  config.policy.trim_threshold = 16 * 1024;
  config.policy.top_pad = 4096;
  config.policy.max_heap = 0;
  config.policy.poison = 0;
  config.policy.adaptive_trim = 0;
  config.policy.check = config.features.checks != 0 ? TIDE_CHECK_CHEAP : TIDE_CHECK_OFF;
  return config;
}

template <tide::HeapProfile kProfile>
struct Profile {
  static constexpr tide::HeapConfig kConfig = conformance_config(kProfile);
  static constexpr tide::HeapFeatures kFeatures = kConfig.features;
  using Heap = tide::Heap<TestSource, tide::NoLock, kConfig>;
};

// A TestSource that says memory it hands out reads as zero, while its memory is junk:
// whatever calloc returns unchanged from that memory shows it was not written.
class ClaimsZeroedSource : public TestSource {
 public:
  using TestSource::TestSource;
  size_t zero_fill_granule() const { return 1; }
};
static_assert(tide::ZeroingMemorySource<ClaimsZeroedSource>);

template <class P>
class Conformance : public testing::Test {
 protected:
  static constexpr size_t kCapacity = 1 << 20;
  static constexpr tide::HeapFeatures kFeatures = P::kFeatures;
  using Heap = typename P::Heap;

  Arena arena_{kCapacity};
  Heap heap_{TestSource(arena_.data(), kCapacity)};

  TestSource& source() { return heap_.source(); }

  // Fills a block with a byte derived from its address, and checks it back.
  static unsigned char fill_of(const void* pointer) {
    return static_cast<unsigned char>(reinterpret_cast<uintptr_t>(pointer) >> 4);
  }
  static void fill(void* pointer, size_t size) { std::memset(pointer, fill_of(pointer), size); }
  static bool filled(const void* pointer, size_t size, unsigned char value) {
    const auto* bytes = static_cast<const unsigned char*>(pointer);
    for (size_t i = 0; i < size; ++i) {
      if (bytes[i] != value) return false;
    }
    return true;
  }
};

using Profiles =
    testing::Types<Profile<tide::HeapProfile::minimal>, Profile<tide::HeapProfile::board>,
                   Profile<tide::HeapProfile::full>>;

class ProfileNames {
 public:
  template <class P>
  static std::string GetName(int) {
    constexpr tide::HeapProfile profile =
        P::kConfig.features.span_adoption ? tide::HeapProfile::full
        : P::kConfig.features.statistics  ? tide::HeapProfile::board
                                          : tide::HeapProfile::minimal;
    return profile == tide::HeapProfile::full    ? "full"
           : profile == tide::HeapProfile::board ? "board"
                                                 : "minimal";
  }
};

TYPED_TEST_SUITE(Conformance, Profiles, ProfileNames);

// ---- what every profile promises -------------------------------------------------------

TYPED_TEST(Conformance, BlocksAreAlignedDistinctAndHoldTheirSize) {
  std::vector<std::pair<void*, size_t>> blocks;
  for (size_t size : {1, 7, 8, 16, 24, 100, 255, 1000, 4096, 20000}) {
    void* p = this->heap_.allocate(size);
    ASSERT_NE(p, nullptr) << size;
    EXPECT_EQ(reinterpret_cast<uintptr_t>(p) % kAlign, 0u);
    EXPECT_GE(this->heap_.usable_size(p), size);
    EXPECT_GE(reinterpret_cast<uintptr_t>(p), this->source().base());
    EXPECT_LE(reinterpret_cast<uintptr_t>(p) + size, this->source().brk());
    this->fill(p, size);
    blocks.emplace_back(p, size);
  }
  for (const auto& [p, size] : blocks)
    EXPECT_TRUE(this->filled(p, size, this->fill_of(p))) << "a block overlapped another";
  for (const auto& [p, size] : blocks)
    this->heap_.deallocate(p);
}

TYPED_TEST(Conformance, ImpossibleSizesFailAndTakeNothing) {
  const size_t before = this->source().used();
  EXPECT_EQ(this->heap_.allocate(SIZE_MAX), nullptr);
  EXPECT_EQ(this->heap_.allocate(SIZE_MAX / 2), nullptr);
  EXPECT_EQ(this->heap_.allocate(TypeParam::Heap::Core::kMaxRequest + 1), nullptr);
  EXPECT_EQ(this->heap_.allocate_zeroed(SIZE_MAX / 2, 3), nullptr);  // count * size overflows
  EXPECT_EQ(this->heap_.allocate(this->kCapacity), nullptr);         // more than the source has
  EXPECT_EQ(this->source().used(), before);
  void* p = this->heap_.allocate(64);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(this->heap_.reallocate(p, SIZE_MAX), nullptr);
  EXPECT_EQ(this->heap_.usable_size(p), usable_of(block_for(64)));  // the block is unchanged
  this->heap_.deallocate(p);
}

TYPED_TEST(Conformance, FreeAndReallocOfNullAndZero) {
  this->heap_.deallocate(nullptr);
  void* p = this->heap_.reallocate(nullptr, 40);  // realloc(NULL, n) is malloc(n)
  ASSERT_NE(p, nullptr);
  EXPECT_GE(this->heap_.usable_size(p), 40u);
  EXPECT_EQ(this->heap_.reallocate(p, 0), nullptr);  // realloc(p, 0) frees p
  void* q = this->heap_.allocate(40);
  EXPECT_EQ(q, p);  // the freed block is the one handed out next
  this->heap_.deallocate(q);
}

TYPED_TEST(Conformance, ReallocKeepsTheContentsWhenGrowingAndShrinking) {
  auto* p = static_cast<unsigned char*>(this->heap_.allocate(100));
  ASSERT_NE(p, nullptr);
  for (int i = 0; i < 100; ++i)
    p[i] = static_cast<unsigned char>(i);
  void* blocker = this->heap_.allocate(32);  // keeps the block from being the last one
  auto* grown = static_cast<unsigned char*>(this->heap_.reallocate(p, 3000));
  ASSERT_NE(grown, nullptr);
  for (int i = 0; i < 100; ++i)
    ASSERT_EQ(grown[i], i);
  auto* shrunk = static_cast<unsigned char*>(this->heap_.reallocate(grown, 10));
  ASSERT_NE(shrunk, nullptr);
  for (int i = 0; i < 10; ++i)
    ASSERT_EQ(shrunk[i], i);
  EXPECT_GE(this->heap_.usable_size(shrunk), 10u);
  this->heap_.deallocate(shrunk);
  this->heap_.deallocate(blocker);
}

TYPED_TEST(Conformance, CallocClearsMemoryThatWasUsedBefore) {
  void* p = this->heap_.allocate(500);
  ASSERT_NE(p, nullptr);
  std::memset(p, 0xAB, 500);
  void* keep = this->heap_.allocate(16);  // p's memory goes to the free lists, not the top
  this->heap_.deallocate(p);
  auto* zeroed = static_cast<unsigned char*>(this->heap_.allocate_zeroed(50, 10));
  ASSERT_EQ(zeroed, p);
  EXPECT_TRUE(this->filled(zeroed, 500, 0));
  // The source is junk and not a zeroing source: fresh memory is cleared as well.
  auto* fresh = static_cast<unsigned char*>(this->heap_.allocate_zeroed(1, 3000));
  ASSERT_NE(fresh, nullptr);
  EXPECT_TRUE(this->filled(fresh, 3000, 0));
  this->heap_.deallocate(zeroed);
  this->heap_.deallocate(fresh);
  this->heap_.deallocate(keep);
}

TYPED_TEST(Conformance, CallocDoesNotWriteMemoryAZeroingSourceHandsOutFresh) {
  using Lying = tide::Heap<ClaimsZeroedSource, tide::NoLock, TypeParam::kConfig>;
  Lying heap{ClaimsZeroedSource(this->arena_.data(), this->kCapacity)};
  // From never-used memory: left as the source gave it (junk here, zero on a real one).
  auto* first = static_cast<unsigned char*>(heap.allocate_zeroed(1, 200));
  ASSERT_NE(first, nullptr);
  EXPECT_TRUE(this->filled(first, 200, kJunk));
  // The same memory again after a free: it has been handed out, so calloc clears it.
  std::memset(first, 0x55, 200);
  heap.deallocate(first);
  auto* again = static_cast<unsigned char*>(heap.allocate_zeroed(1, 300));
  ASSERT_EQ(again, first);
  EXPECT_TRUE(this->filled(again, 200, 0));                  // the part used before
  EXPECT_TRUE(this->filled(again + 208, 300 - 208, kJunk));  // past the old block: fresh
  heap.deallocate(again);
}

TYPED_TEST(Conformance, TheBreakGrowsOnDemandAndFallsBackAfterFrees) {
  EXPECT_EQ(this->source().used(), 0u);  // nothing taken before the first call
  std::vector<void*> blocks;
  for (int i = 0; i < 200; ++i) {
    blocks.push_back(this->heap_.allocate(1000));
    ASSERT_NE(blocks.back(), nullptr);
  }
  const size_t peak = this->source().used();
  EXPECT_GE(peak, 200 * block_for(1000));
  EXPECT_EQ(peak % 4096, 0u);  // in steps of the policy's granularity
  for (void* p : blocks)
    this->heap_.deallocate(p);
  // Everything above the top pad went back: the span's head and sentinel and a free top
  // of the 4 KiB pad, in whole 4 KiB steps.
  constexpr size_t kSpan = TypeParam::Heap::Core::kSpanOverhead;
  EXPECT_EQ(this->source().used(), round_up(kSpan + block_for(4096), 4096));
  EXPECT_GT(this->source().shrinks(), 0u);
  // trim(0) gives back the pad as well: the span itself stays, in one step.
  this->heap_.trim(0);
  EXPECT_EQ(this->source().used(), round_up(kSpan, 4096));
}

TYPED_TEST(Conformance, ARefusedGrowthFailsCleanlyAndTheHeapGoesOn) {
  void* p = this->heap_.allocate(100);
  ASSERT_NE(p, nullptr);
  const size_t used = this->source().used();
  this->source().refuse_grow(true);
  EXPECT_EQ(this->heap_.allocate(10000), nullptr);
  EXPECT_EQ(this->source().used(), used);
  EXPECT_EQ(this->heap_.reallocate(p, 10000), nullptr);
  EXPECT_EQ(this->heap_.usable_size(p), usable_of(block_for(100)));
  this->source().refuse_grow(false);
  void* q = this->heap_.allocate(10000);
  EXPECT_NE(q, nullptr);
  this->heap_.deallocate(q);
  this->heap_.deallocate(p);
}

TYPED_TEST(Conformance, AfterSomeoneElsesSbrkTheHeapAdoptsANewSpanOrFailsCleanly) {
  void* p = this->heap_.allocate(100);
  ASSERT_NE(p, nullptr);
  // Fill the heap's current span to its end, then move the break from outside.
  void* rest = this->heap_.allocate(this->source().used() - block_for(100) - 64);
  ASSERT_TRUE(this->source().foreign_grow(1000));
  const size_t foreign_end = this->source().used();
  void* q = this->heap_.allocate(5000);
  if constexpr (TestFixture::kFeatures.span_adoption != 0) {
    ASSERT_NE(q, nullptr);  // a new span above the foreign memory
    EXPECT_GE(reinterpret_cast<uintptr_t>(q), this->source().base() + foreign_end);
    this->heap_.deallocate(q);
  } else {
    EXPECT_EQ(q, nullptr);  // without span adoption growth fails, and keeps nothing
    EXPECT_EQ(this->source().used(), foreign_end);
    EXPECT_NE(this->heap_.allocate(16), nullptr);  // what the span holds is still served
  }
  EXPECT_EQ(this->heap_.usable_size(p), usable_of(block_for(100)));
  this->heap_.deallocate(rest);
  this->heap_.deallocate(p);
}

// ---- optional features -----------------------------------------------------------------

TYPED_TEST(Conformance, StatisticsCountBlocksAndBytes) {
  if constexpr (TestFixture::kFeatures.statistics == 0) {
    GTEST_SKIP() << "statistics are not built into this profile";
  } else {
    void* p = this->heap_.allocate(100);
    void* q = this->heap_.allocate(200);
    tide::HeapStats stats = this->heap_.stats();
    EXPECT_EQ(stats.allocated_blocks, 2u);
    EXPECT_EQ(stats.in_use_bytes, block_for(100) + block_for(200));
    EXPECT_EQ(stats.arena_bytes, this->source().used());
    this->heap_.deallocate(p);
    this->heap_.deallocate(q);
    EXPECT_EQ(this->heap_.stats().allocated_blocks, 0u);
    EXPECT_EQ(this->heap_.allocate(SIZE_MAX), nullptr);
    EXPECT_EQ(this->heap_.stats().failed_requests, 1u);
  }
}

TYPED_TEST(Conformance, TheIntegrityCheckPassesAndFindsAnOverwrittenHeader) {
  if constexpr (TestFixture::kFeatures.inspection == 0) {
    GTEST_SKIP() << "the heap walk and integrity check are not built into this profile";
  } else {
    void* p = this->heap_.allocate(100);
    void* q = this->heap_.allocate(100);
    this->heap_.deallocate(p);
    EXPECT_TRUE(this->heap_.check());
    EXPECT_TRUE(this->heap_.owns(q));
    reinterpret_cast<uintptr_t*>(p)[-1] = 0x12345;  // the free block's header
    tide::HeapError error{};
    EXPECT_FALSE(this->heap_.check(&error));
    EXPECT_NE(error.what, nullptr);
  }
}

TYPED_TEST(Conformance, CheapChecksReportADoubleFree) {
  if constexpr (TestFixture::kFeatures.checks == 0) {
    GTEST_SKIP() << "checks are not built into this profile";
  } else {
    void* p = this->heap_.allocate(100);
    void* keep = this->heap_.allocate(100);
    this->heap_.deallocate(p);
    EXPECT_DEATH(this->heap_.deallocate(p), "heap error: double free");
    this->heap_.deallocate(keep);
  }
}

TYPED_TEST(Conformance, AlignedAllocationHonoursTheAlignment) {
  if constexpr (TestFixture::kFeatures.aligned == 0) {
    GTEST_SKIP() << "aligned allocation is not built into this profile";
  } else {
    for (size_t alignment : {32, 64, 256, 4096}) {
      void* p = this->heap_.allocate_aligned(alignment, 100);
      ASSERT_NE(p, nullptr);
      EXPECT_EQ(reinterpret_cast<uintptr_t>(p) % alignment, 0u);
      this->heap_.deallocate(p);
    }
    EXPECT_EQ(this->heap_.allocate_aligned(48, 100), nullptr);  // not a power of two
  }
}

TYPED_TEST(Conformance, ReallocGrowsInPlaceIntoTheTop) {
  if constexpr (TestFixture::kFeatures.realloc_in_place == 0) {
    GTEST_SKIP() << "realloc in place is not built into this profile";
  } else {
    void* p = this->heap_.allocate(100);
    EXPECT_EQ(this->heap_.reallocate(p, 20000), p);  // the last block grows with the break
    this->heap_.deallocate(p);
  }
}

TYPED_TEST(Conformance, ThePolicyCanBeChangedAtRunTime) {
  if constexpr (TestFixture::kFeatures.runtime_policy == 0) {
    GTEST_SKIP() << "the runtime policy setters are not built into this profile";
  } else {
    EXPECT_EQ(this->heap_.set_option(TIDE_OPT_TRIM_THRESHOLD, 1 << 20), TIDE_POLICY_OK);
    EXPECT_EQ(this->heap_.policy().trim_threshold, size_t{1} << 20);
    EXPECT_NE(this->heap_.set_option(TIDE_OPT_GRANULARITY, 3), TIDE_POLICY_OK);
    EXPECT_EQ(this->heap_.policy().granularity, 4096u);  // a refused option changes nothing
  }
}

TYPED_TEST(Conformance, TheOutOfMemoryHandlerIsAskedBeforeFailing) {
  if constexpr (TestFixture::kFeatures.oom_handler == 0) {
    GTEST_SKIP() << "the out-of-memory handler is not built into this profile";
  } else {
    static int calls = 0;
    calls = 0;
    this->heap_.set_oom_handler(
        [](size_t, void*) {
          ++calls;
          return 0;
        },
        nullptr);
    this->source().refuse_grow(true);
    EXPECT_EQ(this->heap_.allocate(100), nullptr);
    EXPECT_EQ(calls, 1);
  }
}

// The profiles' footprints: what a build leaves out takes no room in the heap object.
TEST(ConformanceProfiles, ControlStateShrinksWithTheProfile) {
  constexpr size_t minimal = sizeof(Profile<tide::HeapProfile::minimal>::Heap);
  constexpr size_t board = sizeof(Profile<tide::HeapProfile::board>::Heap);
  constexpr size_t full = sizeof(Profile<tide::HeapProfile::full>::Heap);
  EXPECT_LT(minimal, board);
  EXPECT_LT(board, full);
}

}  // namespace
}  // namespace tide_test
