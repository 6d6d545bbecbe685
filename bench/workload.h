// The inputs every benchmark shares: a deterministic generator and the size
// distributions, so that each allocator (in this process or in another executable) sees
// exactly the same requests.
#ifndef TIDE_BENCH_WORKLOAD_H_
#define TIDE_BENCH_WORKLOAD_H_

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace tide::bench {

// xorshift32, the generator of the published on-board workload (seed 2463534242).
struct XorShift32 {
  uint32_t state = 2463534242u;
  uint32_t next() {
    state ^= state << 13;
    state ^= state >> 17;
    state ^= state << 5;
    return state;
  }
  // Uniform in [low, high].
  size_t between(size_t low, size_t high) {
    return low + static_cast<size_t>(next()) % (high - low + 1);
  }
  double unit() { return static_cast<double>(next()) / 4294967296.0; }
};

enum class SizeMix { kFixed, kUniform, kPowerLaw };

// A request-size distribution: fixed, uniform in [low, high], or power law (density
// proportional to 1/size, i.e. log-uniform) in [low, high], which puts most requests
// at the small end and a few up to `high` like real programs do.
struct SizeDistribution {
  SizeMix mix = SizeMix::kUniform;
  size_t low = 16;
  size_t high = 1024;

  size_t draw(XorShift32& random) const {
    switch (mix) {
      case SizeMix::kFixed:
        return low;
      case SizeMix::kUniform:
        return random.between(low, high);
      case SizeMix::kPowerLaw: {
        const double span = std::log(static_cast<double>(high) / static_cast<double>(low));
        const auto size =
            static_cast<size_t>(static_cast<double>(low) * std::exp(span * random.unit()));
        return size < low ? low : (size > high ? high : size);
      }
    }
    return low;
  }

  std::string name() const {
    switch (mix) {
      case SizeMix::kFixed:
        return "fixed" + std::to_string(low);
      case SizeMix::kUniform:
        return "uniform" + std::to_string(low) + "-" + std::to_string(high);
      case SizeMix::kPowerLaw:
        return "powerlaw" + std::to_string(low) + "-" + std::to_string(high);
    }
    return "?";
  }
};

inline std::vector<size_t> draw_sizes(const SizeDistribution& sizes, size_t count,
                                      uint32_t seed = 2463534242u) {
  XorShift32 random{seed};
  std::vector<size_t> result(count);
  for (auto& size : result)
    size = sizes.draw(random);
  return result;
}

// A random permutation of 0..count-1 (Fisher-Yates over xorshift32).
inline std::vector<size_t> shuffled_indices(size_t count, uint32_t seed = 88172645u) {
  XorShift32 random{seed};
  std::vector<size_t> order(count);
  for (size_t i = 0; i < count; ++i)
    order[i] = i;
  for (size_t i = count; i > 1; --i)
    std::swap(order[i - 1], order[random.next() % i]);
  return order;
}

}  // namespace tide::bench

#endif  // TIDE_BENCH_WORKLOAD_H_
