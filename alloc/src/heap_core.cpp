// The allocation paths of tide::HeapCore: size classes, free lists, growth and trimming
// of the break, malloc, free, realloc and their aligned and zeroed variants. Checking,
// walking and statistics are in heap_check.cpp. Design: tide/heap_core.h.
#include "tide/heap_core.h"

#include "bits.h"
#include "block.h"

namespace tide {

using namespace block;

// ---- size classes and free lists -------------------------------------------------------

TIDE_INLINE void HeapCore::insert_free(uintptr_t block, size_t size) {
  const unsigned index = size_class(size);
  const uintptr_t first = heads_[index];
  next_link(block) = first;
  pprev_link(block) = reinterpret_cast<uintptr_t>(&heads_[index]);
  if (first != 0) pprev_link(first) = block + kWord;
  heads_[index] = block;
  bitmap_[index / kBitsPerWord] |= uintptr_t{1} << (index % kBitsPerWord);
}

TIDE_INLINE void HeapCore::unlink_free(uintptr_t block) {
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
    const uintptr_t index = slot / kWord;
    bitmap_[index / kBitsPerWord] &= ~(uintptr_t{1} << (index % kBitsPerWord));
  }
}

// The free top block (last of the newest span, kept out of the free lists), or 0.
uintptr_t HeapCore::free_top() const {
  return prev_is_free(top_sentinel_) ? top_sentinel_ - prev_size(top_sentinel_) : 0;
}

// Returns a free block of at least `block_size` bytes, taken out of the free lists (or
// the top block, which is in none), or 0 when only growing the break can help.
TIDE_INLINE uintptr_t HeapCore::find_fit(size_t block_size) {
  unsigned index = size_class(block_size);
  uintptr_t candidate = heads_[index];
  if (candidate == 0 || size_of(candidate) < block_size) {
    // Every block in a larger class fits: take the first of the next non-empty one.
    ++index;
    unsigned word_index = index / kBitsPerWord;
    uintptr_t found = 0;
    while (word_index < kBitmapWords) {
      found = bitmap_[word_index] & (~uintptr_t{0} << (index % kBitsPerWord));
      if (found != 0) break;
      index = ++word_index * kBitsPerWord;
    }
    if (found == 0) {
      // No listed block fits: carve from the top, the last resort so that it stays
      // large and at the break, where it can be given back.
      const uintptr_t top = newest_span_ != 0 ? free_top() : 0;
      return top != 0 && size_of(top) >= block_size ? top : 0;
    }
    candidate = heads_[word_index * kBitsPerWord + bits::lowest_set(found)];
  }
  if (policy_.check != TIDE_CHECK_OFF &&
      (!is_free(candidate) || word(pprev_link(candidate)) != candidate)) {
    report(TIDE_ERROR_CORRUPT_FREE_LIST, nullptr, candidate,
           "a free block's header or links were overwritten");
    return 0;
  }
  unlink_free(candidate);
  return candidate;
}

// ---- growing and trimming the break ----------------------------------------------------

// The step in which the break moves: the coarser of the policy's granularity and the
// source's own (a break the source cannot represent exactly would waste the rounding),
// and never finer than the alignment. The source is asked on every growth (on a board
// that is a system call) and its answer kept for trimming.
size_t HeapCore::effective_granularity() const {
  size_t granularity = kAlign;
  if (policy_.granularity > granularity) granularity = policy_.granularity;
  const size_t source_granularity = size_t{1} << source_granularity_log2_;
  return source_granularity > granularity ? source_granularity : granularity;
}

void HeapCore::refresh_source_granularity() {
  const size_t granularity = ops_->granularity(source_);
  source_granularity_log2_ =
      is_power_of_two(granularity) ? static_cast<uint8_t>(bits::lowest_set(granularity)) : 0;
}

