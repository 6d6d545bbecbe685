// Block layout (see the design comment in tide/heap_core.h). Private to alloc/src.
//
//   span        [older span | sentinel address | first block ... | sentinel]
//   block       [header | payload ...]                 header = size | PREV_FREE | FREE
//   free block  [header | next | pprev | ... | footer]  footer = size
#ifndef TIDE_ALLOC_BLOCK_H_
#define TIDE_ALLOC_BLOCK_H_

#include <stddef.h>
#include <stdint.h>

#include "bits.h"
#include "tide/heap_core.h"

// Inlining on the allocation paths. TIDE_INLINE marks small helpers that are always
// inlined (a call would cost more than their body). TIDE_HOT marks the larger hot-path
// bodies that several entry points share: inlined when optimising for speed, left to the
// compiler when optimising for size (-Os), so that they exist once.
#define TIDE_INLINE inline __attribute__((always_inline))
#if defined(__OPTIMIZE_SIZE__)
#define TIDE_HOT inline
#else
#define TIDE_HOT TIDE_INLINE
#endif

namespace tide::block {

inline constexpr size_t kWord = HeapCore::kWord;
inline constexpr size_t kAlign = HeapCore::kAlignment;
inline constexpr size_t kMin = HeapCore::kMinBlock;
inline constexpr uintptr_t kFree = 1;
inline constexpr uintptr_t kPrevFree = 2;
inline constexpr uintptr_t kFlags = kFree | kPrevFree;
// A span's two link words plus the pad that aligns its first payload.
inline constexpr size_t kSpanHead = 3 * kWord;
// Adaptive trimming raises the trim threshold to at most this many times the policy's.
inline constexpr size_t kAdaptiveTrimLimit = 64;
// What a free block keeps for itself: header, two links, footer (the rest is poisoned).
inline constexpr size_t kFreeBookkeeping = 4 * kWord;

inline uintptr_t& word(uintptr_t address) {
  return *reinterpret_cast<uintptr_t*>(address);
}

inline size_t size_of(uintptr_t block) {
  return word(block) & ~kFlags;
}
inline bool is_free(uintptr_t block) {
  return (word(block) & kFree) != 0;
}
inline bool prev_is_free(uintptr_t block) {
  return (word(block) & kPrevFree) != 0;
}
inline uintptr_t& footer(uintptr_t block, size_t size) {
  return word(block + size - kWord);
}
// The size of the free block before `block` (valid only when prev_is_free(block)).
inline size_t prev_size(uintptr_t block) {
  return word(block - kWord);
}

inline uintptr_t& next_link(uintptr_t block) {
  return word(block + kWord);
}
inline uintptr_t& pprev_link(uintptr_t block) {
  return word(block + 2 * kWord);
}

inline void* payload(uintptr_t block) {
  return reinterpret_cast<void*>(block + kWord);
}
inline uintptr_t from_payload(const void* pointer) {
  return reinterpret_cast<uintptr_t>(pointer) - kWord;
}

// Span header words.
inline uintptr_t& older_span(uintptr_t span) {
  return word(span);
}
inline uintptr_t& span_sentinel(uintptr_t span) {
  return word(span + kWord);
}
inline uintptr_t first_block(uintptr_t span) {
  return span + kSpanHead;
}

// The block size that holds `request` bytes; the caller has checked the request against
// kMaxRequest, so this cannot overflow.
inline size_t size_for_request(size_t request) {
  const size_t size = (request + kWord + kAlign - 1) & ~(kAlign - 1);
  return size < kMin ? kMin : size;
}

// The size class of a free block of `size` bytes. Sizes below 2^(SL+1) alignment units
// map linearly; above, each power of two is cut into 2^SL classes. Blocks larger than the
// last class's range share the last class.
TIDE_INLINE unsigned size_class(size_t size) {
  constexpr unsigned kSl = HeapCore::kSecondLevelLog2;
  const uintptr_t units = size / kAlign;
  if (units < (uintptr_t{2} << kSl)) return static_cast<unsigned>(units);
  const unsigned level = bits::highest_set(units);
  const unsigned sub = static_cast<unsigned>(units >> (level - kSl)) - (1u << kSl);
  const unsigned index = ((level - kSl + 1) << kSl) + sub;
  return index < HeapCore::kClassCount ? index : HeapCore::kClassCount - 1;
}

inline bool is_power_of_two(size_t value) {
  return value != 0 && (value & (value - 1)) == 0;
}

// value rounded up to a multiple of `step` (a power of two); false on overflow.
inline bool round_up(uintptr_t value, size_t step, uintptr_t* result) {
  if (value > UINTPTR_MAX - (step - 1)) return false;
  *result = (value + step - 1) & ~static_cast<uintptr_t>(step - 1);
  return true;
}

}  // namespace tide::block

#endif  // TIDE_ALLOC_BLOCK_H_
