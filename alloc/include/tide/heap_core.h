// tide::HeapCore: the allocator algorithm, independent of where memory comes from.
//
// Design: two-level segregated fit (the TLSF family) with a flat bitmap.
//
//   block      [header | payload ...]             header = size | PREV_FREE | FREE
//   free block [header | next | pprev | ... | footer=size]
//
// * Every block starts with one machine word, its header: the block size (a multiple of
//   the alignment A = 2 words, so the low bits are free) and two flags: FREE (this block
//   is free) and PREV_FREE (the block before it is free, so its footer - the word just
//   before this header - holds its size). Allocated blocks carry only the header:
//   overhead is one word, the smallest block is 4 words (16 B on 32-bit targets).
// * Free blocks are coalesced immediately, so no two free blocks are ever adjacent.
// * Free blocks sit in one of kClassCount size classes: sizes below 2^(SL+1) alignment
//   units map linearly; above, each power of two is split into 2^SL classes. Each class
//   is a doubly linked list whose back link is "pprev", the address of the pointer that
//   points at the block (a head slot or the previous block's next). Unlinking therefore
//   needs no size-to-class computation, and an emptied list is recognised by its pprev
//   pointing into the head table.
// * One bit per class in a flat bitmap says which lists are non-empty; finding a fitting
//   class is a mask and a count-trailing-zeros over at most kBitmapWords words.
// * malloc looks at the head of the request's own class first (it fits more often than
//   not), then takes the first block of the next non-empty larger class (any block there
//   fits). No step loops over blocks: malloc and free run in bounded time.
// * The heap occupies one or more spans of the source. A span starts with three words
//   (a link to the previous span, the address of this span's sentinel, and a pad that
//   aligns the first payload) and ends with a sentinel header (size 0, in use): four
//   words per span. The newest
//   span ends where the heap left the break: its last block (the top) grows when the
//   break grows, and a free top larger than the trim threshold is given back. The top is
//   in no free list: malloc carves from it only when no listed block fits, so it stays
//   large and at the break, and allocating from it or freeing into it touches no list
//   (like dlmalloc's top chunk). When
//   someone else moved the break, the heap never shrinks it and grows by adopting a new
//   span wherever the source's memory now starts.
#ifndef TIDE_HEAP_CORE_H_
#define TIDE_HEAP_CORE_H_

#include <stddef.h>
#include <stdint.h>

#include "tide/heap_config.h"
#include "tide/heap_policy.h"
#include "tide/heap_types.h"

namespace tide {

using HeapStats = tide_heap_stats;
using HeapError = tide_heap_error;
using BlockInfo = tide_block_info;

// How HeapCore reaches a source without knowing its type (see Heap<Source>).
struct SourceOps {
  void* (*grow)(void* source, size_t bytes);
  bool (*shrink)(void* source, size_t bytes);
  void* (*current_break)(void* source);
  size_t (*granularity)(const void* source);
};

// The default error hook: prints what and where through tide_platform_write_error and
// ends the program with tide_platform_abort.
void report_heap_error_and_abort(const HeapError* error, void* context);

class HeapCore {
 public:
  static constexpr size_t kWord = sizeof(void*);
  static constexpr size_t kAlignment = 2 * kWord;
  static constexpr size_t kOverhead = kWord;
  static constexpr size_t kMinBlock = 4 * kWord;
  static constexpr unsigned kSecondLevelLog2 = TIDE_SECOND_LEVEL_LOG2;
  static constexpr unsigned kMaxBlockLog2 = TIDE_MAX_BLOCK_LOG2;
  // Largest request served: a block of it stays below 2^kMaxBlockLog2.
  static constexpr size_t kMaxRequest = (size_t{1} << kMaxBlockLog2) - kMinBlock - kAlignment;

  static_assert(kSecondLevelLog2 >= 1 && kSecondLevelLog2 <= 5, "1 <= SL <= 5");
  static_assert(kMaxBlockLog2 >= 10 && kMaxBlockLog2 < 8 * sizeof(size_t) - 1,
                "TIDE_MAX_BLOCK_LOG2 out of range");

 private:
  static constexpr unsigned kAlignmentLog2 = __builtin_ctzll(kAlignment);
  // Highest "first level" (log2 of a size in alignment units) of a block below the max.
  static constexpr unsigned kTopLevel = kMaxBlockLog2 - kAlignmentLog2 - 1;

 public:
  static constexpr unsigned kClassCount = (kTopLevel - kSecondLevelLog2 + 2) << kSecondLevelLog2;
  static constexpr unsigned kBitsPerWord = 8 * sizeof(uintptr_t);
  static constexpr unsigned kBitmapWords = (kClassCount + kBitsPerWord - 1) / kBitsPerWord;

