// Independent decoders: turn MPU/PMP register values back into user-mode permissions,
// following the architecture manuals, without calling the code under test.
//
//   PMSAv7 (ARMv7-M ARM B3.5): RBAR = ADDR[31:5] | VALID | REGION; RASR = XN[28] |
//   AP[26:24] | TEX/S/C/B | SRD[15:8] | SIZE[5:1] (size = 2^(SIZE+1)) | ENABLE[0].
//   The highest-numbered enabled region whose enabled subregion contains the address
//   decides; no match means no unprivileged access. Instruction fetch needs read
//   permission and XN = 0.
//
//   PMP (RISC-V privileged spec 3.7): cfg byte = L[7] | A[4:3] | X[2] | W[1] | R[0];
//   A: 0 OFF, 1 TOR [pmpaddr[i-1], pmpaddr[i]) (x4), 2 NA4, 3 NAPOT (trailing ones). The
//   lowest-numbered matching entry decides; user mode with no match has no access;
//   machine mode is bound only by locked entries.
#ifndef TIDE_TESTS_KERNEL_MEMORY_PROTECTION_DECODERS_H_
#define TIDE_TESTS_KERNEL_MEMORY_PROTECTION_DECODERS_H_

#include <cstdint>

namespace tide::test {

struct Access {
  bool read = false;
  bool write = false;
  bool execute = false;
  bool valid = true;  // false: the registers are UNPREDICTABLE / reserved for this address

  friend bool operator==(const Access&, const Access&) = default;
};

inline constexpr Access kNoAccess{};
inline constexpr Access kReadWrite{true, true, false, true};
inline constexpr Access kReadExecute{true, false, true, true};

// Unprivileged access to `address` given the 8 region register pairs in region order.
inline Access decode_pmsav7_user(const uint32_t (&rbar)[8], const uint32_t (&rasr)[8],
                                 uint64_t address) {
  for (int n = 7; n >= 0; --n) {
    const uint32_t attributes = rasr[n];
    if ((attributes & 1u) == 0) continue;
    Access invalid;
    invalid.valid = false;
    // RBAR written with VALID must name this region.
    if ((rbar[n] & 0x10u) == 0 || static_cast<int>(rbar[n] & 0xFu) != n) return invalid;
    const uint32_t size_field = (attributes >> 1) & 0x1Fu;
    if (size_field < 4) return invalid;  // regions are at least 32 bytes
    const uint64_t size = uint64_t{1} << (size_field + 1);
    const uint64_t base = rbar[n] & ~uint64_t{0x1F};
    if (base % size != 0) return invalid;  // base must be aligned to the size
    if (address < base || address >= base + size) continue;
    const uint32_t srd = (attributes >> 8) & 0xFFu;
    if (size < 256) {
      if (srd != 0) return invalid;
    } else if ((srd >> ((address - base) / (size / 8))) & 1u) {
      continue;  // a disabled subregion does not match
    }
    const uint32_t ap = (attributes >> 24) & 7u;
    const bool xn = (attributes >> 28) & 1u;
    Access access;
    switch (ap) {
      case 0b010:
      case 0b110:
      case 0b111:
        access.read = true;
        break;
      case 0b011:
        access.read = access.write = true;
        break;
      case 0b100:
        return invalid;
      default:
        break;
    }
    access.execute = access.read && !xn;
    return access;
  }
  return kNoAccess;
}

// Access to a word at `address` (34-bit physical) in user or machine mode.
inline Access decode_pmp(const uint8_t* cfg, const uint32_t* pmpaddr, int entries, uint64_t address,
                         bool machine_mode) {
  for (int i = 0; i < entries; ++i) {
    const unsigned mode = (cfg[i] >> 3) & 3u;
    bool match = false;
    if (mode == 1) {
      const uint64_t low = i == 0 ? 0 : uint64_t{pmpaddr[i - 1]} << 2;
      const uint64_t high = uint64_t{pmpaddr[i]} << 2;
      match = low < high && address >= low && address < high;
    } else if (mode == 2) {
      const uint64_t base = uint64_t{pmpaddr[i]} << 2;
      match = address >= base && address < base + 4;
    } else if (mode == 3) {
      int ones = 0;
      while (ones < 32 && ((pmpaddr[i] >> ones) & 1u))
        ++ones;
      const uint64_t size = uint64_t{1} << (ones + 3);
      const uint64_t base = (uint64_t{pmpaddr[i]} & ~((uint64_t{1} << ones) - 1)) << 2;
      match = address >= base && address < base + size;
    }
    if (!match) continue;
    const bool locked = (cfg[i] & 0x80u) != 0;
    if ((cfg[i] & 3u) == 2u) {  // W without R is reserved
      Access invalid;
      invalid.valid = false;
      return invalid;
    }
    if (machine_mode && !locked) return {true, true, true, true};
    return {(cfg[i] & 1u) != 0, (cfg[i] & 2u) != 0, (cfg[i] & 4u) != 0, true};
  }
  return machine_mode ? Access{true, true, true, true} : kNoAccess;
}

}  // namespace tide::test

#endif  // TIDE_TESTS_KERNEL_MEMORY_PROTECTION_DECODERS_H_
