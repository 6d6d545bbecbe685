// Writes kernel/memory's PmpTor register values to the hart's PMP CSRs.
#include "csr.h"
#include "tide/arch/protection.h"

namespace tide::arch {
namespace {

using Config = ProtectionUnit::Config;
constexpr unsigned kEntries = static_cast<unsigned>(ProtectionUnit::kMaxEntries);

// CSR numbers are immediates: one instruction per register, unrolled at compile time.
template <unsigned kIndex = 0>
void write_addresses(const uint32_t (&values)[kEntries]) {
  csr::write<csr::kPmpaddr0 + kIndex>(values[kIndex]);
  if constexpr (kIndex + 1 < kEntries) write_addresses<kIndex + 1>(values);
}

template <unsigned kIndex = 0>
void write_configs(const uint32_t (&values)[kEntries / 4]) {
  csr::write<csr::kPmpcfg0 + kIndex>(values[kIndex]);
  if constexpr (kIndex + 1 < kEntries / 4) write_configs<kIndex + 1>(values);
}

// Unimplemented pmpaddr registers read as zero whatever is written.
template <unsigned kIndex = 0>
unsigned count_entries() {
  csr::write<csr::kPmpaddr0 + kIndex>(~0u);
  const unsigned implemented = csr::read<csr::kPmpaddr0 + kIndex>() != 0 ? 1 : 0;
  csr::write<csr::kPmpaddr0 + kIndex>(0);
  if constexpr (kIndex + 1 < kEntries) {
    return implemented + count_entries<kIndex + 1>();
  } else {
    return implemented;
  }
}

}  // namespace

void apply_protection(const Config& config) {
  // Addresses first: the config bytes switch the entries on. No entry is locked, so
  // machine mode is never affected by the intermediate states.
  write_addresses(config.pmpaddr);
  write_configs(config.pmpcfg);
}

unsigned protection_region_count() {
  return count_entries();
}

}  // namespace tide::arch
