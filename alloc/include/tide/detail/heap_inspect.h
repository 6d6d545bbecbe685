// Verification, reporting, walking, statistics and policy of tide::HeapCore. Included by
// tide/heap_core.h; each part exists only in a heap built with its feature.
//
// Cheap checks (checked_block, and the free-list check in find_fit) validate one block in
// a few instructions. The full check (check) walks every span and every free list and
// states the heap's invariants in one place:
//   * each span's blocks tile it exactly from its first block to its sentinel;
//   * sizes are multiples of the alignment and at least the minimum block;
//   * PREV_FREE of every block equals FREE of the block before it (but the newest span's
//     sentinel, after the top, which reads 0);
//   * no two free blocks are adjacent; a listed free block's footer equals its size;
//   * the top is the newest span's last block, free and in no list;
//   * every other free block is in the list of its class, linked consistently, and each
//     non-empty list has its bitmap bit set (and only those);
//   * allocated block totals equal the statistics; freed memory keeps its poison.
#ifndef TIDE_DETAIL_HEAP_INSPECT_H_
#define TIDE_DETAIL_HEAP_INSPECT_H_

#include "tide/heap_core.h"

#define TIDE_HEAP_TEMPLATE template <MemorySource Source, HeapConfig Config>
#define TIDE_HEAP HeapCore<Source, Config>

