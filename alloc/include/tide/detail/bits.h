// Bit scans for the free-list bitmap and the size-class mapping.
//
// Where the target has a bit-scan instruction (x86, AArch64, Cortex-M3 and up, RISC-V
// with Zbb) the compiler builtins become one instruction. Elsewhere (rv32imac, Cortex-M0)
// the builtins would call libgcc's __clzsi2 (20-60 instructions), so Tide uses the
// portable scans below instead: no loop, no call. The portable scans are defined on every
// target, so that host tests check them against the builtins.
#ifndef TIDE_DETAIL_BITS_H_
#define TIDE_DETAIL_BITS_H_

#include <stddef.h>
#include <stdint.h>

#if defined(__x86_64__) || defined(__i386__) || defined(__aarch64__) || \
    defined(__ARM_FEATURE_CLZ) || defined(__riscv_zbb)
#define TIDE_HAVE_BIT_SCAN 1
#else
#define TIDE_HAVE_BIT_SCAN 0
#endif

namespace tide::bits {

// floor(log2(i)) for 0 < i < 32.
inline constexpr unsigned char kLog2Small[32] = {0, 0, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3,
                                                 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4};
// De Bruijn sequences: multiplying a power of two (or 2^k - 1) by them puts a unique
// 5-bit pattern in the top bits, which indexes the answer.
inline constexpr unsigned char kLowestTable[32] = {0,  1,  28, 2,  29, 14, 24, 3,  30, 22, 20,
                                                   15, 25, 17, 4,  8,  31, 27, 13, 23, 21, 19,
                                                   16, 7,  26, 12, 18, 6,  11, 5,  10, 9};
inline constexpr unsigned char kHighestTable[32] = {0,  9,  1,  10, 13, 21, 2,  29, 11, 14, 16,
                                                    18, 22, 25, 3,  30, 8,  12, 20, 28, 15, 17,
                                                    24, 7,  19, 27, 23, 6,  26, 5,  4,  31};

// Index of the lowest set bit of x != 0, without a bit-scan instruction.
inline __attribute__((always_inline)) unsigned lowest_set_portable(uint32_t x) {
  return kLowestTable[((x & (0u - x)) * 0x077CB531u) >> 27];
}

// Index of the highest set bit of x != 0, without a bit-scan instruction. Size classes
// ask about block sizes in alignment units, mostly below 1024 (8 KiB on 32-bit targets):
// those take a table lookup; larger values the De Bruijn scan, which first rounds x up to
// 2^k - 1.
inline __attribute__((always_inline)) unsigned highest_set_portable(uint32_t x) {
  if (x < 32) return kLog2Small[x];
  if (x < 1024) return 5 + kLog2Small[x >> 5];
  x |= x >> 1;
  x |= x >> 2;
  x |= x >> 4;
  x |= x >> 8;
  x |= x >> 16;
  return kHighestTable[(x * 0x07C4ACDDu) >> 27];
}

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

inline __attribute__((always_inline)) unsigned highest_set(uint32_t x) {
  return highest_set_portable(x);
}
inline __attribute__((always_inline)) unsigned lowest_set(uint32_t x) {
  return lowest_set_portable(x);
}

#endif

}  // namespace tide::bits

#endif  // TIDE_DETAIL_BITS_H_