// Makes the top of the heap a free block of at least `block_size` bytes by moving the
// break, and returns it unlinked (0 when the source or the policy refuses). The block
// extends the free top of the newest span when the break is still where the heap left
// it; otherwise the new memory becomes a new span, unless `extend_only` (realloc in
// place, which only a contiguous top can serve) says to leave the break alone.
uintptr_t HeapCore::grow_top(size_t block_size, bool extend_only) {
  refresh_source_granularity();
  const size_t granularity = effective_granularity();
  const uintptr_t brk = reinterpret_cast<uintptr_t>(ops_->current_break(source_));
  const bool contiguous = newest_span_ != 0 && brk == span_end_;
  uintptr_t start;
  if (contiguous) {
    start = top_sentinel_;
    if (prev_is_free(start)) start -= prev_size(start);
  } else {
    if (extend_only) return 0;
    // A new span must hold a whole block, however little of it the caller is missing.
    if (block_size < kMin) block_size = kMin;
    uintptr_t span = 0;
    if (!round_up(brk, kAlign, &span) || span > UINTPTR_MAX - kSpanHead) return 0;
    start = span + kSpanHead;
  }
  // The break must end up past the block and the new sentinel, on a granularity step.
  uintptr_t needed_end = 0;
  if (start > UINTPTR_MAX - kWord - block_size ||
      !round_up(start + block_size + kWord, granularity, &needed_end)) {
    return 0;
  }
  size_t bytes = needed_end - brk;
  size_t preferred = bytes;
  uintptr_t min_end = 0;
  if (bytes < policy_.min_grow && brk <= UINTPTR_MAX - policy_.min_grow &&
      round_up(brk + policy_.min_grow, granularity, &min_end)) {
    preferred = min_end - brk;
  }
  if (policy_.max_heap != 0) {
    if (bytes > policy_.max_heap || arena_bytes_ > policy_.max_heap - bytes) return 0;
    if (preferred > policy_.max_heap - arena_bytes_) preferred = bytes;
  }
  void* got = ops_->grow(source_, preferred);
  if (got == nullptr && preferred != bytes) {
    preferred = bytes;
    got = ops_->grow(source_, bytes);
  }
  if (got == nullptr) return 0;

  const uintptr_t base = reinterpret_cast<uintptr_t>(got);
  const uintptr_t end = base + preferred;
  uintptr_t span = 0;
  const bool new_span = !contiguous || base != brk;
  if (new_span) {
    // Either the break had moved, or someone moved it while we grew. Memory too small
    // to hold a span and a block goes straight back (nothing is kept that no span holds).
    round_up(base, kAlign, &span);
    start = span + kSpanHead;
    if (end < start || end - start < kMin + kWord) {
      if (reinterpret_cast<uintptr_t>(ops_->current_break(source_)) == end) {
        ops_->shrink(source_, preferred);
      }
      return 0;
    }
  }
  arena_bytes_ += preferred;
  ++grow_count_;
  if (trimmed_since_grow_) {
    // Growing right after giving memory back: trimming at this threshold only moves the
    // break back and forth. Trim later from now on, within bounds.
    trimmed_since_grow_ = false;
    const size_t cap = policy_.trim_threshold > kMaxPolicySize / kAdaptiveTrimLimit
                           ? kMaxPolicySize
                           : policy_.trim_threshold * kAdaptiveTrimLimit;
    if (policy_.adaptive_trim != 0 && trim_threshold_now_ < cap) {
      trim_threshold_now_ = trim_threshold_now_ == 0 ? kMinBlock : trim_threshold_now_ * 2;
      if (trim_threshold_now_ > cap) trim_threshold_now_ = cap;
    }
  }
  if (arena_bytes_ > peak_arena_bytes_) peak_arena_bytes_ = arena_bytes_;
  if (base < lowest_) lowest_ = base;
  if (end > highest_) highest_ = end;

  if (new_span) {
    // The old span's free top is an ordinary free block from now on.
    if (newest_span_ != 0) {
      const uintptr_t old_top = free_top();
      if (old_top != 0) insert_free(old_top, size_of(old_top));
    }
    older_span(span) = newest_span_;
    newest_span_ = span;
    ++span_count_;
  }
  span_end_ = end;
  const uintptr_t sentinel = (end & ~static_cast<uintptr_t>(kAlign - 1)) - kWord;
  top_sentinel_ = sentinel;
  span_sentinel(newest_span_) = sentinel;
  const size_t size = sentinel - start;
  word(start) = size | kFree;
  footer(start, size) = size;
  word(sentinel) = kPrevFree;
  poison_free(start, size);
  return size < block_size ? 0 : start;  // 0: raced into a new span too small
}

