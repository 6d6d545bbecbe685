// tide-growth: cost of one malloc and one free (mean, p99, max, from the time-stamp
// counter) as the number of live blocks grows from 10 to 10^6, and a crafted worst case
// for segregated fit. Prints one JSON object.
//
//   tide-growth [--max-live N] [--ops N] [--repeats N]
//
// Each sequence is deterministic and runs `repeats` times on the same allocator (so the
// pages it keeps are warm); each operation's fastest time is kept, so the maxima show
// the allocator's own slow paths (including giving memory back and taking it again)
// rather than interrupts and preemption.
// Growth: the heap is pre-filled with N live blocks of 16..256 B; then `ops` steady-state
// steps each free a random live block and allocate a new one in its place.
//
// Worst case (after TLSF's authors and tlsf-bsd's wcet test): many small free blocks,
// each fenced by allocated ones, sit in the low classes and one large free block at the
// top. Each round allocates two blocks too big for any small free block, so that the own
// class is empty and the bitmap search runs up to the top class and splits it; then frees
// the first (no merge) and the second, which merges on both sides.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "allocators.h"
#include "cycle_clock.h"
#include "json_writer.h"
#include "workload.h"

namespace tide::bench {
namespace {

struct MallocFreeTimes {
  OpTimes malloc_times, free_times;

  void keep_minimum(const MallocFreeTimes& other) {
    malloc_times.keep_minimum(other.malloc_times);
    free_times.keep_minimum(other.free_times);
  }
  JsonObject json(const CycleClock& clock) const {
    JsonObject out;
    out.raw("malloc", malloc_times.json(clock)).raw("free", free_times.json(clock));
    return out;
  }
};

// Runs `measure` (a deterministic sequence that frees all it allocates) `repeats` times
// on one allocator, keeping each operation's fastest time.
template <class A, class Measure>
MallocFreeTimes best_of(size_t repeats, Measure&& measure) {
  A allocator;
  MallocFreeTimes best;
  for (size_t i = 0; i < repeats; ++i)
    best.keep_minimum(measure(allocator));
  return best;
}

template <class A>
MallocFreeTimes measure_growth(A& allocator, const CycleClock& clock, size_t live_count,
                               size_t ops) {
  XorShift32 random{12345u + static_cast<uint32_t>(live_count)};
  const SizeDistribution sizes{SizeMix::kUniform, 16, 256};
  std::vector<void*> live(live_count);
  for (auto& pointer : live)
    pointer = allocator.allocate(sizes.draw(random));
  MallocFreeTimes times;
  OpTimes& malloc_times = times.malloc_times;
  OpTimes& free_times = times.free_times;
  malloc_times.reserve(ops);
  free_times.reserve(ops);
  for (size_t i = 0; i < ops; ++i) {
    const size_t index = random.next() % live_count;
    const size_t size = sizes.draw(random);
    uint64_t start = read_cycles();
    allocator.deallocate(live[index]);
    uint64_t end = read_cycles();
    free_times.add(start, end, clock);
    start = read_cycles();
    live[index] = allocator.allocate(size);
    end = read_cycles();
    malloc_times.add(start, end, clock);
  }
  for (void* pointer : live)
    allocator.deallocate(pointer);
  return times;
}

template <class A>
MallocFreeTimes measure_worst_case(A& allocator, const CycleClock& clock, size_t rounds) {
  // Small free blocks fenced by allocated ones: 64..512 B holes in the low classes.
  constexpr size_t kHoles = 4096;
  std::vector<void*> fences, holes;
  XorShift32 random{777u};
  for (size_t i = 0; i < kHoles; ++i) {
    holes.push_back(allocator.allocate(random.between(64, 512)));
    fences.push_back(allocator.allocate(16));
  }
  // A large block whose release leaves a large free top (or a large free block).
  void* large = allocator.allocate(size_t{8} << 20);
  void* last_fence = allocator.allocate(16);
  allocator.deallocate(large);
  for (void* hole : holes)
    allocator.deallocate(hole);
  MallocFreeTimes times;
  OpTimes& malloc_times = times.malloc_times;
  OpTimes& free_times = times.free_times;
  malloc_times.reserve(2 * rounds);
  free_times.reserve(2 * rounds);
  for (size_t i = 0; i < rounds; ++i) {
    const size_t size = 2048 + 16 * (i % 64);
    uint64_t start = read_cycles();
    void* first = allocator.allocate(size);
    uint64_t end = read_cycles();
    malloc_times.add(start, end, clock);
    start = read_cycles();
    void* second = allocator.allocate(size);
    end = read_cycles();
    malloc_times.add(start, end, clock);
    start = read_cycles();
    allocator.deallocate(first);
    end = read_cycles();
    free_times.add(start, end, clock);
    start = read_cycles();
    allocator.deallocate(second);
    end = read_cycles();
    free_times.add(start, end, clock);
  }
  for (void* fence : fences)
    allocator.deallocate(fence);
  allocator.deallocate(last_fence);
  return times;
}

}  // namespace
}  // namespace tide::bench

int main(int argc, char** argv) {
  using namespace tide::bench;
  size_t max_live = 1000000;
  size_t ops = 20000;
  size_t repeats = 3;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--max-live") == 0) {
      max_live = std::strtoull(argv[i + 1], nullptr, 10);
    } else if (std::strcmp(argv[i], "--ops") == 0) {
      ops = std::strtoull(argv[i + 1], nullptr, 10);
    } else if (std::strcmp(argv[i], "--repeats") == 0) {
      repeats = std::strtoull(argv[i + 1], nullptr, 10);
    } else {
      std::fprintf(stderr, "usage: %s [--max-live N] [--ops N] [--repeats N]\n", argv[0]);
      return 2;
    }
  }
  const CycleClock clock = CycleClock::calibrate();
  JsonObject out;
  out.text("tool", "growth")
      .number("ticks_per_ns", clock.ticks_per_ns)
      .count("ops", ops)
      .count("repeats", repeats);
  JsonObject allocators;
  for_each_allocator([&]<class A>() {
    std::fprintf(stderr, "growth: %s", A::kName);
    std::vector<std::string> runs;
    for (size_t live = 10; live <= max_live; live *= 10) {
      std::fprintf(stderr, " %zu", live);
      const MallocFreeTimes times =
          best_of<A>(repeats, [&](A& a) { return measure_growth(a, clock, live, ops); });
      runs.push_back(times.json(clock).count("live_blocks", live).str());
    }
    std::fprintf(stderr, " worst-case\n");
    const MallocFreeTimes worst =
        best_of<A>(repeats, [&](A& a) { return measure_worst_case(a, clock, ops / 4); });
    allocators.raw(A::kName, JsonObject()
                                 .raw("growth", json_array(runs))
                                 .raw("worst_case", worst.json(clock).str())
                                 .str());
  });
  out.raw("allocators", allocators.str());
  std::printf("%s\n", out.str().c_str());
  return 0;
}
