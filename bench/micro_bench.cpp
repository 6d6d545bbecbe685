// Micro-benchmarks: ns per malloc/free for every allocator of this executable on the
// same operation sequences. Benchmarks are named "<workload>/<allocator>"; each reports
// items_per_second where one item is one call (malloc, free, realloc), so ns per call is
// 1e9 / items_per_second.
//
//   pair/<size>                 malloc + free of one size, repeated
//   batch/<sizes>/<order>       1000 mallocs, then 1000 frees in LIFO, FIFO or random order
//   churn/uniform16-1024        the on-board workload: random alloc/free 50/50, <= 200 live
//   realloc/chain               two interleaved realloc growth chains 16 B -> 64 KiB (x1.5)
//   aligned/<alignment>         256 aligned allocations of 16..256 B, then frees
#include <benchmark/benchmark.h>

#include <cstdint>
#include <string>
#include <vector>

#include "allocators.h"
#include "workload.h"

namespace tide::bench {
namespace {

template <class A>
void pair(benchmark::State& state, size_t size) {
  A allocator;
  for (auto _ : state) {
    void* pointer = allocator.allocate(size);
    benchmark::DoNotOptimize(pointer);
    allocator.deallocate(pointer);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * 2);
}

enum class FreeOrder { kLifo, kFifo, kRandom };

constexpr size_t kBatch = 1000;

template <class A>
void batch(benchmark::State& state, SizeDistribution sizes, FreeOrder order) {
  A allocator;
  const std::vector<size_t> request = draw_sizes(sizes, kBatch);
  std::vector<size_t> free_order(kBatch);
  for (size_t i = 0; i < kBatch; ++i) {
    free_order[i] = order == FreeOrder::kLifo ? kBatch - 1 - i : i;
  }
  if (order == FreeOrder::kRandom) free_order = shuffled_indices(kBatch);
  std::vector<void*> blocks(kBatch);
  for (auto _ : state) {
    for (size_t i = 0; i < kBatch; ++i)
      blocks[i] = allocator.allocate(request[i]);
    benchmark::ClobberMemory();
    for (size_t i : free_order)
      allocator.deallocate(blocks[i]);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * 2 * kBatch));
}

template <class A>
void churn(benchmark::State& state) {
  A allocator;
  XorShift32 random;
  std::vector<void*> live;
  live.reserve(200);
  for (auto _ : state) {
    const uint32_t r = random.next();
    if (live.empty() || (live.size() < 200 && (r & 1) != 0)) {
      void* pointer = allocator.allocate(16 + (r >> 1) % 1009);
      benchmark::DoNotOptimize(pointer);
      live.push_back(pointer);
    } else {
      const size_t index = (r >> 1) % live.size();
      allocator.deallocate(live[index]);
      live[index] = live.back();
      live.pop_back();
    }
  }
  for (void* pointer : live)
    allocator.deallocate(pointer);
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}

template <class A>
void realloc_chain(benchmark::State& state) {
  A allocator;
  int64_t calls = 0;
  for (auto _ : state) {
    void* chain[2] = {allocator.allocate(16), allocator.allocate(16)};
    calls += 2;
    for (size_t size = 16; size < 65536; size += size / 2) {
      for (void*& pointer : chain) {
        pointer = allocator.reallocate(pointer, size);
        static_cast<char*>(pointer)[size - 1] = 1;
        ++calls;
      }
    }
    allocator.deallocate(chain[0]);
    allocator.deallocate(chain[1]);
    calls += 2;
  }
  state.SetItemsProcessed(calls);
}

template <class A>
void aligned(benchmark::State& state, size_t alignment) {
  A allocator;
  constexpr size_t kCount = 256;
  const std::vector<size_t> request = draw_sizes({SizeMix::kUniform, 16, 256}, kCount);
  std::vector<void*> blocks(kCount);
  for (auto _ : state) {
    for (size_t i = 0; i < kCount; ++i) {
      blocks[i] = allocator.allocate_aligned(alignment, request[i]);
    }
    benchmark::ClobberMemory();
    for (void* pointer : blocks)
      allocator.deallocate(pointer);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * 2 * kCount));
}

void register_all() {
  for_each_allocator([]<class A>() {
    const std::string name = A::kName;
    for (size_t size : {16, 64, 512, 4096}) {
      benchmark::RegisterBenchmark(("pair/" + std::to_string(size) + "/" + name).c_str(), pair<A>,
                                   size);
    }
    const SizeDistribution mixes[] = {
        {SizeMix::kFixed, 64, 64}, {SizeMix::kUniform, 16, 1024}, {SizeMix::kPowerLaw, 16, 65536}};
    const std::pair<FreeOrder, const char*> orders[] = {
        {FreeOrder::kLifo, "lifo"}, {FreeOrder::kFifo, "fifo"}, {FreeOrder::kRandom, "random"}};
    for (const SizeDistribution& mix : mixes) {
      for (const auto& [order, order_name] : orders) {
        benchmark::RegisterBenchmark(
            ("batch/" + mix.name() + "/" + order_name + "/" + name).c_str(), batch<A>, mix, order);
      }
    }
    benchmark::RegisterBenchmark(("churn/uniform16-1024/" + name).c_str(), churn<A>);
    benchmark::RegisterBenchmark(("realloc/chain/" + name).c_str(), realloc_chain<A>);
    for (size_t alignment : {64, 4096}) {
      benchmark::RegisterBenchmark(("aligned/" + std::to_string(alignment) + "/" + name).c_str(),
                                   aligned<A>, alignment);
    }
  });
}

}  // namespace
}  // namespace tide::bench

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  tide::bench::register_all();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