// The break left by trimming the free top block `block` down to `pad` usable bytes,
// on a granularity step (the block either vanishes or stays at least kMin).
uintptr_t HeapCore::trim_target(uintptr_t block, size_t pad) const {
  const size_t granularity = effective_granularity();
  size_t keep = 0;
  if (pad != 0) {
    keep = size_for_request(pad < kMaxRequest ? pad : kMaxRequest);
  }
  uintptr_t target = 0;
  if (!round_up(block + keep + kWord, granularity, &target)) return span_end_;
  const size_t remaining = target - kWord - block;
  if (remaining != 0 && remaining < kMin) target += granularity;
  return target;
}

// Gives back the free top block `block` (unlinked) down to `pad` bytes. Returns false,
// changing nothing, when the break moved, nothing would be given back, or the source
// refuses; the caller then keeps the block.
bool HeapCore::try_trim_top(uintptr_t block, size_t size, size_t pad) {
  const uintptr_t target = trim_target(block, pad);
  if (target >= span_end_ || target > block + size + kWord) return false;
  // Asked last: on a board, reading the break is a system call.
  if (reinterpret_cast<uintptr_t>(ops_->current_break(source_)) != span_end_) return false;
  const size_t bytes = span_end_ - target;
  if (!ops_->shrink(source_, bytes)) return false;
  span_end_ = target;
  arena_bytes_ -= bytes;
  ++shrink_count_;
  trimmed_since_grow_ = true;
  bytes_given_back_ += bytes;
  const uintptr_t sentinel = target - kWord;
  top_sentinel_ = sentinel;
  span_sentinel(newest_span_) = sentinel;
  if (sentinel == block) {
    word(block) = 0;  // the block vanished: its header is the sentinel now
    return true;
  }
  const size_t kept = sentinel - block;
  word(block) = kept | kFree;
  footer(block, kept) = kept;
  word(sentinel) = kPrevFree;
  return true;
}

size_t HeapCore::trim(size_t pad) {
  if (newest_span_ == 0 || !prev_is_free(top_sentinel_) || full_check_failed(nullptr)) return 0;
  const uintptr_t top = free_top();
  const size_t before = bytes_given_back_;
  trim_threshold_now_ = policy_.trim_threshold;
  try_trim_top(top, size_of(top), pad);
  return bytes_given_back_ - before;
}

// ---- allocation ------------------------------------------------------------------------

// Splits `block` (free, unlinked) so that its first `block_size` bytes become allocated;
// a remainder large enough to be a block goes back to the free lists.
TIDE_INLINE void* HeapCore::carve(uintptr_t block, size_t block_size) {
  const size_t size = size_of(block);
  const uintptr_t keep_flags = word(block) & kPrevFree;
  if (size - block_size >= kMin) {
    const uintptr_t rest = block + block_size;
    const size_t rest_size = size - block_size;
    word(rest) = rest_size | kFree;
    footer(rest, rest_size) = rest_size;
    if (rest + rest_size != top_sentinel_) insert_free(rest, rest_size);
  } else {
    block_size = size;
    word(block + size) &= ~kPrevFree;
  }
  word(block) = block_size | keep_flags;
  in_use_bytes_ += block_size;
  ++allocated_blocks_;
  if (in_use_bytes_ > peak_in_use_bytes_) peak_in_use_bytes_ = in_use_bytes_;
  return payload(block);
}

