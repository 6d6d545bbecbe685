// The few helpers alloc/ and kernel/memory/ share, written once: freestanding, no Tide
// header, only <stddef.h> and <stdint.h>.
#ifndef TIDE_COMMON_BITS_H_
#define TIDE_COMMON_BITS_H_

#include <stddef.h>
#include <stdint.h>

namespace tide::common {

// Exactly the type U (a concept's return-type constraint without <concepts>).
template <class T, class U>
concept SameAs = __is_same(T, U) && __is_same(U, T);

constexpr bool is_power_of_two(uintptr_t value) {
  return value != 0 && (value & (value - 1)) == 0;
}

}  // namespace tide::common

#endif  // TIDE_COMMON_BITS_H_
