// RAM for a simulated process: aligned like the device address it stands for, so that
// break granularity steps in host addresses fall on the unit's real boundaries.
#ifndef TIDE_TESTS_ALLOC_OVER_KERNEL_SIMULATED_RAM_H_
#define TIDE_TESTS_ALLOC_OVER_KERNEL_SIMULATED_RAM_H_

#include <cstddef>
#include <cstdlib>
#include <memory>

namespace tide::test {

inline constexpr size_t kSimulatedRamSize = 64 * 1024;

struct FreeDeleter {
  void operator()(unsigned char* p) const { std::free(p); }
};

inline std::unique_ptr<unsigned char[], FreeDeleter> simulated_ram() {
  return std::unique_ptr<unsigned char[], FreeDeleter>(
      static_cast<unsigned char*>(std::aligned_alloc(kSimulatedRamSize, kSimulatedRamSize)));
}

}  // namespace tide::test

#endif  // TIDE_TESTS_ALLOC_OVER_KERNEL_SIMULATED_RAM_H_
