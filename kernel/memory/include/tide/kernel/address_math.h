// Address arithmetic that cannot wrap.
//
// Every address and size in kernel/memory is a uintptr_t / size_t. Anything an app passes
// in (a break, a delta, a buffer) goes through these helpers, so an out-of-range value is
// reported as a failure and never wraps into a valid-looking address.
#ifndef TIDE_KERNEL_ADDRESS_MATH_H_
#define TIDE_KERNEL_ADDRESS_MATH_H_

#include <stddef.h>
#include <stdint.h>

#include "tide/common/bits.h"

namespace tide::kernel {

namespace detail {
using common::SameAs;
}  // namespace detail

using common::is_power_of_two;

// out = a + b; false (out untouched) when the sum does not fit.
constexpr bool checked_add(uintptr_t a, uintptr_t b, uintptr_t& out) {
  uintptr_t sum = 0;
  if (__builtin_add_overflow(a, b, &sum)) return false;
  out = sum;
  return true;
}

// out = a - b; false (out untouched) when b > a.
constexpr bool checked_sub(uintptr_t a, uintptr_t b, uintptr_t& out) {
  if (b > a) return false;
  out = a - b;
  return true;
}

// out = a * b; false (out untouched) when the product does not fit.
constexpr bool checked_mul(uintptr_t a, uintptr_t b, uintptr_t& out) {
  uintptr_t product = 0;
  if (__builtin_mul_overflow(a, b, &product)) return false;
  out = product;
  return true;
}

// Alignments are powers of two (callers check).
constexpr uintptr_t align_down(uintptr_t value, uintptr_t alignment) {
  return value & ~(alignment - 1);
}

// out = value rounded up to alignment; false when that passes the top of the space.
constexpr bool align_up(uintptr_t value, uintptr_t alignment, uintptr_t& out) {
  uintptr_t bumped = 0;
  if (!checked_add(value, alignment - 1, bumped)) return false;
  out = align_down(bumped, alignment);
  return true;
}

// floor(log2(value)) for value > 0.
constexpr unsigned log2_floor(uintptr_t value) {
  return 63u - static_cast<unsigned>(__builtin_clzll(static_cast<unsigned long long>(value)));
}

// out = the smallest power of two >= value (value > 0); false when there is none.
constexpr bool next_power_of_two(uintptr_t value, uintptr_t& out) {
  if (value <= 1) {
    out = 1;
    return true;
  }
  const unsigned bits = log2_floor(value - 1) + 1;
  if (bits >= sizeof(uintptr_t) * 8) return false;
  out = uintptr_t{1} << bits;
  return true;
}

// [start, start + size) lies inside [low, high) -- computed without wrapping.
constexpr bool range_within(uintptr_t start, uintptr_t size, uintptr_t low, uintptr_t high) {
  uintptr_t end = 0;
  return start >= low && checked_add(start, size, end) && end <= high;
}

// [a, a + a_size) and [b, b + b_size) share a byte -- computed without wrapping (an empty
// range shares none).
constexpr bool ranges_overlap(uintptr_t a, uintptr_t a_size, uintptr_t b, uintptr_t b_size) {
  if (a_size == 0 || b_size == 0) return false;
  return a >= b ? a - b < b_size : b - a < a_size;
}

}  // namespace tide::kernel

#endif  // TIDE_KERNEL_ADDRESS_MATH_H_
