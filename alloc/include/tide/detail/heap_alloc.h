// The allocation paths of tide::HeapCore: size classes, free lists, growth and trimming
// of the break, malloc, free, realloc and their aligned and zeroed variants. Included by
// tide/heap_core.h (design there); checks, walks and statistics are in heap_inspect.h.
#ifndef TIDE_DETAIL_HEAP_ALLOC_H_
#define TIDE_DETAIL_HEAP_ALLOC_H_

#include "tide/heap_core.h"

#define TIDE_HEAP_TEMPLATE template <MemorySource Source, HeapConfig Config>
#define TIDE_HEAP HeapCore<Source, Config>

namespace tide {

// ---- size classes and free lists -------------------------------------------------------

// The size class of a block of `size` bytes, which is below 2^max_block_log2 (every
// request is). Sizes below 2^(SL+1) alignment units map linearly; above, each power of
// two is cut into 2^SL classes.
TIDE_HEAP_TEMPLATE
TIDE_INLINE unsigned TIDE_HEAP::request_class(size_t size) {
  constexpr unsigned kSl = kSecondLevelLog2;
  const uintptr_t units = size >> kAlignmentLog2;
  if (units < (uintptr_t{2} << kSl)) return static_cast<unsigned>(units);
  // For units in [2^level, 2^(level+1)): class (level - SL + 1) * 2^SL + the SL bits below
  // the leading one, which is (level - SL) * 2^SL + (units >> (level - SL)).
  const unsigned shift = bits::highest_set(units) - kSl;
  return (shift << kSl) + static_cast<unsigned>(units >> shift);
}

// The size class of a free block of any size: blocks larger than the last class's range
// (free memory coalesced across more than the largest block) share the last class.
TIDE_HEAP_TEMPLATE
TIDE_INLINE unsigned TIDE_HEAP::size_class(size_t size) {
  const unsigned index = request_class(size);
  return index < kClassCount ? index : kClassCount - 1;
}

// Sets or clears class `index`'s bit in the bitmap (its list is non-empty or empty).
TIDE_HEAP_TEMPLATE
TIDE_INLINE void TIDE_HEAP::mark_class(unsigned index, bool listed) {
  const uintptr_t bit = uintptr_t{1} << (index % kBitsPerWord);
  uintptr_t& bits_of_word = bitmap_[index / kBitsPerWord];
  bits_of_word = listed ? bits_of_word | bit : bits_of_word & ~bit;
}

TIDE_HEAP_TEMPLATE
TIDE_INLINE void TIDE_HEAP::insert_free(uintptr_t block, size_t size) {
  using namespace block;
  const unsigned index = size_class(size);
  const uintptr_t slot = reinterpret_cast<uintptr_t>(&head(index));
  const uintptr_t first = word(slot);
  next_link(block) = first;
  pprev_link(block) = slot;
  if (first != 0) pprev_link(first) = block + kWord;
  word(slot) = block;
  mark_class(index, true);
}

TIDE_HEAP_TEMPLATE
TIDE_INLINE void TIDE_HEAP::unlink_free(uintptr_t block) {
  using namespace block;
  const uintptr_t next = next_link(block);
  const uintptr_t pprev = pprev_link(block);
  word(pprev) = next;
  if (next != 0) {
    pprev_link(next) = pprev;
    return;
  }
  // The list is empty now exactly when the block was its only member, i.e. when the
  // pointer that pointed at it is a head slot: clear that class's bit.
  const uintptr_t slot = pprev - reinterpret_cast<uintptr_t>(heads_);
  if (slot < sizeof(heads_)) {
    mark_class(static_cast<unsigned>(slot / kWord) + kFirstClass, false);
  }
}

// Takes the first block of class `index`, `block`, out of its list.
TIDE_HEAP_TEMPLATE
TIDE_INLINE void TIDE_HEAP::pop_head(unsigned index, uintptr_t block) {
  using namespace block;
  const uintptr_t slot = reinterpret_cast<uintptr_t>(&head(index));
  const uintptr_t next = next_link(block);
  word(slot) = next;
  if (next != 0) {
    pprev_link(next) = slot;
  } else {
    mark_class(index, false);
  }
}

// The first non-empty class at or above `index`, or kClassCount when there is none.
TIDE_HEAP_TEMPLATE
TIDE_INLINE unsigned TIDE_HEAP::first_nonempty_from(unsigned index) const {
  if constexpr (kClassCount % kBitsPerWord == 0) {
    if (index >= kClassCount) return kClassCount;  // (otherwise the bits above are 0)
  }
  if constexpr (kBitmapWords == 1) {
    const uintptr_t found = bitmap_[0] & (~uintptr_t{0} << index);
    return found != 0 ? bits::lowest_set(found) : kClassCount;
  } else {
    unsigned word_index = index / kBitsPerWord;
    uintptr_t found = bitmap_[word_index] & (~uintptr_t{0} << (index % kBitsPerWord));
    while (found == 0) {
      if (++word_index >= kBitmapWords) return kClassCount;
      found = bitmap_[word_index];
    }
    return word_index * kBitsPerWord + bits::lowest_set(found);
  }
}

// Takes a listed free block of at least `block_size` bytes out of its list; 0 when no
// listed block fits (the top may), kCorrupt when a cheap check found its links damaged.
TIDE_HEAP_TEMPLATE
TIDE_INLINE uintptr_t TIDE_HEAP::find_fit(size_t block_size) {
  using namespace block;
  unsigned index = request_class(block_size);
  uintptr_t candidate = head(index);
  // A listed block's header is exactly size | FREE: it fits when the header is larger.
  if (candidate == 0 || word(candidate) <= block_size) {
    // Every block in a larger class fits: take the first of the next non-empty one.
    index = first_nonempty_from(index + 1);
    if (index == kClassCount) return 0;
    candidate = head(index);
  }
  if (cheap_checks() &&
      (!is_free(candidate) || pprev_link(candidate) != reinterpret_cast<uintptr_t>(&head(index)))) {
    report(TIDE_ERROR_CORRUPT_FREE_LIST, nullptr, candidate,
           "a free block's header or links were overwritten");
    return kCorrupt;
  }
  pop_head(index, candidate);
  return candidate;
}

// ---- growing and trimming the break ----------------------------------------------------

// The step in which the break moves: the coarser of the policy's granularity and the
// source's own (a break the source cannot represent exactly would waste the rounding),
// and never finer than the alignment. The source's is read at every growth (on a board a
// system call) and kept for trimming.
TIDE_HEAP_TEMPLATE
size_t TIDE_HEAP::effective_granularity() const {
  size_t granularity = block::kAlign;
  if (policy().granularity > granularity) granularity = policy().granularity;
  return source_granularity_ > granularity ? source_granularity_ : granularity;
}

// Where the heap left the break: the end of the newest span.
TIDE_HEAP_TEMPLATE
TIDE_INLINE uintptr_t TIDE_HEAP::span_end() const {
  if constexpr (kFeatures.span_adoption != 0) {
    return spans_.value.end;
  } else {
    return top_ + block::size_of(top_) + block::kWord;
  }
}

TIDE_HEAP_TEMPLATE
TIDE_INLINE size_t TIDE_HEAP::top_size() const {
  return top_ != 0 ? block::size_of(top_) : 0;
}

// The fresh region (with a zeroing source): memory that reads as zero because the heap
// never handed it out, [max(fresh_, top_ + header), break). Carving from the top needs no
// bookkeeping (it moves top_ up); only when freed memory joins the top (top_ moves down)
// is the old top's start kept in fresh_ (note_fresh_before_top_moves_down).
TIDE_HEAP_TEMPLATE
TIDE_INLINE void TIDE_HEAP::note_fresh_before_top_moves_down() {
  if constexpr (kZeroing) {
    if (top_ + block::kWord > fresh_.value) fresh_.value = top_ + block::kWord;
  }
}

// Makes the top at least `top_size` bytes by moving the break (kRefused when the source or
// the policy refuses). The top grows in place when the break is still where the heap left
// it. Otherwise, with span adoption, the new memory becomes a new span (unless
// `extend_only`: realloc in place, which only a contiguous top can serve); without it,
// growth fails and what was taken is given back. kRaced: someone else moved the break
// between the heap reading it and growing, and the new span is too small (grow_for retries).
//
// The fresh region (see note_fresh_before_top_moves_down): a growth keeps it going when
// the source zeroed everything it added; it starts anew otherwise.
TIDE_HEAP_TEMPLATE
typename TIDE_HEAP::Growth TIDE_HEAP::grow_top(size_t top_size, bool extend_only) {
  using namespace block;
  if constexpr (GranularMemorySource<Source>) {
    const size_t granularity = source_.break_granularity();
    source_granularity_ = is_power_of_two(granularity) ? granularity : 0;
  }
  const size_t granularity = effective_granularity();
  uintptr_t brk;
  bool contiguous;
  if constexpr (kFeatures.span_adoption != 0) {
    brk = reinterpret_cast<uintptr_t>(source_.current_break());
    contiguous = top_ != 0 && brk == spans_.value.end;
  } else {
    // The heap is the break's only user: it only asks where the break is the first time,
    // and checks what the source returns.
    contiguous = top_ != 0;
    brk = contiguous ? span_end() : reinterpret_cast<uintptr_t>(source_.current_break());
  }
  const size_t need = top_size < kMin ? kMin : top_size;
  uintptr_t start = top_;
  if (!contiguous) {
    if (extend_only) return Growth::kRefused;
    uintptr_t span = 0;
    if (!round_up(brk, kAlign, &span) || span > UINTPTR_MAX - kSpanHead) return Growth::kRefused;
    start = span + kSpanHead;
  }
  // The break must end past the top and a new sentinel, on a granularity step.
  uintptr_t needed_end = 0;
  if (start > UINTPTR_MAX - kWord - need ||
      !round_up(start + need + kWord, granularity, &needed_end)) {
    return Growth::kRefused;
  }
  const size_t bytes = needed_end - brk;
  size_t preferred = bytes;
  const size_t min_grow = policy().min_grow;
  uintptr_t min_end = 0;
  if (bytes < min_grow && brk <= UINTPTR_MAX - min_grow &&
      round_up(brk + min_grow, granularity, &min_end)) {
    preferred = min_end - brk;
  }
  if constexpr (kTracksArena) {
    const size_t max_heap = policy().max_heap;
    if (max_heap != 0) {
      if (bytes > max_heap || arena_.value > max_heap - bytes) return Growth::kRefused;
      if (preferred > max_heap - arena_.value) preferred = bytes;
    }
  }
  void* got = source_.grow(preferred);
  if (got == nullptr && preferred != bytes) {
    preferred = bytes;
    got = source_.grow(bytes);
  }
  if (got == nullptr) return Growth::kRefused;

  const uintptr_t base = reinterpret_cast<uintptr_t>(got);
  const uintptr_t end = base + preferred;
  const bool new_span = !contiguous || base != brk;
  uintptr_t span = 0;
  if (new_span) {
    // Someone else moved the break (before or while we grew), or this is the first span.
    // Memory the heap cannot use goes straight back: nothing is kept that no span holds.
    round_up(base, kAlign, &span);
    start = span + kSpanHead;
    const bool usable = (kFeatures.span_adoption != 0 || !contiguous) && end >= start &&
                        end - start >= kMin + kWord;
    if (!usable) {
      if (reinterpret_cast<uintptr_t>(source_.current_break()) == end) source_.shrink(preferred);
      return kFeatures.span_adoption != 0 && base != brk ? Growth::kRaced : Growth::kRefused;
    }
  }
  if constexpr (kTracksArena) arena_.value += preferred;
  if constexpr (kFeatures.statistics != 0) {
    ++counters_.value.grow_count;
    if (arena_.value > counters_.value.peak_arena_bytes) {
      counters_.value.peak_arena_bytes = arena_.value;
    }
  }
  if constexpr (kAdaptive) {
    Adaptive& adaptive = adaptive_.value;
    if (adaptive.trimmed_since_grow) {
      // Growing right after giving memory back: trimming at this threshold only moves
      // the break back and forth. Trim later from now on, within bounds.
      adaptive.trimmed_since_grow = false;
      constexpr size_t kLimit = 64;  // at most this many times the policy's threshold
      const size_t threshold = policy().trim_threshold;
      const size_t cap = threshold > kMaxPolicySize / kLimit ? kMaxPolicySize : threshold * kLimit;
      if (policy().adaptive_trim != 0 && adaptive.trim_threshold_now < cap) {
        adaptive.trim_threshold_now =
            adaptive.trim_threshold_now == 0 ? kMin : adaptive.trim_threshold_now * 2;
        if (adaptive.trim_threshold_now > cap) adaptive.trim_threshold_now = cap;
      }
    }
  }
  if constexpr (kHasBounds) {
    if (new_span && span < bounds_.value.lowest) bounds_.value.lowest = span;
    if (end > bounds_.value.highest) bounds_.value.highest = end;
  }
  if constexpr (kFeatures.span_adoption != 0) {
    Spans& spans = spans_.value;
    if (new_span) {
      if (top_ != 0) retire_top();
      word(span) = spans.newest;  // the older span
      spans.newest = span;
      ++spans.count;
    }
    spans.end = end;
  }
  const uintptr_t sentinel = (end & ~static_cast<uintptr_t>(kAlign - 1)) - kWord;
  if constexpr (kFeatures.span_adoption != 0) word(spans_.value.newest + kWord) = sentinel;
  word(sentinel) = 0;
  word(start) = (sentinel - start) | kFree;
  top_ = start;
  if constexpr (kZeroing) {
    const size_t granule = source_.zero_fill_granule();
    uintptr_t zero_from = end;
    if (!is_power_of_two(granule) || !round_up(base, granule, &zero_from)) zero_from = end;
    const bool continues = !new_span && zero_from == base && fresh_.value <= base;
    if (!continues) fresh_.value = zero_from > start + kWord ? zero_from : start + kWord;
  }
  poison_free(start, sentinel - start);
  return sentinel - start >= need ? Growth::kGrown : Growth::kRaced;
}

// Grows the top to at least `top_size` bytes. With span adoption, a growth that someone
// else's sbrk raced (it moved the break between the heap reading it and growing) is
// retried from the new break a bounded number of times: the raced memory is a span of
// its own by then (or went back), so nothing is lost either way.
TIDE_HEAP_TEMPLATE
bool TIDE_HEAP::grow_for(size_t top_size) {
  Growth growth = grow_top(top_size, false);
  if constexpr (kFeatures.span_adoption != 0) {
    for (unsigned attempt = 1; growth == Growth::kRaced && attempt < kGrowAttempts; ++attempt) {
      growth = grow_top(top_size, false);
    }
  }
  return growth == Growth::kGrown;
}

// Slow path of an allocation that neither the lists nor the top can serve: grows the
// break, or lets the out-of-memory handler free memory. kUseTop when the top now fits,
// a listed block (taken out of its list) when the handler freed one that fits, 0 when
// nothing does (counted), kCorrupt after a reported corruption.
TIDE_HEAP_TEMPLATE
TIDE_COLD uintptr_t TIDE_HEAP::obtain(size_t block_size, size_t request) {
  if (grow_for(block_size)) return kUseTop;
  if constexpr (kFeatures.oom_handler != 0) {
    const OomHandler& oom = oom_.value;
    if (oom.handler != nullptr && oom.handler(request, oom.context) != 0) {
      const uintptr_t block = find_fit(block_size);  // the handler may have freed one
      if (block != 0) return block;
      if (top_size() >= block_size || grow_for(block_size)) return kUseTop;
    }
  } else {
    (void)request;
  }
  fail_request();
  return 0;
}

// A listed block that fits `block_size`, kUseTop when the top does, 0 when nothing does
// even after growing (counted), kCorrupt after a reported corruption.
TIDE_HEAP_TEMPLATE
TIDE_INLINE uintptr_t TIDE_HEAP::find_or_obtain(size_t block_size, size_t request) {
  const uintptr_t block = find_fit(block_size);
  if (block != 0) return block;
  if (top_size() >= block_size) [[likely]]
    return kUseTop;
  return obtain(block_size, request);
}

// The break left by trimming the top block `top` down to `pad` usable bytes, on a
// granularity step (the top either vanishes or stays at least a minimum block).
TIDE_HEAP_TEMPLATE
uintptr_t TIDE_HEAP::trim_target(uintptr_t top, size_t pad) const {
  using namespace block;
  const size_t granularity = effective_granularity();
  size_t keep = 0;
  if (pad != 0) keep = size_for_request(pad < kMaxRequest ? pad : kMaxRequest);
  uintptr_t target = 0;
  if (!round_up(top + keep + kWord, granularity, &target)) return span_end();
  const size_t remaining = target - kWord - top;
  if (remaining != 0 && remaining < kMin) target += granularity;
  return target;
}

// Gives back the top down to `pad` bytes. Returns false, changing nothing, when the
// break moved, nothing would be given back, or the source refuses.
TIDE_HEAP_TEMPLATE
bool TIDE_HEAP::try_trim_top(size_t pad) {
  using namespace block;
  const uintptr_t top = top_;
  const uintptr_t end = span_end();
  const uintptr_t target = trim_target(top, pad);
  if (target >= end) return false;
  // Asked last: on a board, reading the break is a system call.
  if (reinterpret_cast<uintptr_t>(source_.current_break()) != end) return false;
  const size_t bytes = end - target;
  if (!source_.shrink(bytes)) return false;
  if constexpr (kTracksArena) arena_.value -= bytes;
  if constexpr (kFeatures.statistics != 0) {
    ++counters_.value.shrink_count;
    counters_.value.bytes_given_back += bytes;
  }
  if constexpr (kAdaptive) adaptive_.value.trimmed_since_grow = true;
  const uintptr_t sentinel = target - kWord;
  if constexpr (kFeatures.span_adoption != 0) {
    spans_.value.end = target;
    word(spans_.value.newest + kWord) = sentinel;
  }
  word(top) = sentinel - top;  // 0 when the top vanished: its header is the sentinel now
  if (sentinel != top) word(top) |= kFree;
  word(sentinel) = 0;
  if constexpr (kZeroing) {
    if (fresh_.value > target) fresh_.value = target;
  }
  return true;
}

TIDE_HEAP_TEMPLATE
TIDE_INLINE void TIDE_HEAP::after_free_into_top(size_t top_size) {
  size_t threshold = policy().trim_threshold;
  if constexpr (kAdaptive) threshold = adaptive_.value.trim_threshold_now;
  if (policy().trim != 0 && top_size > threshold) try_trim_top(policy().top_pad);
}

TIDE_HEAP_TEMPLATE
size_t TIDE_HEAP::trim(size_t pad) {
  if (top_ == 0) return 0;
  if (full_checks() && !full_check_passed(nullptr)) return 0;
  if constexpr (kAdaptive) adaptive_.value.trim_threshold_now = policy().trim_threshold;
  const uintptr_t before = span_end();
  try_trim_top(pad);
  return before - span_end();
}

// ---- allocation ------------------------------------------------------------------------

TIDE_HEAP_TEMPLATE
TIDE_INLINE void TIDE_HEAP::fail_request() {
  if constexpr (kFeatures.statistics != 0) ++counters_.value.failed_requests;
}

TIDE_HEAP_TEMPLATE
TIDE_INLINE void TIDE_HEAP::count_allocated(size_t block_size) {
  if constexpr (kFeatures.statistics != 0) {
    Counters& counters = counters_.value;
    counters.in_use_bytes += block_size;
    ++counters.allocated_blocks;
    if (counters.in_use_bytes > counters.peak_in_use_bytes) {
      counters.peak_in_use_bytes = counters.in_use_bytes;
    }
  }
}

// Allocates the first `block_size` bytes of the listed free block `block` (already
// unlinked); a remainder large enough to be a block goes back to the free lists.
// `prev_flag` is the block's PREV_FREE (set only when aligned allocation freed a lead).
TIDE_HEAP_TEMPLATE
TIDE_INLINE void* TIDE_HEAP::take_listed(uintptr_t block, size_t block_size, uintptr_t prev_flag) {
  using namespace block;
  const size_t size = size_of(block);
  size_t taken = block_size;
  if (size - block_size >= kMin) {
    const uintptr_t rest = block + block_size;
    const size_t rest_size = size - block_size;
    word(rest) = rest_size | kFree;
    footer(rest, rest_size) = rest_size;
    insert_free(rest, rest_size);
  } else {
    taken = size;
    word(block + size) &= ~kPrevFree;
  }
  word(block) = taken | prev_flag;
  count_allocated(taken);
  return payload(block);
}

// Allocates `block_size` bytes from the bottom of the top block, which is large enough.
TIDE_HEAP_TEMPLATE
TIDE_INLINE void* TIDE_HEAP::take_top(size_t block_size, uintptr_t prev_flag) {
  using namespace block;
  const uintptr_t top = top_;
  const size_t top_size = size_of(top);
  size_t taken = block_size;
  size_t rest = top_size - block_size;
  if (rest < kMin) {  // the top keeps no sliver: it is a whole block or nothing
    taken = top_size;
    rest = 0;
  }
  word(top) = taken | prev_flag;
  top_ = top + taken;
  word(top_) = rest != 0 ? rest | kFree : 0;  // an emptied top is the bare sentinel
  count_allocated(taken);
  return payload(top);
}

// One body for malloc and calloc (`zeroed`): when optimising for size it exists once and
// the flag costs a test; otherwise it is inlined with the flag a constant. calloc clears
// the payload's first `size` bytes, except those in the fresh region (which read as zero).
TIDE_HEAP_TEMPLATE
TIDE_HOT void* TIDE_HEAP::allocate_unchecked(size_t size, bool zeroed) {
  if (size > kMaxRequest) [[unlikely]] {
    fail_request();
    return nullptr;
  }
  const size_t block_size = block::size_for_request(size);
  const uintptr_t block = find_or_obtain(block_size, size);
  if (block == 0) return nullptr;
  if constexpr (kFeatures.checks != 0) {
    if (block == kCorrupt) return nullptr;
  }
  uintptr_t clean = UINTPTR_MAX;  // memory from here up already reads as zero
  void* pointer;
  if (block > kUseTop) [[likely]] {
    pointer = take_listed(block, block_size, 0);
  } else {
    if constexpr (kZeroing) clean = fresh_.value;  // (the payload starts above top_ + header)
    pointer = take_top(block_size, 0);
  }
  if (zeroed) {
    const uintptr_t start = reinterpret_cast<uintptr_t>(pointer);
    uintptr_t end = start + size;
    if (end > clean) end = clean > start ? clean : start;
    block::zero_words(pointer, end - start);
  }
  return pointer;
}

TIDE_HEAP_TEMPLATE
void* TIDE_HEAP::allocate(size_t size) {
  if (full_checks()) [[unlikely]]
    return allocate_after_full_check(size, false);
  return allocate_unchecked(size, false);
}

TIDE_HEAP_TEMPLATE
void* TIDE_HEAP::allocate_zeroed(size_t count, size_t size) {
  size_t total = 0;
  if (__builtin_mul_overflow(count, size, &total)) {
    fail_request();
    return nullptr;
  }
  if (full_checks()) [[unlikely]]
    return allocate_after_full_check(total, true);
  return allocate_unchecked(total, true);
}

TIDE_HEAP_TEMPLATE
void* TIDE_HEAP::allocate_aligned(size_t alignment,
                                  size_t size) requires(Config.features.aligned != 0) {
  using namespace block;
  if (full_checks() && !full_check_passed(nullptr)) return nullptr;
  if (!is_power_of_two(alignment)) {
    fail_request();
    return nullptr;
  }
  if (alignment <= kAlign) return allocate_unchecked(size, false);
  // Room for the request, the worst misalignment, and a leading free block.
  if (alignment > kMaxRequest || size > kMaxRequest - alignment - kMin) {
    fail_request();
    return nullptr;
  }
  const size_t block_size = size_for_request(size);
  uintptr_t region = find_or_obtain(block_size + alignment + kMin, size);
  if (region == 0 || region == kCorrupt) return nullptr;
  const bool from_top = region == kUseTop;
  if (from_top) region = top_;
  const uintptr_t data = region + kWord;
  uintptr_t aligned = 0;
  round_up(data, alignment, &aligned);
  if (aligned != data && aligned - data < kMin) round_up(data + kMin, alignment, &aligned);
  uintptr_t block = region;
  uintptr_t prev_flag = 0;
  if (aligned != data) {
    // The bytes before the aligned payload become a free block of their own.
    const size_t lead = aligned - data;
    const size_t region_size = size_of(region);
    word(region) = lead | kFree;
    footer(region, lead) = lead;
    insert_free(region, lead);
    block = region + lead;
    word(block) = (region_size - lead) | kFree;
    prev_flag = kPrevFree;
  }
  if (!from_top) return take_listed(block, block_size, prev_flag);
  top_ = block;
  return take_top(block_size, prev_flag);
}

// ---- freeing ---------------------------------------------------------------------------

// Coalesces the no longer allocated `block` with its free neighbours. Next to the top it
// becomes part of the top (no list work), which is trimmed when large enough; otherwise it
// is filed in the free lists.
TIDE_HEAP_TEMPLATE
TIDE_HOT void TIDE_HEAP::release_block(uintptr_t block) {
  using namespace block;
  size_t size = size_of(block);
  const uintptr_t next = block + size;
  if (prev_is_free(block)) {
    const size_t before = prev_size(block);
    block -= before;
    unlink_free(block);
    size += before;
  }
  if (next == top_) {
    size += size_of(next);
    word(block) = size | kFree;
    note_fresh_before_top_moves_down();
    top_ = block;
    poison_free(block, size);
    after_free_into_top(size);
    return;
  }
  if (is_free(next)) {
    const size_t next_size = size_of(next);
    unlink_free(next);
    size += next_size;
  }
  word(block) = size | kFree;
  footer(block, size) = size;
  word(block + size) |= kPrevFree;
  poison_free(block, size);
  insert_free(block, size);
}

TIDE_HEAP_TEMPLATE
TIDE_INLINE void TIDE_HEAP::free_unchecked(uintptr_t block) {
  if constexpr (kFeatures.statistics != 0) {
    counters_.value.in_use_bytes -= block::size_of(block);
    --counters_.value.allocated_blocks;
  }
  release_block(block);
}

// The block of a pointer the caller says this heap handed out, after the cheap checks
// (when they are in force); 0 (reported) when it is not a sound allocated block.
TIDE_HEAP_TEMPLATE
TIDE_INLINE uintptr_t TIDE_HEAP::checked_block(const void* pointer) {
  using namespace block;
  const uintptr_t block = from_payload(pointer);
  if (!cheap_checks()) return block;
  if constexpr (kHasBounds) {
    const uintptr_t address = reinterpret_cast<uintptr_t>(pointer);
    const uintptr_t lowest = bounds_.value.lowest;
    const uintptr_t highest = bounds_.value.highest;
    if ((address & (kAlign - 1)) != 0) {
      report(TIDE_ERROR_MISALIGNED_POINTER, pointer, block,
             "pointer is not aligned as every block of this heap is");
      return 0;
    }
    // Inside the spans (also false while there is none), and past the lowest span's
    // head: a pointer there would have its header read from below the heap.
    if (address - lowest >= highest - lowest || address - lowest < kSpanHead + kWord) {
      report(TIDE_ERROR_FOREIGN_POINTER, pointer, block, "pointer is outside this heap");
      return 0;
    }
    const uintptr_t header = word(block);
    if ((header & kFree) != 0) {
      report(TIDE_ERROR_DOUBLE_FREE, pointer, block, "block is already free (double free)");
      return 0;
    }
    // Only a walk proves that the pointer is a block start, not an address inside a block.
    if (full_checks() && !is_block_start(block)) {
      report(TIDE_ERROR_FOREIGN_POINTER, pointer, block, "pointer is not a block of this heap");
      return 0;
    }
    const size_t size = header & ~kFlags;
    if (size < kMin || size > highest - block || (word(block + size) & kPrevFree) != 0) {
      report(TIDE_ERROR_CORRUPT_HEADER, pointer, block,
             "block header is corrupt, or the pointer is not a block start");
      return 0;
    }
    if ((header & kPrevFree) != 0) {
      const size_t before = prev_size(block);
      if (before > block - lowest || word(block - before) != (before | kFree)) {
        report(TIDE_ERROR_CORRUPT_HEADER, pointer, block,
               "the free block before this one is corrupt, or this header is");
        return 0;
      }
    }
  }
  return block;
}

TIDE_HEAP_TEMPLATE
void TIDE_HEAP::deallocate(void* pointer) {
  if (pointer == nullptr) return;
  if (full_checks()) [[unlikely]]
    return deallocate_after_full_check(pointer);
  if (!cheap_checks()) return free_unchecked(block::from_payload(pointer));
  const uintptr_t block = checked_block(pointer);
  if (block != 0) free_unchecked(block);
}

// ---- realloc ---------------------------------------------------------------------------

// Resizes allocated `block` to `block_size` without moving it: shrinks by splitting off
// the tail, grows into a free next block and, at the top of the heap, into the top and by
// moving the break. Returns false (changing nothing) when it cannot.
TIDE_HEAP_TEMPLATE
bool TIDE_HEAP::resize_in_place(uintptr_t block, size_t block_size) {
  using namespace block;
  size_t size = size_of(block);
  const uintptr_t prev_flag = word(block) & kPrevFree;
  size_t added = 0;
  if (block_size > size) {
    const uintptr_t next = block + size;
    if (next == top_) {
      if (size + size_of(next) < block_size &&
          grow_top(block_size - size, true) != Growth::kGrown) {
        return false;
      }
      const size_t top = size_of(top_);  // grow_top kept the top contiguous: still `next`
      size_t extra = block_size - size;
      size_t rest = top - extra;
      if (rest < kMin) {
        extra = top;
        rest = 0;
      }
      top_ = next + extra;
      word(top_) = rest != 0 ? rest | kFree : 0;
      size += extra;
      added = extra;
    } else if (is_free(next) && size + size_of(next) >= block_size) {
      const size_t next_size = size_of(next);
      unlink_free(next);
      size += next_size;
      added = next_size;
      word(block + size) &= ~kPrevFree;
    } else {
      return false;
    }
  }
  word(block) = size | prev_flag;
  if constexpr (kFeatures.statistics != 0) counters_.value.in_use_bytes += added;
  if (size - block_size >= kMin) {
    const uintptr_t tail = block + block_size;
    word(block) = block_size | prev_flag;
    word(tail) = size - block_size;  // an allocated block, released at once
    if constexpr (kFeatures.statistics != 0) counters_.value.in_use_bytes -= size - block_size;
    release_block(tail);
  }
  if constexpr (kFeatures.statistics != 0) {
    Counters& counters = counters_.value;
    if (counters.in_use_bytes > counters.peak_in_use_bytes) {
      counters.peak_in_use_bytes = counters.in_use_bytes;
    }
  }
  return true;
}

TIDE_HEAP_TEMPLATE
void* TIDE_HEAP::reallocate(void* pointer, size_t size) {
  using namespace block;
  if (pointer == nullptr) return allocate(size);
  if (full_checks() && !full_check_passed(pointer)) return nullptr;
  const uintptr_t block = checked_block(pointer);
  if (block == 0) return nullptr;
  if (size == 0) {
    free_unchecked(block);
    return nullptr;
  }
  if (size > kMaxRequest) {
    fail_request();
    return nullptr;
  }
  const size_t block_size = size_for_request(size);
  if constexpr (kFeatures.realloc_in_place != 0) {
    if (resize_in_place(block, block_size)) return pointer;
  } else {
    if (block_size <= size_of(block)) return pointer;  // a smaller size keeps the block
  }
  void* moved = allocate_unchecked(size, false);
  if (moved == nullptr) return nullptr;
  const size_t old_usable = size_of(block) - kWord;
  block::copy_words(moved, pointer, old_usable < size ? old_usable : size);
  free_unchecked(block);
  return moved;
}

TIDE_HEAP_TEMPLATE
size_t TIDE_HEAP::usable_size(const void* pointer) {
  if (pointer == nullptr) return 0;
  const uintptr_t block = checked_block(pointer);
  return block == 0 ? 0 : block::size_of(block) - block::kWord;
}

}  // namespace tide

#undef TIDE_HEAP_TEMPLATE
#undef TIDE_HEAP

#endif  // TIDE_DETAIL_HEAP_ALLOC_H_
