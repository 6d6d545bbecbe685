// libFuzzer harness for the heap: the input is a sequence of operations (malloc, free,
// realloc, aligned, calloc, trim, policy changes, a source that refuses or whose break is
// moved by someone else) run against the shadow model of tests/alloc/heap_model.h, which
// checks every block it touches after each operation, the heap and its statistics
// every few operations, and everything at the end. Any violation aborts with a message.
#include <fuzzer/FuzzedDataProvider.h>
#include <stddef.h>
#include <stdint.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "heap_model.h"

namespace {

// Choices drawn from the fuzzer's input; zeros once it is used up.
struct InputChooser {
  FuzzedDataProvider& input;
  uint32_t next() { return input.ConsumeIntegral<uint32_t>(); }
};

[[noreturn]] void fail(const tide_test::ShadowHeap& model, size_t step) {
  std::fprintf(stderr, "alloc_fuzz: step %zu: %s\n", step, model.error().c_str());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider input(data, size);
  tide::HeapPolicy policy = tide_test::test_policy();
  policy.granularity = input.ConsumeBool() ? 0 : size_t{16} << input.ConsumeIntegralInRange(0, 12);
  policy.min_grow = input.ConsumeIntegralInRange<size_t>(0, 64 * 1024);
  policy.trim_threshold = input.ConsumeIntegralInRange<size_t>(0, 256 * 1024);
  policy.top_pad = input.ConsumeIntegralInRange<size_t>(0, 64 * 1024);
  policy.poison = input.ConsumeBool() ? 1 : 0;
  policy.check = input.ConsumeIntegralInRange<uint8_t>(TIDE_CHECK_CHEAP, TIDE_CHECK_FULL);
  policy.adaptive_trim = input.ConsumeBool() ? 1 : 0;
  const size_t source_granularity =
      input.ConsumeBool() ? 0 : size_t{1} << input.ConsumeIntegralInRange(4, 14);

  // One buffer for every input (no page faults per run), junk-filled each time.
  alignas(tide_test::Arena::kAlignment) static unsigned char buffer[512 * 1024];
  std::memset(buffer, tide_test::kJunk, sizeof buffer);
  tide_test::TestHeap heap{tide_test::TestSource{buffer, sizeof buffer, source_granularity},
                           policy};
  tide_test::TestSource& source = heap.source();
  source.set_recording(false);
  tide_test::ShadowHeap model(heap, source);
  tide_test::OperationMix mix;
  mix.max_size = 16 * 1024;
  mix.target_live = 100;
  mix.foreign_budget = 16 * 1024;
  InputChooser choose{input};
  size_t step = 0;
  while (input.remaining_bytes() > 0 && step < 4096) {
    tide_test::run_operation(model, source, choose, mix);
    if (step % 8 == 7) model.verify(false);  // the model's own checks run every step
    if (!model.ok()) fail(model, step);
    ++step;
  }
  source.refuse_grow(false);
  source.refuse_shrink(false);
  model.verify(true);
  while (model.ok() && model.live() > 0)
    model.release(0);
  model.verify(false);
  if (!model.ok()) fail(model, step);
  return 0;
}
