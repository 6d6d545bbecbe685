// RV32 machine-mode CSRs and cause codes Tide uses (privileged spec 1.11).
#ifndef TIDE_ARCH_RV32_CSR_H_
#define TIDE_ARCH_RV32_CSR_H_

#include <stdint.h>

namespace tide::arch::csr {

inline constexpr uint32_t kScounteren = 0x106;
inline constexpr uint32_t kMstatus = 0x300;
inline constexpr uint32_t kMie = 0x304;
inline constexpr uint32_t kMtvec = 0x305;
inline constexpr uint32_t kMcounteren = 0x306;
inline constexpr uint32_t kMepc = 0x341;
inline constexpr uint32_t kMcause = 0x342;
inline constexpr uint32_t kMtval = 0x343;
inline constexpr uint32_t kPmpcfg0 = 0x3A0;
inline constexpr uint32_t kPmpaddr0 = 0x3B0;

template <uint32_t kCsr>
inline uint32_t read() {
  uint32_t value;
  asm volatile("csrr %0, %1" : "=r"(value) : "i"(kCsr));
  return value;
}

template <uint32_t kCsr>
inline void write(uint32_t value) {
  asm volatile("csrw %0, %1" : : "i"(kCsr), "r"(value) : "memory");
}

inline constexpr uint32_t kInterruptBit = 1u << 31;
// mstatus.MPP (bits 12:11): the mode mret returns to; cleared, it is user mode.
inline constexpr uint32_t kMstatusMpp = 3u << 11;

// mcause exception codes (without kInterruptBit).
enum Cause : uint32_t {
  kInstructionMisaligned = 0,
  kInstructionAccessFault = 1,
  kIllegalInstruction = 2,
  kBreakpoint = 3,
  kLoadMisaligned = 4,
  kLoadAccessFault = 5,
  kStoreMisaligned = 6,
  kStoreAccessFault = 7,
  kEcallFromUser = 8,
};
// mcause interrupt code (with kInterruptBit).
inline constexpr uint32_t kMachineTimerInterrupt = 7;

inline constexpr uint32_t kMieMachineTimer = 1u << 7;
// mcounteren/scounteren: user mode may read cycle (bit 0), time (1) and instret (2).
inline constexpr uint32_t kCountersForUser = 0x7;

}  // namespace tide::arch::csr

#endif  // TIDE_ARCH_RV32_CSR_H_
