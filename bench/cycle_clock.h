// Per-operation timing with the processor's time-stamp counter, for the figures Google
// Benchmark does not give: p99 and maximum of single operations.
#ifndef TIDE_BENCH_CYCLE_CLOCK_H_
#define TIDE_BENCH_CYCLE_CLOCK_H_

#include <x86intrin.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "bookkeeping.h"
#include "json_writer.h"

namespace tide::bench {

// lfence keeps the read from drifting across the measured call in either direction.
inline uint64_t read_cycles() {
  _mm_lfence();
  const uint64_t now = __rdtsc();
  _mm_lfence();
  return now;
}

// Time-stamp counter ticks per nanosecond, and the cost of one empty measurement (which
// is subtracted from every sample).
struct CycleClock {
  double ticks_per_ns = 1.0;
  uint64_t overhead = 0;

  static CycleClock calibrate() {
    CycleClock clock;
    const auto start_time = std::chrono::steady_clock::now();
    const uint64_t start = read_cycles();
    while (std::chrono::steady_clock::now() - start_time < std::chrono::milliseconds(30)) {
    }
    const uint64_t ticks = read_cycles() - start;
    const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                        std::chrono::steady_clock::now() - start_time)
                        .count();
    clock.ticks_per_ns = static_cast<double>(ticks) / static_cast<double>(ns);
    uint64_t best = UINT64_MAX;
    for (int i = 0; i < 1000; ++i) {
      const uint64_t a = read_cycles();
      best = std::min(best, read_cycles() - a);
    }
    clock.overhead = best;
    return clock;
  }
};

// Samples of one kind of operation, in ticks.
class OpTimes {
 public:
  void reserve(size_t count) { ticks_.reserve(count); }
  void add(uint64_t start, uint64_t end, const CycleClock& clock) {
    const uint64_t raw = end - start;
    ticks_.push_back(raw > clock.overhead ? raw - clock.overhead : 0);
  }
  size_t count() const { return ticks_.size(); }

  // Keeps, for each operation, the smaller of this run's and `other`'s time: repeating
  // a deterministic sequence and keeping the minimum removes interrupts and preemption
  // from the maxima while keeping every slow path the allocator itself takes.
  void keep_minimum(const OpTimes& other) {
    if (ticks_.empty()) {
      ticks_ = other.ticks_;
      return;
    }
    for (size_t i = 0; i < ticks_.size() && i < other.ticks_.size(); ++i) {
      ticks_[i] = std::min(ticks_[i], other.ticks_[i]);
    }
  }

  // count, mean, median, p99 and max, in ns and in ticks, as a JSON object.
  std::string json(const CycleClock& clock) const {
    JsonObject out;
    out.count("count", ticks_.size());
    if (ticks_.empty()) return out.str();
    double sum = 0;
    for (uint64_t t : ticks_)
      sum += static_cast<double>(t);
    const double mean = sum / static_cast<double>(ticks_.size());
    BookVector<uint64_t> sorted = ticks_;
    const size_t p99_index = sorted.size() * 99 / 100;
    std::nth_element(sorted.begin(), sorted.begin() + static_cast<long>(p99_index), sorted.end());
    const double p99 = static_cast<double>(sorted[p99_index]);
    const size_t median_index = sorted.size() / 2;
    std::nth_element(sorted.begin(), sorted.begin() + static_cast<long>(median_index),
                     sorted.begin() + static_cast<long>(p99_index));
    const double median = static_cast<double>(sorted[median_index]);
    const double max = static_cast<double>(*std::max_element(ticks_.begin(), ticks_.end()));
    const double scale = 1.0 / clock.ticks_per_ns;
    out.number("mean_ns", mean * scale).number("median_ns", median * scale);
    out.number("p99_ns", p99 * scale);
    out.number("max_ns", max * scale).number("mean_ticks", mean);
    out.number("p99_ticks", p99).number("max_ticks", max);
    return out.str();
  }

  void clear() { ticks_.clear(); }

 private:
  BookVector<uint64_t> ticks_;
};

}  // namespace tide::bench

#endif  // TIDE_BENCH_CYCLE_CLOCK_H_
