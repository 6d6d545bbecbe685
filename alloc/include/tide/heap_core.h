// tide::HeapCore<Source, Config>: the allocator algorithm over one memory source.
//
// Design: two-level segregated fit (the TLSF family) with a flat bitmap.
//
//   block      [header | payload ...]             header = size | PREV_FREE | FREE
//   free block [header | next | pprev | ... | footer=size]
//   top block  [header | ...]                      free, in no list, no footer
//
// * Every block starts with one machine word, its header: the block size (a multiple of
//   the alignment A = 2 words, so the low bits are free) and two flags: FREE (this block
//   is free) and PREV_FREE (the block before it is free, so its footer - the word just
//   before this header - holds its size). Allocated blocks carry only the header:
//   overhead is one word, the smallest block is 4 words (16 B on 32-bit targets).
// * Free blocks are coalesced immediately, so no two free blocks are ever adjacent (and
//   a free block's own PREV_FREE is always clear: its header is exactly size | FREE).
// * Free blocks sit in one of kClassCount size classes: sizes below 2^(SL+1) alignment
//   units map linearly; above, each power of two is split into 2^SL classes. Each class
//   is a doubly linked list whose back link is "pprev", the address of the pointer that
//   points at the block (a head slot or the previous block's next). Unlinking therefore
//   needs no size-to-class computation, and an emptied list is recognised by its pprev
//   pointing into the head table. The table has a head for every class a block of the
//   heap can reach (Config::max_block_log2): a 128 KiB process carries 26 heads.
// * One bit per class in a flat bitmap says which lists are non-empty; finding a fitting
//   class is a mask and a count-trailing-zeros over at most kBitmapWords words.
// * malloc looks at the head of the request's own class first (it fits more often than
//   not), then takes the first block of the next non-empty larger class (any block there
//   fits), and only then carves from the top. No step loops over blocks: malloc and free
//   run in bounded time.
// * The top is the last block of the heap, at the break. Its address is kept in the
//   control state (top_), so it needs no footer and is in no list: carving from it or
//   freeing into it touches no list (like dlmalloc's top chunk), and it stays large and
//   at the break, where it can be given back. Its size is 0 (top_ is then the span's
//   sentinel) or at least the minimum block.
// * The heap occupies a span of the source: a head (one pad word that aligns the first
//   payload; with span adoption also a link to the previous span and the address of this
//   span's sentinel), its blocks, and a sentinel header (size 0, in use). When the top
//   needs more memory the break grows; when a free top exceeds the trim threshold,
//   everything above the top pad is given back. If anything else moved the break, the
//   heap never shrinks it; with span adoption it grows on in a new span wherever the
//   source's memory now starts, without it growth fails (the memory is given back).
//
// What is built in comes from Config (tide/heap_features.h): left-out features have no
// member, no code and no instruction on any path; their API does not exist.
#ifndef TIDE_HEAP_CORE_H_
#define TIDE_HEAP_CORE_H_

#include <stddef.h>
#include <stdint.h>

#include "tide/detail/bits.h"
#include "tide/detail/block.h"
#include "tide/heap_features.h"
#include "tide/heap_policy.h"
#include "tide/heap_types.h"
#include "tide/memory_source.h"

namespace tide {

using HeapStats = tide_heap_stats;
using HeapError = tide_heap_error;
using BlockInfo = tide_block_info;

// The default error hook: prints what and where through tide_platform_write_error and
// ends the program with tide_platform_abort (error_report.cpp).
[[noreturn]] void report_heap_error_and_abort(const HeapError* error);

template <MemorySource Source, HeapConfig Config = kBuildConfig>
class HeapCore {
 public:
  static constexpr HeapFeatures kFeatures = Config.features;
  static constexpr size_t kWord = block::kWord;
  static constexpr size_t kAlignment = block::kAlign;
  static constexpr size_t kOverhead = kWord;
  static constexpr size_t kMinBlock = block::kMin;
  static constexpr unsigned kSecondLevelLog2 = Config.second_level_log2;
  static constexpr unsigned kMaxBlockLog2 = Config.max_block_log2;
  // Largest request served: a block of it stays below 2^kMaxBlockLog2.
  static constexpr size_t kMaxRequest = (size_t{1} << kMaxBlockLog2) - kMinBlock - kAlignment;
  // A span's head (before its first block) and its whole overhead with the sentinel.
  static constexpr size_t kSpanHead = kFeatures.span_adoption ? 3 * kWord : kWord;
  static constexpr size_t kSpanOverhead = kSpanHead + kWord;

  static_assert(config_is_consistent(Config), "inconsistent heap configuration");

 private:
  static constexpr unsigned kAlignmentLog2 = __builtin_ctzll(kAlignment);
  // Highest "first level" (log2 of a size in alignment units) of a block below the max.
  static constexpr unsigned kTopLevel = kMaxBlockLog2 - kAlignmentLog2 - 1;
  // Classes below the smallest block's have no head.
  static constexpr unsigned kFirstClass = kMinBlock / kAlignment;

