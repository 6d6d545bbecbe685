// Bit scans for the free-list bitmap and the size-class mapping.
//
// Where the target has a bit-scan instruction (x86, AArch64, Cortex-M3 and up, RISC-V
// with Zbb) the compiler builtins become one instruction. Elsewhere (rv32imac, Cortex-M0)
// the builtins would call libgcc's __clzsi2 (20-60 instructions), so Tide uses a
// multiply-and-table scan instead: a handful of instructions, no loop, no call.
#ifndef TIDE_ALLOC_BITS_H_
#define TIDE_ALLOC_BITS_H_

#include <stddef.h>
#include <stdint.h>

#if defined(__x86_64__) || defined(__i386__) || defined(__aarch64__) || \
    defined(__ARM_FEATURE_CLZ) || defined(__riscv_zbb)
#define TIDE_HAVE_BIT_SCAN 1
#else
#define TIDE_HAVE_BIT_SCAN 0
#endif

namespace tide::bits {

#if TIDE_HAVE_BIT_SCAN || UINTPTR_MAX > 0xFFFFFFFFu

// Index of the highest set bit; x != 0.
inline __attribute__((always_inline)) unsigned highest_set(uintptr_t x) {
  return static_cast<unsigned>(8 * sizeof(uintptr_t) - 1) -
         static_cast<unsigned>(sizeof(uintptr_t) == sizeof(unsigned long long)
                                   ? __builtin_clzll(x)
                                   : __builtin_clz(static_cast<unsigned>(x)));
}

// Index of the lowest set bit; x != 0.
inline __attribute__((always_inline)) unsigned lowest_set(uintptr_t x) {
  return static_cast<unsigned>(sizeof(uintptr_t) == sizeof(unsigned long long)
                                   ? __builtin_ctzll(x)
                                   : __builtin_ctz(static_cast<unsigned>(x)));
}

#else

// De Bruijn sequences: multiplying a power of two (or 2^k - 1) by them puts a unique
// 5-bit pattern in the top bits, which indexes the answer.
inline constexpr unsigned char kLowestTable[32] = {0,  1,  28, 2,  29, 14, 24, 3,  30, 22, 20,
                                                   15, 25, 17, 4,  8,  31, 27, 13, 23, 21, 19,
                                                   16, 7,  26, 12, 18, 6,  11, 5,  10, 9};
inline constexpr unsigned char kHighestTable[32] = {0,  9,  1,  10, 13, 21, 2,  29, 11, 14, 16,
                                                    18, 22, 25, 3,  30, 8,  12, 20, 28, 15, 17,
                                                    24, 7,  19, 27, 23, 6,  26, 5,  4,  31};

inline __attribute__((always_inline)) unsigned lowest_set(uint32_t x) {
  return kLowestTable[((x & (0u - x)) * 0x077CB531u) >> 27];
}

inline __attribute__((always_inline)) unsigned highest_set(uint32_t x) {
  x |= x >> 1;
  x |= x >> 2;
  x |= x >> 4;
  x |= x >> 8;
  x |= x >> 16;
  return kHighestTable[(x * 0x07C4ACDDu) >> 27];
}

#endif

}  // namespace tide::bits

#endif  // TIDE_ALLOC_BITS_H_
