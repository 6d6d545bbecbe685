// tide-efficiency: how much of a fixed memory source Tide can hand out before its first
// failure ("heap efficiency"; published: dlmalloc 99.1 %, rlsf 99.1 %, talc 99.0 %).
// Prints one JSON object.
//
//   tide-efficiency [--quick | --smoke | --small-heaps]
//
// For each capacity (64 KiB, 1 MiB, 64 MiB; with --small-heaps the embedded sizes 16 KiB,
// 64 KiB, 1 MiB), size mix and seed: a Heap over a page-aligned FixedRegionSource of
// exactly that capacity, then
//   fill   allocate random sizes until the first failure;
//   churn  allocate (2/3) or free a random live block (1/3) until the first failure,
// and report requested live bytes at the failure / capacity (and usable bytes, which
// include rounding). The policy is "exact" (no growth rounding, no minimum step, no
// trim): the algorithm's own efficiency. The default policy is also run, since its
// growth step decides what happens near the end of a small region. The output says the
// word size it ran with: a 32-bit build (bench.sh builds tide-efficiency-32) measures the
// boards' layout, 4-byte headers and 8-byte alignment.
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "allocators.h"
#include "json_writer.h"
#include "workload.h"

namespace tide::bench {
namespace {

struct Efficiency {
  double requested = 0;  // fraction of the capacity requested by live blocks
  double usable = 0;     // fraction usable by them (malloc_usable_size)
};

Efficiency fill_until_failure(size_t capacity, const SizeDistribution& sizes, uint32_t seed,
                              bool churn, const HeapPolicy& policy) {
  // Page-aligned, as a process's memory is: a granularity step of the policy is then a
  // step of the region too.
  constexpr size_t kPage = 4096;
  const std::unique_ptr<unsigned char, decltype(&std::free)> region(
      static_cast<unsigned char*>(
          std::aligned_alloc(kPage, (capacity + kPage - 1) / kPage * kPage)),
      &std::free);
  Heap<FixedRegionSource> heap(FixedRegionSource{region.get(), capacity}, policy);
  XorShift32 random{seed};
  std::vector<std::pair<void*, size_t>> live;
  size_t requested = 0;
  for (;;) {
    if (churn && !live.empty() && random.next() % 3 == 0) {
      const size_t index = random.next() % live.size();
      heap.deallocate(live[index].first);
      requested -= live[index].second;
      live[index] = live.back();
      live.pop_back();
      continue;
    }
    const size_t size = sizes.draw(random);
    void* pointer = heap.allocate(size);
    if (pointer == nullptr) break;
    live.emplace_back(pointer, size);
    requested += size;
  }
  size_t usable = 0;
  for (const auto& block : live)
    usable += heap.usable_size(block.first);
  const auto fraction = [&](size_t bytes) {
    return static_cast<double>(bytes) / static_cast<double>(capacity);
  };
  return {fraction(requested), fraction(usable)};
}

std::string measure(size_t capacity, const SizeDistribution& sizes, bool churn,
                    const HeapPolicy& policy, unsigned seeds) {
  double requested_sum = 0, usable_sum = 0, requested_min = 1;
  for (unsigned seed = 1; seed <= seeds; ++seed) {
    const Efficiency e = fill_until_failure(capacity, sizes, seed * 2654435761u, churn, policy);
    requested_sum += e.requested;
    usable_sum += e.usable;
    if (e.requested < requested_min) requested_min = e.requested;
  }
  JsonObject out;
  out.count("capacity", capacity).text("sizes", sizes.name());
  out.text("mode", churn ? "churn" : "fill").count("seeds", seeds);
  out.number("requested_mean", requested_sum / seeds).number("requested_min", requested_min);
  out.number("usable_mean", usable_sum / seeds);
  return out.str();
}

}  // namespace
}  // namespace tide::bench

int main(int argc, char** argv) {
  using namespace tide::bench;
  // --smoke: the smallest capacity and one seed, to check the tool runs; --quick: fewer
  // seeds; --small-heaps: the capacities of embedded heaps.
  const std::string mode = argc > 1 ? argv[1] : "";
  const bool smoke = mode == "--smoke";
  const bool quick = mode == "--quick";
  const bool small = mode == "--small-heaps";
  const std::vector<size_t> capacities =
      small ? std::vector<size_t>{size_t{16} << 10, size_t{64} << 10, size_t{1} << 20}
            : std::vector<size_t>{size_t{64} << 10, size_t{1} << 20, size_t{64} << 20};
  tide::HeapPolicy exact = tide::default_policy();
  exact.granularity = 0;
  exact.min_grow = 0;
  exact.trim = 0;
  const std::pair<const char*, tide::HeapPolicy> policies[] = {{"exact", exact},
                                                               {"default", tide::default_policy()}};
  std::vector<std::string> runs;
  for (const auto& [policy_name, policy] : policies) {
    for (size_t capacity : capacities) {
      if (smoke && capacity > capacities.front()) break;
      const SizeDistribution mixes[] = {{SizeMix::kUniform, 16, 1024},
                                        {SizeMix::kPowerLaw, 16, capacity / 64}};
      for (const SizeDistribution& sizes : mixes) {
        for (bool churn : {false, true}) {
          const bool large = capacity > (size_t{1} << 20);
          const unsigned seeds = smoke ? 1 : quick ? (large ? 1 : 5) : (large ? 3 : 20);
          JsonObject run;
          run.text("policy", policy_name);
          run.raw("result", measure(capacity, sizes, churn, policy, seeds));
          runs.push_back(run.str());
        }
      }
    }
  }
  JsonObject out;
  out.text("tool", "efficiency").count("word_bytes", sizeof(void*)).raw("runs", json_array(runs));
  std::printf("%s\n", out.str().c_str());
  return 0;
}