namespace tide {

TIDE_HEAP_TEMPLATE
void TIDE_HEAP::report(tide_heap_error_kind kind, const void* pointer, uintptr_t block,
                       const char* what) {
  const HeapError error{kind, pointer, reinterpret_cast<const void*>(block), what};
  if constexpr (kFeatures.error_hook != 0) {
    if (hooks_.value.error != nullptr) {
      hooks_.value.error(&error, hooks_.value.error_context);
      return;
    }
  }
  report_heap_error_and_abort(&error);
}

// With span adoption, the old top becomes an ordinary free block when a new span starts.
TIDE_HEAP_TEMPLATE
void TIDE_HEAP::retire_top() {
  using namespace block;
  const uintptr_t top = top_;
  const size_t size = size_of(top);
  if (size == 0) return;  // the old span ends with its sentinel
  footer(top, size) = size;
  word(top + size) = kPrevFree;
  insert_free(top, size);
}

TIDE_HEAP_TEMPLATE
TIDE_INLINE void TIDE_HEAP::poison_free(uintptr_t block, size_t size) {
  if constexpr (kPoisoning) {
    using namespace block;
    if (policy().poison == 0 || size <= kFreeBookkeeping) return;
    // Everything but the header, the two links and the footer.
    __builtin_memset(reinterpret_cast<void*>(block + 3 * kWord), TIDE_POISON_BYTE,
                     size - kFreeBookkeeping);
    if constexpr (kZeroing) {
      if (block + size > fresh_.value) fresh_.value = block + size;
    }
  }
}

// ---- full checks -----------------------------------------------------------------------

TIDE_HEAP_TEMPLATE
bool TIDE_HEAP::full_check_passed(const void* pointer) {
  if constexpr (kFeatures.checks >= TIDE_CHECK_FULL) {
    HeapError error{};
    if (check(&error)) return true;
    report(error.kind, pointer, reinterpret_cast<uintptr_t>(error.block), error.what);
    return false;
  } else {
    (void)pointer;
    return true;
  }
}

// The full check level walks the heap first: out of line, so that the common path is a
// test and a jump.
TIDE_HEAP_TEMPLATE
void* TIDE_HEAP::allocate_after_full_check(size_t size, bool zeroed) {
  if (!full_check_passed(nullptr)) return nullptr;
  return allocate_unchecked(size, zeroed);
}

TIDE_HEAP_TEMPLATE
void TIDE_HEAP::deallocate_after_full_check(void* pointer) {
  if (!full_check_passed(pointer)) return;
  const uintptr_t block = checked_block(pointer);
  if (block != 0) free_unchecked(block);
}

// ---- spans -----------------------------------------------------------------------------

// The newest span (the only one without span adoption); 0 before the first growth.
TIDE_HEAP_TEMPLATE
uintptr_t TIDE_HEAP::first_span() const {
  if (top_ == 0) return 0;
  if constexpr (kFeatures.span_adoption != 0) {
    return spans_.value.newest;
  } else {
    return bounds_.value.lowest;
  }
}

TIDE_HEAP_TEMPLATE
uintptr_t TIDE_HEAP::span_sentinel_of(uintptr_t span) const {
  if constexpr (kFeatures.span_adoption != 0) {
    return block::word(span + block::kWord);
  } else {
    (void)span;
    return top_ + block::size_of(top_);
  }
}

// The span after `span` in the chain from the newest to the oldest; 0 after the last.
TIDE_HEAP_TEMPLATE
TIDE_INLINE uintptr_t TIDE_HEAP::older_span(uintptr_t span) const {
  if constexpr (kFeatures.span_adoption != 0) {
    return block::word(span);
  } else {
    (void)span;
    return 0;
  }
}

TIDE_HEAP_TEMPLATE
TIDE_INLINE size_t TIDE_HEAP::span_count() const {
  if constexpr (kFeatures.span_adoption != 0) {
    return spans_.value.count;
  } else {
    return top_ != 0 ? 1 : 0;
  }
}

// Spans in increasing address order: the lowest span above `previous` (0: the lowest).
TIDE_HEAP_TEMPLATE
uintptr_t TIDE_HEAP::ordered_span_after(uintptr_t previous) const {
  uintptr_t best = 0;
  size_t visited = 0;
  for (uintptr_t span = first_span(); span != 0 && visited < span_count();
       span = older_span(span), ++visited) {
    if ((previous == 0 || span > previous) && (best == 0 || span < best)) best = span;
  }
  return best;
}

TIDE_HEAP_TEMPLATE
bool TIDE_HEAP::is_block_start(uintptr_t target) const {
  using namespace block;
  if constexpr (kFeatures.inspection != 0) {
    size_t visited = 0;
    for (uintptr_t span = first_span(); span != 0 && visited < span_count();
         span = older_span(span), ++visited) {
      const uintptr_t sentinel = span_sentinel_of(span);
      const uintptr_t first = span + kSpanHead;
      if (target < first || target >= sentinel) continue;
      for (uintptr_t block = first; block < sentinel && size_of(block) != 0;
           block += size_of(block)) {
        if (block == target) return true;
      }
      return false;
    }
    return false;
  } else {
    (void)target;
    return true;
  }
}

// ---- inspection ------------------------------------------------------------------------

TIDE_HEAP_TEMPLATE
bool TIDE_HEAP::owns(const void* pointer) const requires(Config.features.inspection != 0) {
  const uintptr_t address = reinterpret_cast<uintptr_t>(pointer);
  size_t visited = 0;
  for (uintptr_t span = first_span(); span != 0 && visited < span_count();
       span = older_span(span), ++visited) {
    if (address >= span + kSpanHead + block::kWord && address < span_sentinel_of(span)) {
      return true;
    }
  }
  return false;
}

TIDE_HEAP_TEMPLATE
void TIDE_HEAP::walk(tide_walk_fn fn, void* context) const
    requires(Config.features.inspection != 0) {
  using namespace block;
  for (uintptr_t span = ordered_span_after(0); span != 0; span = ordered_span_after(span)) {
    const uintptr_t sentinel = span_sentinel_of(span);
    for (uintptr_t block = span + kSpanHead; block < sentinel && size_of(block) != 0;
         block += size_of(block)) {
      const BlockInfo info{payload(block), size_of(block) - kWord, is_free(block) ? 0 : 1};
      if (fn(&info, context) == 0) return;
    }
  }
}

TIDE_HEAP_TEMPLATE
bool TIDE_HEAP::check_spans(HeapError* error, size_t* free_blocks) const {
  using namespace block;
  auto fail = [&](tide_heap_error_kind kind, uintptr_t block, const char* what) {
    if (error != nullptr) *error = HeapError{kind, nullptr, reinterpret_cast<void*>(block), what};
    return false;
  };
  size_t spans = 0;
  size_t used_bytes = 0;
  size_t used_blocks = 0;
  *free_blocks = 0;
  const uintptr_t lowest = bounds_.value.lowest;
  const uintptr_t highest = bounds_.value.highest;
  for (uintptr_t span = first_span(); span != 0; span = older_span(span)) {
    const bool newest = spans == 0;
    if (++spans > span_count() || span < lowest || span >= highest) {
      return fail(TIDE_ERROR_CORRUPT_HEADER, span, "span chain is corrupt");
    }
    const uintptr_t sentinel = span_sentinel_of(span);
    if (sentinel < span + kSpanHead || sentinel >= highest ||
        (newest && (top_ < span + kSpanHead || top_ > sentinel))) {
      return fail(TIDE_ERROR_CORRUPT_HEADER, span, "span end or top is corrupt");
    }
    bool previous_free = false;
    uintptr_t block = span + kSpanHead;
    while (block != sentinel) {
      const size_t size = size_of(block);
      if (size < kMin || (size & (kAlign - 1)) != 0 || size > sentinel - block) {
        return fail(TIDE_ERROR_CORRUPT_HEADER, block, "block size is corrupt");
      }
      if (prev_is_free(block) != previous_free) {
        return fail(TIDE_ERROR_CORRUPT_HEADER, block,
                    "PREV_FREE flag disagrees with the block before");
      }
      const bool is_top = newest && block == top_;
      if (newest && block + size == sentinel && !is_top && is_free(block)) {
        return fail(TIDE_ERROR_CORRUPT_HEADER, block, "a free last block that is not the top");
      }
      if (is_top && !is_free(block)) {
        return fail(TIDE_ERROR_CORRUPT_HEADER, block, "the top block is not free");
      }
      if (is_free(block)) {
        if (previous_free) {
          return fail(TIDE_ERROR_CORRUPT_HEADER, block, "two adjacent free blocks");
        }
        if (!is_top && footer(block, size) != size) {
          return fail(TIDE_ERROR_CORRUPT_FREE_LIST, block, "free block footer is corrupt");
        }
        if (!is_top && word(pprev_link(block)) != block) {
          return fail(TIDE_ERROR_CORRUPT_FREE_LIST, block, "free block links are corrupt");
        }
        if constexpr (kPoisoning) {
          if (policy().poison != 0 && size > kFreeBookkeeping) {
            const auto* bytes = reinterpret_cast<const uint8_t*>(block + 3 * kWord);
            for (size_t i = 0; i < size - kFreeBookkeeping; ++i) {
              if (bytes[i] != TIDE_POISON_BYTE) {
                return fail(TIDE_ERROR_POISON_OVERWRITTEN, block, "freed memory was written");
              }
            }
          }
        }
        if (!is_top) ++*free_blocks;
      } else {
        used_bytes += size;
        ++used_blocks;
      }
      previous_free = is_free(block);
      block += size;
    }
    // The sentinel: after the top it carries no flag; an older span's says whether its
    // last block is free.
    const uintptr_t expected = newest ? 0 : (previous_free ? kPrevFree : 0);
    if (word(sentinel) != expected || (newest && top_ != sentinel && !previous_free)) {
      return fail(TIDE_ERROR_CORRUPT_HEADER, sentinel, "span sentinel or top is corrupt");
    }
  }
  if (spans != span_count()) return fail(TIDE_ERROR_CORRUPT_HEADER, 0, "span count is wrong");
  if constexpr (kFeatures.statistics != 0) {
    if (used_bytes != counters_.value.in_use_bytes ||
        used_blocks != counters_.value.allocated_blocks) {
      return fail(TIDE_ERROR_BAD_ACCOUNTING, 0, "allocated blocks disagree with statistics");
    }
  } else {
    (void)used_bytes;
    (void)used_blocks;
  }
  return true;
}

TIDE_HEAP_TEMPLATE
bool TIDE_HEAP::check_free_lists(HeapError* error, size_t free_blocks) const {
  using namespace block;
  auto fail = [&](uintptr_t block, const char* what) {
    if (error != nullptr) {
      *error =
          HeapError{TIDE_ERROR_CORRUPT_FREE_LIST, nullptr, reinterpret_cast<void*>(block), what};
    }
    return false;
  };
  const uintptr_t lowest = bounds_.value.lowest;
  const uintptr_t highest = bounds_.value.highest;
  size_t listed = 0;
  for (unsigned index = 0; index < kClassCount; ++index) {
    const bool bit = (bitmap_[index / kBitsPerWord] >> (index % kBitsPerWord)) & 1;
    const uintptr_t first = index < kFirstClass ? 0 : head(index);
    if (bit != (first != 0)) return fail(0, "free-list bitmap disagrees with the lists");
    if (first == 0) continue;
    uintptr_t slot = reinterpret_cast<uintptr_t>(&head(index));
    uintptr_t previous = 0;
    for (uintptr_t block = first; block != 0; block = next_link(block)) {
      // A link that leads out of the heap or to an allocated block is the fault of the
      // block that holds it; a block in the wrong list or with a wrong back link is its own.
      if (++listed > free_blocks || block - lowest >= highest - lowest || !is_free(block) ||
          block == top_) {
        return fail(previous != 0 ? previous : block, "free-list link is corrupt");
      }
      if (pprev_link(block) != slot || size_class(size_of(block)) != index) {
        return fail(block, "free block is in the wrong list or its back link is corrupt");
      }
      previous = block;
      slot = block + kWord;
    }
  }
  if (listed != free_blocks) return fail(0, "a free block is missing from the free lists");
  return true;
}

TIDE_HEAP_TEMPLATE
bool TIDE_HEAP::check(HeapError* error) const requires(Config.features.inspection != 0) {
  size_t free_blocks = 0;
  return check_spans(error, &free_blocks) && check_free_lists(error, free_blocks);
}

// ---- statistics ------------------------------------------------------------------------

TIDE_HEAP_TEMPLATE
HeapStats TIDE_HEAP::stats() requires(Config.features.statistics != 0) {
  using namespace block;
  const Counters& counters = counters_.value;
  HeapStats stats{};
  stats.arena_bytes = arena_.value;
  stats.in_use_bytes = counters.in_use_bytes;
  stats.peak_in_use_bytes = counters.peak_in_use_bytes;
  stats.peak_arena_bytes = counters.peak_arena_bytes;
  stats.allocated_blocks = counters.allocated_blocks;
  stats.grow_count = counters.grow_count;
  stats.shrink_count = counters.shrink_count;
  stats.bytes_given_back = counters.bytes_given_back;
  stats.failed_requests = counters.failed_requests;
  stats.spans = span_count();
  size_t largest = 0;
  for (unsigned index = kFirstClass; index < kClassCount; ++index) {
    for (uintptr_t block = head(index); block != 0; block = next_link(block)) {
      const size_t size = size_of(block);
      stats.free_bytes += size;
      ++stats.free_blocks;
      if (size > largest) largest = size;
    }
  }
  const size_t top = top_size();
  if (top != 0) {
    stats.free_bytes += top;
    ++stats.free_blocks;
    if (top > largest) largest = top;
    const uintptr_t end = span_end();
    if (reinterpret_cast<uintptr_t>(source_.current_break()) == end) {
      const uintptr_t target = trim_target(top_, 0);
      if (target < end) stats.releasable_bytes = end - target;
    }
  }
  stats.largest_free_block = largest == 0 ? 0 : largest - kWord;
  if (stats.free_bytes != 0) {
    stats.fragmentation_permille =
        static_cast<uint32_t>((stats.free_bytes - largest) * 1000 / stats.free_bytes);
  }
  return stats;
}

// ---- policy ----------------------------------------------------------------------------

// Takes a validated policy. Freed blocks are poisoned when poisoning is switched on, so
// that checks never mistake memory freed before for memory written after free.
TIDE_HEAP_TEMPLATE
void TIDE_HEAP::adopt_policy(const HeapPolicy& policy) {
  if constexpr (kFeatures.runtime_policy != 0) {
    const bool start_poisoning = policy.poison != 0 && policy_.value.poison == 0;
    policy_.value = policy;
    adaptive_.value.trim_threshold_now = policy.trim_threshold;
    if (!start_poisoning) return;
    for (unsigned index = kFirstClass; index < kClassCount; ++index) {
      for (uintptr_t block = head(index); block != 0; block = block::next_link(block)) {
        poison_free(block, block::size_of(block));
      }
    }
    if (top_size() != 0) poison_free(top_, top_size());
  } else {
    (void)policy;
  }
}

TIDE_HEAP_TEMPLATE
PolicyError TIDE_HEAP::set_policy(const HeapPolicy& policy) requires(
    Config.features.runtime_policy != 0) {
  const PolicyError error = validate_policy(policy, &kFeatures);
  if (error == TIDE_POLICY_OK) adopt_policy(policy);
  return error;
}

TIDE_HEAP_TEMPLATE
PolicyError TIDE_HEAP::set_option(int option,
                                  size_t value) requires(Config.features.runtime_policy != 0) {
  HeapPolicy changed = policy_.value;
  const PolicyError error = set_policy_option(changed, option, value, &kFeatures);
  if (error == TIDE_POLICY_OK) adopt_policy(changed);
  return error;
}

}  // namespace tide

#undef TIDE_HEAP_TEMPLATE
#undef TIDE_HEAP

#endif  // TIDE_DETAIL_HEAP_INSPECT_H_