// The slow path of obtaining a free block for a request of `request` bytes (block_size
// after rounding) when the free lists have none: grow the break, else let the
// out-of-memory handler free memory and try once more. Counts a failure when all fail.
uintptr_t HeapCore::obtain(size_t block_size, size_t request) {
  uintptr_t block = grow_top(block_size);
  if (block == 0 && oom_handler_ != nullptr && oom_handler_(request, oom_context_) != 0) {
    block = find_fit(block_size);
    if (block == 0) block = grow_top(block_size);
  }
  if (block == 0) ++failed_requests_;
  return block;
}

TIDE_HOT void* HeapCore::allocate_unchecked(size_t size) {
  if (size > kMaxRequest) {
    ++failed_requests_;
    return nullptr;
  }
  const size_t block_size = size_for_request(size);
  uintptr_t block = find_fit(block_size);
  if (block == 0) [[unlikely]] {
    block = obtain(block_size, size);
    if (block == 0) return nullptr;
  }
  return carve(block, block_size);
}

// The full check level walks the heap first: out of line, so that the common path is
// a test and a jump.
__attribute__((noinline, cold)) void* HeapCore::allocate_after_full_check(size_t size) {
  return full_check_passed(nullptr) ? allocate_unchecked(size) : nullptr;
}

void* HeapCore::allocate(size_t size) {
  if (policy_.check >= TIDE_CHECK_FULL) [[unlikely]]
    return allocate_after_full_check(size);
  return allocate_unchecked(size);
}

void* HeapCore::allocate_aligned(size_t alignment, size_t size) {
  if (full_check_failed(nullptr)) return nullptr;
  if (!is_power_of_two(alignment)) {
    ++failed_requests_;
    return nullptr;
  }
  if (alignment <= kAlign) return allocate_unchecked(size);
  // Room for the request, the worst misalignment, and a leading free block.
  if (alignment > kMaxRequest || size > kMaxRequest - alignment - kMin) {
    ++failed_requests_;
    return nullptr;
  }
  const size_t block_size = size_for_request(size);
  uintptr_t block = find_fit(block_size + alignment + kMin);
  if (block == 0) block = obtain(block_size + alignment + kMin, size);
  if (block == 0) return nullptr;
  const uintptr_t data = block + kWord;
  uintptr_t aligned = 0;
  round_up(data, alignment, &aligned);
  if (aligned != data && aligned - data < kMin) round_up(data + kMin, alignment, &aligned);
  if (aligned != data) {
    // Give the bytes before the aligned payload back as a free block of their own.
    const size_t lead = aligned - data;
    const size_t size_after = size_of(block) - lead;
    word(block) = lead | kFree;
    footer(block, lead) = lead;
    insert_free(block, lead);
    block += lead;
    word(block) = size_after | kPrevFree;
  }
  return carve(block, block_size);
}

void* HeapCore::allocate_zeroed(size_t count, size_t size) {
  size_t total = 0;
  if (__builtin_mul_overflow(count, size, &total)) {
    ++failed_requests_;
    return nullptr;
  }
  void* pointer = allocate(total);
  if (pointer != nullptr) __builtin_memset(pointer, 0, total);
  return pointer;
}

// ---- freeing ---------------------------------------------------------------------------

