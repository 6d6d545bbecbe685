// Verification, reporting, walking and statistics of tide::HeapCore.
//
// Cheap checks (checked_block, and the free-list check in find_fit) validate one block in
// a few instructions. The full check (check) walks every span and every free list and
// states the heap's invariants in one place:
//   * each span's blocks tile it exactly from its first block to its sentinel;
//   * sizes are multiples of the alignment and at least the minimum block;
//   * PREV_FREE of every block (and sentinel) equals FREE of the block before it;
//   * no two free blocks are adjacent; a free block's footer equals its size;
//   * every free block is in the list of its class, linked consistently, and each
//     non-empty list has its bitmap bit set (and only those);
//   * allocated block totals equal the statistics; freed memory keeps its poison.
#include "bits.h"
#include "block.h"
#include "tide/heap_core.h"

namespace tide {

using namespace block;

namespace {

constexpr uint8_t kPoison = TIDE_POISON_BYTE;

}  // namespace

void HeapCore::fill_poison(uintptr_t block, size_t size) {
  // Everything but the header, the two links and the footer.
  if (size <= kFreeBookkeeping) return;
  __builtin_memset(reinterpret_cast<void*>(block + 3 * kWord), kPoison, size - kFreeBookkeeping);
}

void HeapCore::report(tide_heap_error_kind kind, const void* pointer, uintptr_t block,
                      const char* what) {
  const HeapError error{kind, pointer, reinterpret_cast<const void*>(block), what};
  if (error_hook_ != nullptr) {
    error_hook_(&error, error_context_);
  } else {
    report_heap_error_and_abort(&error, nullptr);
  }
}

bool HeapCore::full_check_passed(const void* pointer) {
  HeapError error{};
  if (check(&error)) return true;
  report(error.kind, pointer, reinterpret_cast<uintptr_t>(error.block), error.what);
  return false;
}

// Spans in increasing address order: the lowest span above `previous` (0: the lowest).
uintptr_t HeapCore::ordered_span_after(uintptr_t previous) const {
  uintptr_t best = 0;
  size_t visited = 0;
  for (uintptr_t span = newest_span_; span != 0 && visited < span_count_;
       span = older_span(span), ++visited) {
    if ((previous == 0 || span > previous) && (best == 0 || span < best)) best = span;
  }
  return best;
}

bool HeapCore::is_block_start(uintptr_t target) const {
  size_t visited = 0;
  for (uintptr_t span = newest_span_; span != 0 && visited < span_count_;
       span = older_span(span), ++visited) {
    const uintptr_t sentinel = span_sentinel(span);
    if (target < first_block(span) || target >= sentinel) continue;
    for (uintptr_t block = first_block(span); block < sentinel && size_of(block) != 0;
         block += size_of(block)) {
      if (block == target) return true;
    }
    return false;
  }
  return false;
}

bool HeapCore::owns(const void* pointer) const {
  const uintptr_t address = reinterpret_cast<uintptr_t>(pointer);
  size_t visited = 0;
  for (uintptr_t span = newest_span_; span != 0 && visited < span_count_;
       span = older_span(span), ++visited) {
    if (address >= first_block(span) + kWord && address < span_sentinel(span)) return true;
  }
  return false;
}

void HeapCore::walk(tide_walk_fn fn, void* context) const {
  for (uintptr_t span = ordered_span_after(0); span != 0; span = ordered_span_after(span)) {
    const uintptr_t sentinel = span_sentinel(span);
    for (uintptr_t block = first_block(span); block < sentinel && size_of(block) != 0;
         block += size_of(block)) {
      const BlockInfo info{payload(block), size_of(block) - kWord, is_free(block) ? 0 : 1};
      if (fn(&info, context) == 0) return;
    }
  }
}

bool HeapCore::check_spans(HeapError* error, size_t* free_blocks) const {
  auto fail = [&](tide_heap_error_kind kind, uintptr_t block, const char* what) {
    if (error != nullptr) *error = HeapError{kind, nullptr, reinterpret_cast<void*>(block), what};
    return false;
  };
  size_t spans = 0;
  size_t used_bytes = 0;
  size_t used_blocks = 0;
  *free_blocks = 0;
  for (uintptr_t span = newest_span_; span != 0; span = older_span(span)) {
    if (++spans > span_count_ || span < lowest_ || span >= highest_) {
      return fail(TIDE_ERROR_CORRUPT_HEADER, span, "span chain is corrupt");
    }
    const uintptr_t sentinel = span_sentinel(span);
    if (sentinel < first_block(span) || sentinel >= highest_ ||
        (spans == 1 && sentinel != top_sentinel_)) {
      return fail(TIDE_ERROR_CORRUPT_HEADER, span, "span end is corrupt");
    }
    bool previous_free = false;
    uintptr_t block = first_block(span);
    while (block != sentinel) {
      const size_t size = size_of(block);
      if (size < kMin || (size & (kAlign - 1)) != 0 || size > sentinel - block) {
        return fail(TIDE_ERROR_CORRUPT_HEADER, block, "block size is corrupt");
      }
      if (prev_is_free(block) != previous_free) {
        return fail(TIDE_ERROR_CORRUPT_HEADER, block,
                    "PREV_FREE flag disagrees with the block before");
      }
      if (is_free(block)) {
        if (previous_free)
          return fail(TIDE_ERROR_CORRUPT_HEADER, block, "two adjacent free blocks");
        if (footer(block, size) != size) {
          return fail(TIDE_ERROR_CORRUPT_FREE_LIST, block, "free block footer is corrupt");
        }
        const bool is_top = spans == 1 && block + size == sentinel;  // in no list
        if (!is_top && word(pprev_link(block)) != block) {
          return fail(TIDE_ERROR_CORRUPT_FREE_LIST, block, "free block links are corrupt");
        }
        if (policy_.poison != 0 && size > kFreeBookkeeping) {
          const auto* bytes = reinterpret_cast<const uint8_t*>(block + 3 * kWord);
          for (size_t i = 0; i < size - kFreeBookkeeping; ++i) {
            if (bytes[i] != kPoison) {
              return fail(TIDE_ERROR_POISON_OVERWRITTEN, block, "freed memory was written");
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
    if (word(sentinel) != (previous_free ? kPrevFree : 0)) {
      return fail(TIDE_ERROR_CORRUPT_HEADER, sentinel, "span sentinel is corrupt");
    }
  }
  if (spans != span_count_) return fail(TIDE_ERROR_CORRUPT_HEADER, 0, "span count is wrong");
  if (used_bytes != in_use_bytes_ || used_blocks != allocated_blocks_) {
    return fail(TIDE_ERROR_BAD_ACCOUNTING, 0, "allocated blocks disagree with statistics");
  }
  return true;
}

bool HeapCore::check_free_lists(HeapError* error, size_t free_blocks) const {
  auto fail = [&](uintptr_t block, const char* what) {
    if (error != nullptr) {
      *error =
          HeapError{TIDE_ERROR_CORRUPT_FREE_LIST, nullptr, reinterpret_cast<void*>(block), what};
    }
    return false;
  };
  size_t listed = 0;
  for (unsigned index = 0; index < kClassCount; ++index) {
    const bool bit = (bitmap_[index / kBitsPerWord] >> (index % kBitsPerWord)) & 1;
    if (bit != (heads_[index] != 0)) return fail(0, "free-list bitmap disagrees with the lists");
    uintptr_t slot = reinterpret_cast<uintptr_t>(&heads_[index]);
    uintptr_t previous = 0;
    for (uintptr_t block = heads_[index]; block != 0; block = next_link(block)) {
      // A link that leads out of the heap or to an allocated block is the fault of the
      // block that holds it; a block in the wrong list or with a wrong back link is its own.
      if (++listed > free_blocks || block - lowest_ >= highest_ - lowest_ || !is_free(block)) {
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

bool HeapCore::check(HeapError* error) const {
  size_t free_blocks = 0;
  return check_spans(error, &free_blocks) && check_free_lists(error, free_blocks);
}

HeapStats HeapCore::stats() const {
  HeapStats stats{};
  stats.arena_bytes = arena_bytes_;
  stats.in_use_bytes = in_use_bytes_;
  stats.peak_in_use_bytes = peak_in_use_bytes_;
  stats.peak_arena_bytes = peak_arena_bytes_;
  stats.allocated_blocks = allocated_blocks_;
  stats.grow_count = grow_count_;
  stats.shrink_count = shrink_count_;
  stats.bytes_given_back = bytes_given_back_;
  stats.failed_requests = failed_requests_;
  stats.spans = span_count_;
  size_t largest = 0;
  for (unsigned index = 0; index < kClassCount; ++index) {
    for (uintptr_t block = heads_[index]; block != 0; block = next_link(block)) {
      const size_t size = size_of(block);
      stats.free_bytes += size;
      ++stats.free_blocks;
      if (size > largest) largest = size;
    }
  }
  const uintptr_t top = newest_span_ != 0 ? free_top() : 0;
  if (top != 0) {
    const size_t size = size_of(top);
    stats.free_bytes += size;
    ++stats.free_blocks;
    if (size > largest) largest = size;
  }
  stats.largest_free_block = largest == 0 ? 0 : largest - kWord;
  if (stats.free_bytes != 0) {
    stats.fragmentation_permille =
        static_cast<uint32_t>((stats.free_bytes - largest) * 1000 / stats.free_bytes);
  }
  if (top != 0 && reinterpret_cast<uintptr_t>(ops_->current_break(source_)) == span_end_) {
    const uintptr_t target = trim_target(top, 0);
    if (target < span_end_) stats.releasable_bytes = span_end_ - target;
  }
  return stats;
}

}  // namespace tide
