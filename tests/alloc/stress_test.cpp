// A seeded random run of 10^6 heap operations against the shadow model (heap_model.h):
// patterns, overlaps, alignment and statistics after every step that can break them,
// heap.check() every few thousand operations and at the end, with random policy
// changes, trims, a source that sometimes refuses and foreign moves of the break.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>

#include "heap_model.h"

namespace tide_test {
namespace {

// xorshift32: small, fast, and the same sequence on every platform.
struct XorShift32 {
  uint32_t state;
  uint32_t next() {
    state ^= state << 13;
    state ^= state >> 17;
    state ^= state << 5;
    return state;
  }
};

struct StressResult {
  size_t failures = 0;
  size_t peak_live = 0;
  tide::HeapStats stats{};
};

StressResult run(uint32_t seed, size_t operations, const OperationMix& mix, size_t capacity) {
  StressResult result;
  tide::HeapPolicy policy = test_policy();
  policy.trim_threshold = 64 * 1024;
  HeapHarness h(policy, capacity);
  h.source().set_recording(false);
  ShadowHeap model(h.heap(), h.source());
  XorShift32 choose{seed};
  for (size_t i = 1; i <= operations; ++i) {
    run_operation(model, h.source(), choose, mix);
    if (model.live() > result.peak_live) result.peak_live = model.live();
    if (i % 4096 == 0) model.verify(i % 65536 == 0);
    // A window of full checking is slow: close it soon.
    if (i % 16 == 0 && h.heap().policy().check == TIDE_CHECK_FULL) {
      h.heap().set_option(TIDE_OPT_CHECK, TIDE_CHECK_CHEAP);
    }
    if (!model.ok()) {
      ADD_FAILURE() << "seed " << seed << ", operation " << i << ": " << model.error();
      return result;
    }
  }
  h.source().refuse_grow(false);
  h.source().refuse_shrink(false);
  model.verify(true);
  EXPECT_TRUE(model.ok()) << "seed " << seed << " at the end: " << model.error();
  while (model.live() > 0)
    model.release(0);
  model.verify(false);
  EXPECT_TRUE(model.ok()) << model.error();
  result.failures = model.failures();
  result.stats = h.heap().stats();
  EXPECT_EQ(result.stats.in_use_bytes, 0u);
  EXPECT_EQ(result.stats.allocated_blocks, 0u);
  return result;
}

TEST(HeapStress, AMillionOperationsAgainstTheShadowModel) {
  OperationMix mix;
  mix.foreign_budget = 64 * 1024;
  const auto start = std::chrono::steady_clock::now();
  const size_t operations = 1000000;
  const StressResult result = run(2463534242u, operations, mix, 64 << 20);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf(
      "stress: %zu operations in %.2f s (%.0f ops/s); peak live %zu, %zu NULLs, "
      "%zu grows, %zu shrinks, %zu spans\n",
      operations, seconds, static_cast<double>(operations) / seconds, result.peak_live,
      result.failures, result.stats.grow_count, result.stats.shrink_count, result.stats.spans);
  // The run must have exercised what it claims to.
  EXPECT_GT(result.peak_live, 500u);
  EXPECT_GT(result.stats.grow_count, 10u);
  EXPECT_GT(result.stats.shrink_count, 10u);
  EXPECT_GT(result.stats.spans, 1u);
}

TEST(HeapStress, ManySeedsShortRuns) {
  OperationMix mix;
  mix.max_size = 8192;
  mix.target_live = 200;
  mix.foreign_budget = 16 * 1024;
  for (uint32_t seed = 1; seed <= 20; ++seed) {
    run(seed * 0x9E3779B9u, 20000, mix, 4 << 20);
    if (HasFailure()) return;
  }
}

}  // namespace
}  // namespace tide_test