// The block of a pointer the caller says this heap handed out, after the cheap checks;
// 0 (reported) when it is not a sound allocated block.
TIDE_INLINE uintptr_t HeapCore::checked_block(const void* pointer) {
  const uintptr_t block = from_payload(pointer);
  if (policy_.check == TIDE_CHECK_OFF) return block;
  const uintptr_t address = reinterpret_cast<uintptr_t>(pointer);
  if ((address & (kAlign - 1)) != 0) {
    report(TIDE_ERROR_MISALIGNED_POINTER, pointer, block,
           "pointer is not aligned as every block of this heap is");
    return 0;
  }
  // Inside the spans (also false while there is none), and past the lowest span's head:
  // a pointer there would have its header read from below the heap.
  if (address - lowest_ >= highest_ - lowest_ || address - lowest_ < kSpanHead + kWord) {
    report(TIDE_ERROR_FOREIGN_POINTER, pointer, block, "pointer is outside this heap");
    return 0;
  }
  const uintptr_t header = word(block);
  if ((header & kFree) != 0) {
    report(TIDE_ERROR_DOUBLE_FREE, pointer, block, "block is already free (double free)");
    return 0;
  }
  // Only a walk proves that the pointer is a block start, not an address inside a block.
  if (policy_.check == TIDE_CHECK_FULL && !is_block_start(block)) {
    report(TIDE_ERROR_FOREIGN_POINTER, pointer, block, "pointer is not a block of this heap");
    return 0;
  }
  const size_t size = header & ~kFlags;
  if (size < kMin || size > highest_ - block || (word(block + size) & kPrevFree) != 0) {
    report(TIDE_ERROR_CORRUPT_HEADER, pointer, block,
           "block header is corrupt, or the pointer is not a block start");
    return 0;
  }
  if ((header & kPrevFree) != 0) {
    const size_t before = prev_size(block);
    if (before > block - lowest_ || word(block - before) != (before | kFree)) {
      report(TIDE_ERROR_CORRUPT_HEADER, pointer, block,
             "the free block before this one is corrupt, or this header is");
      return 0;
    }
  }
  return block;
}

// Coalesces `block` (of `size` bytes, no longer allocated) with free neighbours. If it
// is then the top, it stays out of the free lists and is trimmed when large enough;
// otherwise it is filed in the free lists.
TIDE_HOT void HeapCore::release_block(uintptr_t block, size_t size) {
  const uintptr_t next = block + size;
  if (is_free(next)) {
    const size_t next_size = size_of(next);
    if (next + next_size != top_sentinel_) unlink_free(next);  // the top is in no list
    size += next_size;
  }
  if (prev_is_free(block)) {
    const size_t before = prev_size(block);
    block -= before;
    unlink_free(block);
    size += before;
  }
  word(block) = size | kFree;
  footer(block, size) = size;
  word(block + size) |= kPrevFree;
  poison_free(block, size);
  if (block + size != top_sentinel_) {
    insert_free(block, size);
  } else if (policy_.trim != 0 && size > trim_threshold_now_) {
    try_trim_top(block, size, policy_.top_pad);
  }
}

TIDE_HOT void HeapCore::free_unchecked(uintptr_t block) {
  const size_t size = size_of(block);
  in_use_bytes_ -= size;
  --allocated_blocks_;
  release_block(block, size);
}

// free() after any walk the check level asks for: the cheap checks, then the release.
TIDE_INLINE void HeapCore::free_checked(const void* pointer) {
  const uintptr_t block = checked_block(pointer);
  if (block != 0) free_unchecked(block);
}

__attribute__((noinline, cold)) void HeapCore::deallocate_after_full_check(void* pointer) {
  if (full_check_passed(pointer)) free_checked(pointer);
}

void HeapCore::deallocate(void* pointer) {
  if (pointer == nullptr) return;
  if (policy_.check >= TIDE_CHECK_FULL) [[unlikely]]
    return deallocate_after_full_check(pointer);
  free_checked(pointer);
}

// ---- realloc ---------------------------------------------------------------------------

