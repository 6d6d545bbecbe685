// Memory sources: where a Tide heap gets its memory from.
//
// A memory source has the semantics of a program break. The heap asks it to move the
// break up by n bytes (grow) or down by n bytes (shrink), and can ask where the break is
// now. Failure is a plain result (nullptr / false), never an exception, and never a
// pointer that wrapped around the address space.
//
// Sources in Tide:
//   FixedRegionSource   a caller-owned buffer with a movable break and a hard limit
//                       (tests, bare metal without a kernel)        -- this header
//   SbrkSource          the Linux process's real sbrk(2)             -- host/
//   MemopSource         Tide/Tock memop 1 system call on a board     -- runtime/
//   SimulatedProcess    sbrk through kernel/memory's ProcessMemory   -- host/
//   the platform break  tide_platform_sbrk (tide/platform.h), the C API's global heap
#ifndef TIDE_MEMORY_SOURCE_H_
#define TIDE_MEMORY_SOURCE_H_

#include <stddef.h>
#include <stdint.h>

#include "tide/common/bits.h"

namespace tide {

namespace detail {
using common::SameAs;
}  // namespace detail

// The contract every source meets:
//   grow(n)          moves the break up by n bytes; returns the previous break (the start
//                    of the n new bytes), or nullptr when it cannot (the break is then
//                    unchanged). grow(0) returns the current break.
//   shrink(n)        moves the break down by n bytes; returns false, changing nothing,
//                    when it cannot.
//   current_break()  the break now. Other code may move a real break between calls; the
//                    heap notices by comparing this with where it left the break.
template <class S>
concept MemorySource = requires(S& source, size_t bytes) {
  { source.grow(bytes) } -> detail::SameAs<void*>;
  { source.shrink(bytes) } -> detail::SameAs<bool>;
  { source.current_break() } -> detail::SameAs<void*>;
};

// Optional: a source that knows the step in which its break is represented exactly (for
// example a process whose memory-protection unit rounds the break) says so; the heap then
// grows and shrinks in multiples of it so that no byte of the rounding is wasted.
template <class S>
concept GranularMemorySource = MemorySource<S> && requires(const S& source) {
  { source.break_granularity() } -> detail::SameAs<size_t>;
};

// Optional: a source whose new memory reads as zero says from where. After a grow that
// started at break b, every byte from round_up(b, zero_fill_granule()) to the new break
// reads as zero (1: every byte, as a board kernel zeroes what a brk exposes; the page
// size on Linux, whose brk maps fresh zero pages above the page of the old break; 0: no
// promise). calloc then skips zeroing memory the heap has not written since.
template <class S>
concept ZeroingMemorySource = MemorySource<S> && requires(const S& source) {
  { source.zero_fill_granule() } -> detail::SameAs<size_t>;
};

// A fixed buffer [base, base + capacity) with a break that starts at base.
class FixedRegionSource {
 public:
  constexpr FixedRegionSource() = default;
  constexpr FixedRegionSource(void* base, size_t capacity)
      : base_(static_cast<unsigned char*>(base)), break_(base_), capacity_(capacity) {}

  void* grow(size_t bytes) {
    const size_t used = static_cast<size_t>(break_ - base_);
    if (bytes > capacity_ - used) return nullptr;
    unsigned char* old = break_;
    break_ += bytes;
    return old;
  }

  bool shrink(size_t bytes) {
    if (bytes > static_cast<size_t>(break_ - base_)) return false;
    break_ -= bytes;
    return true;
  }

  void* current_break() { return break_; }

  void* base() const { return base_; }
  size_t capacity() const { return capacity_; }
  size_t used() const { return static_cast<size_t>(break_ - base_); }

 private:
  unsigned char* base_ = nullptr;
  unsigned char* break_ = nullptr;
  size_t capacity_ = 0;
};

static_assert(MemorySource<FixedRegionSource>);

}  // namespace tide

#endif  // TIDE_MEMORY_SOURCE_H_
