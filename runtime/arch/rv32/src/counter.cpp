// The RV32 instruction counter: the user-readable instret CSR pair.
#include "tide/runtime/counter.h"

namespace tide::rt {

bool instruction_counter_available() {
  return true;
}

uint64_t instructions_retired() {
  uint32_t high = 0;
  uint32_t low = 0;
  uint32_t again = 0;
  do {
    asm volatile("rdinstreth %0" : "=r"(high));
    asm volatile("rdinstret %0" : "=r"(low));
    asm volatile("rdinstreth %0" : "=r"(again));
  } while (high != again);
  return (uint64_t{high} << 32) | low;
}

}  // namespace tide::rt
