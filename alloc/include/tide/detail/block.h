// Block layout of a Tide heap (the design is in tide/heap_core.h). Internal to alloc.
//
//   block       [header | payload ...]                 header = size | PREV_FREE | FREE
//   free block  [header | next | pprev | ... | footer]  footer = size
//   top block   [header | ...]                         (free, in no list, no footer)
#ifndef TIDE_DETAIL_BLOCK_H_
#define TIDE_DETAIL_BLOCK_H_

#include <stddef.h>
#include <stdint.h>

#include "tide/common/bits.h"

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
#define TIDE_COLD __attribute__((noinline, cold))

namespace tide::block {

inline constexpr size_t kWord = sizeof(void*);
inline constexpr size_t kAlign = 2 * kWord;
inline constexpr size_t kMin = 4 * kWord;
inline constexpr uintptr_t kFree = 1;
inline constexpr uintptr_t kPrevFree = 2;
inline constexpr uintptr_t kFlags = kFree | kPrevFree;
// What a free block keeps for itself: header, two links, footer (the rest is poisoned).
inline constexpr size_t kFreeBookkeeping = 4 * kWord;

// Heap memory is read and written as machine words whatever the program stored there:
// every access goes through a type that may alias anything.
using AliasingWord = uintptr_t __attribute__((may_alias));

TIDE_INLINE AliasingWord& word(uintptr_t address) {
  return *reinterpret_cast<AliasingWord*>(address);
}

TIDE_INLINE size_t size_of(uintptr_t block) {
  return word(block) & ~kFlags;
}
TIDE_INLINE bool is_free(uintptr_t block) {
  return (word(block) & kFree) != 0;
}
TIDE_INLINE bool prev_is_free(uintptr_t block) {
  return (word(block) & kPrevFree) != 0;
}
TIDE_INLINE AliasingWord& footer(uintptr_t block, size_t size) {
  return word(block + size - kWord);
}
// The size of the free block before `block` (valid only when prev_is_free(block)).
TIDE_INLINE size_t prev_size(uintptr_t block) {
  return word(block - kWord);
}

TIDE_INLINE AliasingWord& next_link(uintptr_t block) {
  return word(block + kWord);
}
TIDE_INLINE AliasingWord& pprev_link(uintptr_t block) {
  return word(block + 2 * kWord);
}

TIDE_INLINE void* payload(uintptr_t block) {
  return reinterpret_cast<void*>(block + kWord);
}
TIDE_INLINE uintptr_t from_payload(const void* pointer) {
  return reinterpret_cast<uintptr_t>(pointer) - kWord;
}

// The block size that holds `request` bytes; the caller has checked the request against
// the heap's largest request, so this cannot overflow.
TIDE_INLINE size_t size_for_request(size_t request) {
  const size_t size = (request + kWord + kAlign - 1) & ~(kAlign - 1);
  return size < kMin ? kMin : size;
}

using common::is_power_of_two;

// value rounded up to a multiple of `step` (a power of two); false on overflow.
TIDE_INLINE bool round_up(uintptr_t value, size_t step, uintptr_t* result) {
  if (value > UINTPTR_MAX - (step - 1)) return false;
  *result = (value + step - 1) & ~static_cast<uintptr_t>(step - 1);
  return true;
}

// Clearing and copying payloads, which start on a word and end on one (every block size
// is a multiple of the alignment), so `bytes` is rounded up to whole words. Optimised for
// size, a word loop: a few instructions instead of pulling memset and memcpy into the
// program (the empty asm keeps the compiler from turning the loop back into a call).
// Otherwise the compiler's memset and memcpy, which are faster on large blocks.
TIDE_INLINE void zero_words(void* to, size_t bytes) {
#if defined(__OPTIMIZE_SIZE__)
  for (uintptr_t at = reinterpret_cast<uintptr_t>(to), end = at + bytes; at < end; at += kWord) {
    asm("" : "+r"(at));
    word(at) = 0;
  }
#else
  __builtin_memset(to, 0, bytes);
#endif
}
TIDE_INLINE void copy_words(void* to, const void* from, size_t bytes) {
#if defined(__OPTIMIZE_SIZE__)
  const uintptr_t source = reinterpret_cast<uintptr_t>(from);
  const uintptr_t offset = reinterpret_cast<uintptr_t>(to) - source;
  for (uintptr_t at = source, end = source + bytes; at < end; at += kWord) {
    asm("" : "+r"(at));
    word(at + offset) = word(at);
  }
#else
  __builtin_memcpy(to, from, bytes);
#endif
}

// A member that exists only when a feature is built in: [[no_unique_address]] Maybe<on, T>
// takes no room when `on` is false.
template <bool kOn, class T>
struct Maybe {
  constexpr Maybe() = default;
  constexpr explicit Maybe(const T& initial) : value(initial) {}
  T value{};
};
template <class T>
struct Maybe<false, T> {
  constexpr Maybe() = default;
  constexpr explicit Maybe(const T&) {}
};

}  // namespace tide::block

#endif  // TIDE_DETAIL_BLOCK_H_
