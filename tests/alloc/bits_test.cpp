// The portable bit scans (alloc/include/tide/detail/bits.h), which targets without a bit-scan
// instruction (rv32imac, Cortex-M0) use for size classes and the free-list bitmap, against the
// compiler's builtins: every value below 2^20, every power of two and its neighbours, and
// a million pseudo-random 32-bit values.
#include <gtest/gtest.h>

#include <cstdint>

#include "tide/detail/bits.h"

namespace {

unsigned highest_reference(uint32_t x) {
  return 31u - static_cast<unsigned>(__builtin_clz(x));
}
unsigned lowest_reference(uint32_t x) {
  return static_cast<unsigned>(__builtin_ctz(x));
}

void expect_scans(uint32_t x) {
  ASSERT_EQ(tide::bits::highest_set_portable(x), highest_reference(x)) << x;
  ASSERT_EQ(tide::bits::lowest_set_portable(x), lowest_reference(x)) << x;
}

TEST(PortableBitScan, EveryValueBelowTwoToTheTwenty) {
  for (uint32_t x = 1; x < (uint32_t{1} << 20); ++x)
    expect_scans(x);
}

TEST(PortableBitScan, PowersOfTwoAndTheirNeighbours) {
  for (unsigned bit = 0; bit < 32; ++bit) {
    const uint32_t power = uint32_t{1} << bit;
    expect_scans(power);
    expect_scans(power | 1u);
    if (power > 1) expect_scans(power - 1);
    if (bit < 31) expect_scans(power + (power - 1));
  }
  expect_scans(UINT32_MAX);
}

TEST(PortableBitScan, PseudoRandomValues) {
  uint32_t state = 2463534242u;
  for (int i = 0; i < 1000000; ++i) {
    state ^= state << 13;
    state ^= state >> 17;
    state ^= state << 5;
    expect_scans(state);
    expect_scans(state >> (state & 31u) | 1u);
  }
}

}  // namespace