// Resizes allocated `block` to `block_size` without moving it: shrinks by splitting off
// the tail, grows into a free next block and, at the top of the heap, by moving the
// break. Returns false (changing nothing) when it cannot.
bool HeapCore::resize_in_place(uintptr_t block, size_t block_size) {
  size_t size = size_of(block);
  if (block_size > size) {
    const uintptr_t next = block + size;
    const size_t next_size = is_free(next) ? size_of(next) : 0;
    uintptr_t extra = 0;
    const bool next_is_top = next_size != 0 && next + next_size == top_sentinel_;
    if (size + next_size >= block_size) {
      extra = next;
      if (!next_is_top) unlink_free(next);  // the top is in no list
    } else if (next == top_sentinel_ || next_is_top) {
      extra = grow_top(block_size - size, /*extend_only=*/true);
      if (extra != next) return false;
    }
    if (extra == 0) return false;
    const size_t extra_size = size_of(extra);
    word(extra + extra_size) &= ~kPrevFree;
    in_use_bytes_ += extra_size;
    size += extra_size;
    word(block) = size | (word(block) & kPrevFree);
  }
  if (size - block_size >= kMin) {
    const uintptr_t tail = block + block_size;
    const size_t tail_size = size - block_size;
    word(block) = block_size | (word(block) & kPrevFree);
    word(tail) = tail_size;
    in_use_bytes_ -= tail_size;
    release_block(tail, tail_size);
  }
  if (in_use_bytes_ > peak_in_use_bytes_) peak_in_use_bytes_ = in_use_bytes_;
  return true;
}

void* HeapCore::reallocate(void* pointer, size_t size) {
  if (pointer == nullptr) return allocate(size);
  if (full_check_failed(pointer)) return nullptr;
  const uintptr_t block = checked_block(pointer);
  if (block == 0) return nullptr;
  if (size == 0) {
    free_unchecked(block);
    return nullptr;
  }
  if (size > kMaxRequest) {
    ++failed_requests_;
    return nullptr;
  }
  if (resize_in_place(block, size_for_request(size))) return pointer;
  void* moved = allocate_unchecked(size);
  if (moved == nullptr) return nullptr;
  const size_t old_usable = size_of(block) - kWord;
  __builtin_memcpy(moved, pointer, old_usable < size ? old_usable : size);
  free_unchecked(block);
  return moved;
}

size_t HeapCore::usable_size(const void* pointer) {
  if (pointer == nullptr) return 0;
  const uintptr_t block = checked_block(pointer);
  return block == 0 ? 0 : size_of(block) - kWord;
}

// ---- policy and hooks ------------------------------------------------------------------

// Takes a validated policy. Freed blocks are poisoned when poisoning is switched on, so
// that checks never mistake memory freed before for memory written after free.
void HeapCore::adopt_policy(const HeapPolicy& policy) {
  const bool start_poisoning = policy.poison != 0 && policy_.poison == 0;
  policy_ = policy;
  trim_threshold_now_ = policy.trim_threshold;
  if (!start_poisoning) return;
  for (unsigned index = 0; index < kClassCount; ++index) {
    for (uintptr_t block = heads_[index]; block != 0; block = next_link(block)) {
      fill_poison(block, size_of(block));
    }
  }
  const uintptr_t top = newest_span_ != 0 ? free_top() : 0;
  if (top != 0) fill_poison(top, size_of(top));
}

PolicyError HeapCore::set_policy(const HeapPolicy& policy) {
  const PolicyError error = validate_policy(policy);
  if (error == TIDE_POLICY_OK) adopt_policy(policy);
  return error;
}

PolicyError HeapCore::set_option(int option, size_t value) {
  HeapPolicy changed = policy_;
  const PolicyError error = set_policy_option(changed, option, value);
  if (error == TIDE_POLICY_OK) adopt_policy(changed);
  return error;
}

void HeapCore::set_error_hook(tide_error_hook hook, void* context) {
  error_hook_ = hook;
  error_context_ = context;
}

void HeapCore::set_oom_handler(tide_oom_handler handler, void* context) {
  oom_handler_ = handler;
  oom_context_ = context;
}

}  // namespace tide
