// The decoders of protection_decoders.h applied to each unit's Config, and the user
// end of a break as the architecture rounds it. Shared by the tests and the fuzzer (so
// it includes no test framework).
#ifndef TIDE_TESTS_KERNEL_MEMORY_DECODED_VIEW_H_
#define TIDE_TESTS_KERNEL_MEMORY_DECODED_VIEW_H_

#include <cstddef>
#include <cstdint>

#include "protection_decoders.h"
#include "tide/kernel/no_protection.h"
#include "tide/kernel/pmp_tor.h"
#include "tide/kernel/pmsav7_mpu.h"

namespace tide::test {

using kernel::NoProtection;
using kernel::PmpTor;
using kernel::Pmsav7Mpu;

// User-mode access to one word, decoded from the process's register values alone.
inline Access user_access(const Pmsav7Mpu::Config& config, uint64_t address) {
  uint32_t rbar[8];
  uint32_t rasr[8];
  for (int i = 0; i < 8; ++i) {
    rbar[i] = config.regions[i].rbar;
    rasr[i] = config.regions[i].rasr;
  }
  return decode_pmsav7_user(rbar, rasr, address);
}

inline Access pmp_access(const PmpTor::Config& config, uint64_t address, bool machine_mode) {
  uint8_t cfg[16];
  for (int i = 0; i < 16; ++i)
    cfg[i] = static_cast<uint8_t>(config.pmpcfg[i / 4] >> (8 * (i % 4)));
  return decode_pmp(cfg, config.pmpaddr, 16, address, machine_mode);
}

inline Access user_access(const PmpTor::Config& config, uint64_t address) {
  return pmp_access(config, address, false);
}

// The user-accessible end the test expects for a break, from the architecture's rules.
inline uintptr_t expected_user_end(const Pmsav7Mpu&, uintptr_t start, size_t size, uintptr_t brk) {
  const uintptr_t subregion = size / 16;
  return start + (brk - start + subregion - 1) / subregion * subregion;
}
inline uintptr_t expected_user_end(const PmpTor&, uintptr_t, size_t, uintptr_t brk) {
  return (brk + 3) & ~uintptr_t{3};
}
inline uintptr_t expected_user_end(const NoProtection&, uintptr_t, size_t, uintptr_t brk) {
  return brk;
}

}  // namespace tide::test

#endif  // TIDE_TESTS_KERNEL_MEMORY_DECODED_VIEW_H_
