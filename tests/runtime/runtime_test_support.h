// Shared by the runtime's host tests: the protection units as test parameters, and
// comparisons of the simulated process's memory map.
#ifndef TIDE_TESTS_RUNTIME_RUNTIME_TEST_SUPPORT_H_
#define TIDE_TESTS_RUNTIME_RUNTIME_TEST_SUPPORT_H_

#include <gtest/gtest.h>

#include <string>

#include "tide/host/host_kernel.h"

namespace tide::test {

inline const char* unit_name(host::Protection protection) {
  switch (protection) {
    case host::Protection::kNone:
      return "NoProtection";
    case host::Protection::kPmsav7Mpu:
      return "Pmsav7Mpu";
    case host::Protection::kPmpTor:
      return "PmpTor";
  }
  return "?";
}

inline std::string unit_param_name(const testing::TestParamInfo<host::Protection>& info) {
  return unit_name(info.param);
}

inline const auto kAllUnits = testing::Values(host::Protection::kNone, host::Protection::kPmsav7Mpu,
                                              host::Protection::kPmpTor);

// The break granularity each unit should report for a block.
inline size_t expected_granularity(host::Protection protection, const host::MemoryMap& map) {
  switch (protection) {
    case host::Protection::kPmsav7Mpu:
      return (map.memory_end - map.memory_start) / 16;
    case host::Protection::kPmpTor:
      return 4;
    case host::Protection::kNone:
      break;
  }
  return 1;
}

inline bool same_map(const host::MemoryMap& a, const host::MemoryMap& b) {
  return a.memory_start == b.memory_start && a.memory_end == b.memory_end &&
         a.initial_break == b.initial_break && a.allow_high_water_mark == b.allow_high_water_mark &&
         a.app_break == b.app_break && a.protected_end == b.protected_end &&
         a.kernel_break == b.kernel_break && a.kernel_area_start == b.kernel_area_start &&
         a.break_granularity == b.break_granularity && a.restart_count == b.restart_count;
}

inline uintptr_t addr(const void* pointer) {
  return reinterpret_cast<uintptr_t>(pointer);
}

inline void* failed_sbrk() {
  return reinterpret_cast<void*>(-1);
}

// A test fixture with a fresh kernel of the parameter's unit.
class UnitTest : public testing::TestWithParam<host::Protection> {
 protected:
  host::HostKernel kernel{{.protection = GetParam()}};
  size_t granularity() const { return expected_granularity(GetParam(), kernel.memory_map()); }
  // Moves the break to memory_start + bytes (rounded up to the granularity).
  void set_break_to_granule(size_t bytes) {
    const size_t g = granularity();
    ASSERT_TRUE(tide::rt::brk(kernel.memory_map().memory_start + (bytes + g - 1) / g * g));
  }
};

}  // namespace tide::test

#endif  // TIDE_TESTS_RUNTIME_RUNTIME_TEST_SUPPORT_H_