 public:
  static constexpr unsigned kClassCount = (kTopLevel - kSecondLevelLog2 + 2) << kSecondLevelLog2;
  static constexpr unsigned kHeadCount = kClassCount - kFirstClass;
  static constexpr unsigned kBitsPerWord = 8 * sizeof(uintptr_t);
  static constexpr unsigned kBitmapWords = (kClassCount + kBitsPerWord - 1) / kBitsPerWord;

  constexpr explicit HeapCore(Source source) : source_(source) {}
  // With runtime_policy: starts on `policy`, or on the compile-time policy if `policy` is
  // not valid for this heap.
  constexpr HeapCore(Source source,
                     const HeapPolicy& policy) requires(Config.features.runtime_policy != 0)
      : source_(source) {
    if (validate_policy(policy, &kFeatures) == TIDE_POLICY_OK) {
      policy_.value = policy;
      adaptive_.value.trim_threshold_now = policy.trim_threshold;
    }
  }

  HeapCore(const HeapCore&) = delete;
  HeapCore& operator=(const HeapCore&) = delete;

  void* allocate(size_t size);
  void* allocate_zeroed(size_t count, size_t size);
  void* reallocate(void* pointer, size_t size);
  void deallocate(void* pointer);
  size_t usable_size(const void* pointer);
  // Gives back every free byte above the top except `pad`; returns the bytes given back.
  size_t trim(size_t pad);
  void* allocate_aligned(size_t alignment, size_t size) requires(Config.features.aligned != 0);

  // Not const: asks the source where its break is (releasable bytes).
  HeapStats stats() requires(Config.features.statistics != 0);
  bool check(HeapError* error) const requires(Config.features.inspection != 0);
  void walk(tide_walk_fn fn, void* context) const requires(Config.features.inspection != 0);
  bool owns(const void* pointer) const requires(Config.features.inspection != 0);

  PolicyError set_policy(const HeapPolicy& policy) requires(Config.features.runtime_policy != 0);
  PolicyError set_option(int option, size_t value) requires(Config.features.runtime_policy != 0);
  void set_error_hook(tide_error_hook hook,
                      void* context) requires(Config.features.error_hook != 0) {
    hooks_.value.error = hook;
    hooks_.value.error_context = context;
  }
  void set_oom_handler(tide_oom_handler handler,
                       void* context) requires(Config.features.oom_handler != 0) {
    oom_.value.handler = handler;
    oom_.value.context = context;
  }

  // The policy in force: the compile-time one unless runtime_policy is built in.
  constexpr const HeapPolicy& policy() const {
    if constexpr (kFeatures.runtime_policy != 0) {
      return policy_.value;
    } else {
      return kPolicy;
    }
  }

  Source& source() { return source_; }
  const Source& source() const { return source_; }

 private:
  static constexpr HeapPolicy kPolicy = Config.policy;
  static constexpr bool kZeroing = ZeroingMemorySource<Source>;
  static constexpr bool kHasBounds =
      kFeatures.checks != 0 || kFeatures.inspection != 0 || kFeatures.span_adoption != 0;
  static constexpr bool kAdaptive = kFeatures.runtime_policy != 0 || kPolicy.adaptive_trim != 0;
  static constexpr bool kTracksArena =
      kFeatures.statistics != 0 || kFeatures.runtime_policy != 0 || kPolicy.max_heap != 0;
  static constexpr bool kPoisoning = kFeatures.poisoning != 0;

  // The check level in force; a constant unless the policy can change at run time.
  constexpr uint8_t check_level() const {
    if constexpr (kFeatures.checks == 0) {
      return TIDE_CHECK_OFF;
    } else {
      return policy().check;
    }
  }
  constexpr bool cheap_checks() const { return check_level() != TIDE_CHECK_OFF; }
  constexpr bool full_checks() const {
    if constexpr (kFeatures.checks < TIDE_CHECK_FULL) {
      return false;
    } else {
      return check_level() >= TIDE_CHECK_FULL;
    }
  }
  constexpr bool poisoning() const {
    if constexpr (!kPoisoning) {
      return false;
    } else {
      return policy().poison != 0;
    }
  }

  // Size classes and free lists (detail/heap_alloc.h).
  static unsigned request_class(size_t size);
  static unsigned size_class(size_t size);
  uintptr_t& head(unsigned index) { return heads_[index - kFirstClass]; }
  const uintptr_t& head(unsigned index) const { return heads_[index - kFirstClass]; }
  void mark_class(unsigned index, bool listed);
  void insert_free(uintptr_t block, size_t size);
  void unlink_free(uintptr_t block);
  uintptr_t find_fit(size_t block_size);
  void pop_head(unsigned index, uintptr_t block);
  unsigned first_nonempty_from(unsigned index) const;

  // What find_fit and find_or_obtain return besides a block (blocks are never this low).
  static constexpr uintptr_t kUseTop = 1;   // the top block can serve the request
  static constexpr uintptr_t kCorrupt = 2;  // a check found (and reported) corruption