  constexpr HeapCore(void* source, const SourceOps* ops, const HeapPolicy& policy)
      : source_(source), ops_(ops), policy_(policy), trim_threshold_now_(policy.trim_threshold) {}

  HeapCore(const HeapCore&) = delete;
  HeapCore& operator=(const HeapCore&) = delete;

  void* allocate(size_t size);
  void* allocate_aligned(size_t alignment, size_t size);
  void* allocate_zeroed(size_t count, size_t size);
  void* reallocate(void* pointer, size_t size);
  void deallocate(void* pointer);
  size_t usable_size(const void* pointer);
  bool owns(const void* pointer) const;

  HeapStats stats() const;
  size_t trim(size_t pad);
  bool check(HeapError* error) const;
  void walk(tide_walk_fn fn, void* context) const;

  PolicyError set_policy(const HeapPolicy& policy);
  PolicyError set_option(int option, size_t value);
  const HeapPolicy& policy() const { return policy_; }
  void set_error_hook(tide_error_hook hook, void* context);
  void set_oom_handler(tide_oom_handler handler, void* context);

 private:
  // Block layout helpers and the algorithm: see heap_core.cpp.
  uintptr_t free_top() const;
  uintptr_t find_fit(size_t block_size);
  uintptr_t grow_top(size_t block_size, bool extend_only = false);
  uintptr_t obtain(size_t block_size, size_t request);
  void* carve(uintptr_t block, size_t block_size);
  void* allocate_unchecked(size_t size);
  void* allocate_after_full_check(size_t size);
  void deallocate_after_full_check(void* pointer);
  void free_unchecked(uintptr_t block);
  void free_checked(const void* pointer);
  void release_block(uintptr_t block, size_t size);
  void insert_free(uintptr_t block, size_t size);
  void unlink_free(uintptr_t block);
  uintptr_t trim_target(uintptr_t block, size_t pad) const;
  bool try_trim_top(uintptr_t block, size_t size, size_t pad);
  bool resize_in_place(uintptr_t block, size_t block_size);
  uintptr_t checked_block(const void* pointer);
  bool is_block_start(uintptr_t block) const;
  bool check_spans(HeapError* error, size_t* free_blocks) const;
  bool check_free_lists(HeapError* error, size_t free_blocks) const;
  uintptr_t ordered_span_after(uintptr_t previous) const;
  void report(tide_heap_error_kind kind, const void* pointer, uintptr_t block, const char* what);
  __attribute__((always_inline)) bool full_check_failed(const void* pointer) {
    return policy_.check >= TIDE_CHECK_FULL && !full_check_passed(pointer);
  }
  bool full_check_passed(const void* pointer);
  size_t effective_granularity() const;
  void refresh_source_granularity();
  void adopt_policy(const HeapPolicy& policy);
  __attribute__((always_inline)) void poison_free(uintptr_t block, size_t size) const {
    if (policy_.poison != 0) fill_poison(block, size);
  }
  static void fill_poison(uintptr_t block, size_t size);

  void* source_;
  const SourceOps* ops_;
  HeapPolicy policy_;

  uintptr_t heads_[kClassCount] = {};
  uintptr_t bitmap_[kBitmapWords] = {};

  uintptr_t newest_span_ = 0;       // start of the span at the break; 0 before the first growth
  uintptr_t top_sentinel_ = 0;      // the newest span's sentinel header
  uintptr_t span_end_ = 0;          // where this heap left the break (end of the newest span)
  uintptr_t lowest_ = UINTPTR_MAX;  // lowest and highest address of any span, for cheap
  uintptr_t highest_ = 0;           // foreign-pointer checks (empty range before growth)
  // The trim threshold in force: the policy's, raised by adaptive trimming.
  size_t trim_threshold_now_ = 0;
  bool trimmed_since_grow_ = false;
  // log2 of the source's break granularity when it last grew (0: none of its own).
  uint8_t source_granularity_log2_ = 0;

  size_t arena_bytes_ = 0;
  size_t in_use_bytes_ = 0;
  size_t allocated_blocks_ = 0;
  size_t peak_in_use_bytes_ = 0;
  size_t peak_arena_bytes_ = 0;
  size_t grow_count_ = 0;
  size_t shrink_count_ = 0;
  size_t bytes_given_back_ = 0;
  size_t failed_requests_ = 0;
  size_t span_count_ = 0;

  tide_error_hook error_hook_ = nullptr;
  void* error_context_ = nullptr;
  tide_oom_handler oom_handler_ = nullptr;
  void* oom_context_ = nullptr;
};

}  // namespace tide

#endif  // TIDE_HEAP_CORE_H_