  // Growing and trimming the break.
  size_t effective_granularity() const;
  // What a growth did: kRaced when someone else moved the break during it, so that the
  // new memory became a span too small for the request (or none at all).
  enum class Growth : uint8_t { kRefused, kGrown, kRaced };
  static constexpr unsigned kGrowAttempts = 4;  // one growth and up to three retries
  Growth grow_top(size_t top_size, bool extend_only);
  bool grow_for(size_t top_size);
  uintptr_t obtain(size_t block_size, size_t request);
  uintptr_t find_or_obtain(size_t block_size, size_t request);
  void retire_top();
  uintptr_t span_end() const;
  size_t top_size() const;
  uintptr_t trim_target(uintptr_t top, size_t pad) const;
  bool try_trim_top(size_t pad);
  void after_free_into_top(size_t top_size);

  // Allocation and release.
  void* allocate_unchecked(size_t size, bool zeroed);
  void* take_listed(uintptr_t block, size_t block_size, uintptr_t prev_flag);
  void* take_top(size_t block_size, uintptr_t prev_flag);
  void release_block(uintptr_t block);
  void free_unchecked(uintptr_t block);
  bool resize_in_place(uintptr_t block, size_t block_size);
  uintptr_t checked_block(const void* pointer);
  void fail_request();
  void count_allocated(size_t block_size);
  void note_fresh_before_top_moves_down();

  // Checks, reports, walks (detail/heap_inspect.h).
  TIDE_COLD void* allocate_after_full_check(size_t size, bool zeroed);
  TIDE_COLD void deallocate_after_full_check(void* pointer);
  bool full_check_passed(const void* pointer);
  void report(tide_heap_error_kind kind, const void* pointer, uintptr_t block, const char* what);
  bool is_block_start(uintptr_t block) const;
  bool check_spans(HeapError* error, size_t* free_blocks) const;
  bool check_free_lists(HeapError* error, size_t free_blocks) const;
  uintptr_t first_span() const;
  uintptr_t span_sentinel_of(uintptr_t span) const;
  uintptr_t older_span(uintptr_t span) const;
  size_t span_count() const;
  uintptr_t ordered_span_after(uintptr_t previous) const;
  void adopt_policy(const HeapPolicy& policy);
  void poison_free(uintptr_t block, size_t size);

  // ---- control state ---------------------------------------------------------------------
  struct Bounds {                    // every span lies in [lowest, highest)
    uintptr_t lowest = UINTPTR_MAX;  // (an empty range before the first growth)
    uintptr_t highest = 0;
  };
  struct Spans {           // span adoption
    uintptr_t newest = 0;  // start of the span at the break
    uintptr_t end = 0;     // where this heap left the break (the newest span's end)
    size_t count = 0;
  };
  struct Adaptive {                                      // adaptive trimming
    size_t trim_threshold_now = kPolicy.trim_threshold;  // the policy's, raised
    bool trimmed_since_grow = false;
  };
  struct Counters {
    size_t in_use_bytes = 0;
    size_t allocated_blocks = 0;
    size_t peak_in_use_bytes = 0;
    size_t peak_arena_bytes = 0;
    size_t grow_count = 0;
    size_t shrink_count = 0;
    size_t bytes_given_back = 0;
    size_t failed_requests = 0;
  };
  struct ErrorHook {
    tide_error_hook error = nullptr;
    void* error_context = nullptr;
  };
  struct OomHandler {
    tide_oom_handler handler = nullptr;
    void* context = nullptr;
  };

  [[no_unique_address]] Source source_;
  uintptr_t heads_[kHeadCount] = {};
  uintptr_t bitmap_[kBitmapWords] = {};
  uintptr_t top_ = 0;              // the top block (or the sentinel when it is empty); 0: no span
  size_t source_granularity_ = 0;  // the source's break granularity at the last growth
  // Where the fresh region starts (note_fresh_before_top_moves_down).
  [[no_unique_address]] block::Maybe<kZeroing, uintptr_t> fresh_;
  [[no_unique_address]] block::Maybe<kHasBounds, Bounds> bounds_;
  [[no_unique_address]] block::Maybe<kFeatures.span_adoption != 0, Spans> spans_;
  [[no_unique_address]] block::Maybe<kFeatures.runtime_policy != 0, HeapPolicy> policy_{kPolicy};
  [[no_unique_address]] block::Maybe<kAdaptive, Adaptive> adaptive_;
  [[no_unique_address]] block::Maybe<kTracksArena, size_t> arena_;
  [[no_unique_address]] block::Maybe<kFeatures.statistics != 0, Counters> counters_;
  [[no_unique_address]] block::Maybe<kFeatures.error_hook != 0, ErrorHook> hooks_;
  [[no_unique_address]] block::Maybe<kFeatures.oom_handler != 0, OomHandler> oom_;
};

}  // namespace tide

#include "tide/detail/heap_alloc.h"    // IWYU pragma: export
#include "tide/detail/heap_inspect.h"  // IWYU pragma: export

#endif  // TIDE_HEAP_CORE_H_
