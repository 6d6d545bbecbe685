// libFuzzer harness: the minimal profile against a full-featured twin. The input is a
// policy and a sequence of operations (malloc, calloc, realloc, free, trim, a source that
// refuses to grow); both heaps run it, each over its own copy of the same source. The twin
// is the full profile without the two features that change where blocks go (realloc in
// place, span adoption; with them the heaps would legitimately differ), so both must
// return the same results: the same block offsets, the same NULLs, the same break after
// every operation, and every live block keeps its contents. The twin also checks its own
// integrity (full walk) after every few operations. Any difference aborts with a message.
#include <fuzzer/FuzzedDataProvider.h>
#include <stddef.h>
#include <stdint.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "test_source.h"
#include "tide/heap.h"

namespace {

using tide_test::Arena;
using tide_test::TestSource;

constexpr size_t kCapacity = 256 * 1024;

// The policy is compiled into the minimal profile, so each policy is an instantiation:
// a few fixed ones, chosen by the input.
constexpr tide::HeapPolicy policy_number(unsigned which) {
  tide::HeapPolicy policy = tide::kMinimalConfig.policy;
  policy.trim = 1;
  policy.max_heap = 0;
  policy.poison = 0;
  policy.adaptive_trim = 0;
  policy.check = TIDE_CHECK_OFF;
  switch (which) {
    case 0:  // the boards' defaults
      policy.granularity = 0;
      policy.min_grow = 256;
      policy.trim_threshold = 2048;
      policy.top_pad = 256;
      break;
    case 1:  // exact: every byte back at once
      policy.granularity = 0;
      policy.min_grow = 0;
      policy.trim_threshold = 0;
      policy.top_pad = 0;
      break;
    default:  // page steps, lazy trimming
      policy.granularity = 4096;
      policy.min_grow = 16384;
      policy.trim_threshold = 32768;
      policy.top_pad = 4096;
      break;
  }
  return policy;
}

constexpr tide::HeapConfig minimal_config(unsigned which) {
  tide::HeapConfig config = tide::kMinimalConfig;
  config.policy = policy_number(which);
  config.max_block_log2 = 20;
  return config;
}

constexpr tide::HeapConfig twin_config(unsigned which) {
  tide::HeapConfig config = tide::kFullConfig;
  config.features.realloc_in_place = 0;
  config.features.span_adoption = 0;
  config.policy = policy_number(which);
  config.policy.check = TIDE_CHECK_CHEAP;
  config.max_block_log2 = 20;
  return config;
}

struct Live {
  size_t minimal_offset;
  size_t size;
  uint8_t fill;
};

[[noreturn]] void fail(size_t step, const char* what) {
  std::fprintf(stderr, "alloc_diff_fuzz: step %zu: %s\n", step, what);
  std::abort();
}

bool holds(const unsigned char* at, size_t size, uint8_t fill) {
  for (size_t i = 0; i < size; ++i) {
    if (at[i] != fill) return false;
  }
  return true;
}

template <unsigned kWhich>
void run(FuzzedDataProvider& input) {
  using Minimal = tide::Heap<TestSource, tide::NoLock, minimal_config(kWhich)>;
  using Twin = tide::Heap<TestSource, tide::NoLock, twin_config(kWhich)>;
  static Arena minimal_arena(kCapacity);
  static Arena twin_arena(kCapacity);
  std::memset(minimal_arena.data(), tide_test::kJunk, kCapacity);
  std::memset(twin_arena.data(), tide_test::kJunk, kCapacity);
  const size_t granularity =
      input.ConsumeBool() ? 0 : size_t{1} << input.ConsumeIntegralInRange(4, 12);
  Minimal minimal{TestSource(minimal_arena.data(), kCapacity, granularity)};
  Twin twin{TestSource(twin_arena.data(), kCapacity, granularity)};
  minimal.source().set_recording(false);
  twin.source().set_recording(false);
  const uintptr_t minimal_base = minimal.source().base();
  const uintptr_t twin_base = twin.source().base();
  std::vector<Live> live;

  auto minimal_at = [&](size_t offset) {
    return reinterpret_cast<unsigned char*>(minimal_base + offset);
  };
  auto twin_at = [&](size_t offset) {
    return reinterpret_cast<unsigned char*>(twin_base + offset);
  };
  // Both results the same: both NULL, or the same offset into their sources.
  auto same = [&](size_t step, void* a, void* b) {
    if ((a == nullptr) != (b == nullptr)) fail(step, "one heap returned NULL, the other did not");
    if (a != nullptr && reinterpret_cast<uintptr_t>(a) - minimal_base !=
                            reinterpret_cast<uintptr_t>(b) - twin_base) {
      fail(step, "the heaps placed a block at different offsets");
    }
    return a != nullptr;
  };
  auto adopt = [&](void* block, size_t size, uint8_t fill) {
    const size_t offset = reinterpret_cast<uintptr_t>(block) - minimal_base;
    std::memset(minimal_at(offset), fill, size);
    std::memset(twin_at(offset), fill, size);
    live.push_back({offset, size, fill});
  };
  auto intact = [&](size_t step, const Live& block) {
    if (!holds(minimal_at(block.minimal_offset), block.size, block.fill)) {
      fail(step, "the minimal heap changed a live block");
    }
    if (!holds(twin_at(block.minimal_offset), block.size, block.fill)) {
      fail(step, "the twin changed a live block");
    }
  };

  for (size_t step = 0; input.remaining_bytes() > 0 && step < 2048; ++step) {
    const uint8_t fill = static_cast<uint8_t>(step * 7 + 1);
    switch (input.ConsumeIntegralInRange(0, 9)) {
      case 0:
      case 1:
      case 2: {
        const size_t size = input.ConsumeIntegralInRange<size_t>(0, 20000);
        void* a = minimal.allocate(size);
        if (same(step, a, twin.allocate(size))) adopt(a, size, fill);
        break;
      }
      case 3: {
        const size_t count = input.ConsumeIntegralInRange<size_t>(0, 64);
        const size_t each = input.ConsumeIntegralInRange<size_t>(0, 512);
        auto* a = static_cast<unsigned char*>(minimal.allocate_zeroed(count, each));
        auto* b = static_cast<unsigned char*>(twin.allocate_zeroed(count, each));
        if (!same(step, a, b)) break;
        if (!holds(a, count * each, 0) || !holds(b, count * each, 0))
          fail(step, "calloc memory is not zero");
        adopt(a, count * each, fill);
        break;
      }
      case 4:
      case 5: {
        if (live.empty()) break;
        const size_t index = input.ConsumeIntegralInRange<size_t>(0, live.size() - 1);
        const Live block = live[index];
        intact(step, block);
        const size_t size = input.ConsumeIntegralInRange<size_t>(0, 20000);
        void* a = minimal.reallocate(minimal_at(block.minimal_offset), size);
        void* b = twin.reallocate(twin_at(block.minimal_offset), size);
        if (!same(step, a, b)) {
          if (size == 0)
            live.erase(live.begin() + static_cast<ptrdiff_t>(index));  // freed
          else
            intact(step, block);  // a failed realloc leaves the block as it was
          break;
        }
        const size_t kept = block.size < size ? block.size : size;
        const size_t offset = reinterpret_cast<uintptr_t>(a) - minimal_base;
        if (!holds(minimal_at(offset), kept, block.fill) ||
            !holds(twin_at(offset), kept, block.fill)) {
          fail(step, "realloc lost the contents");
        }
        live.erase(live.begin() + static_cast<ptrdiff_t>(index));
        adopt(a, size, fill);
        break;
      }
      case 6:
      case 7:
      case 8: {
        if (live.empty()) break;
        const size_t index = input.ConsumeIntegralInRange<size_t>(0, live.size() - 1);
        intact(step, live[index]);
        minimal.deallocate(minimal_at(live[index].minimal_offset));
        twin.deallocate(twin_at(live[index].minimal_offset));
        live.erase(live.begin() + static_cast<ptrdiff_t>(index));
        break;
      }
      default: {
        if (input.ConsumeBool()) {
          const size_t pad = input.ConsumeIntegralInRange<size_t>(0, 8192);
          if (minimal.trim(pad) != twin.trim(pad)) fail(step, "trim gave back different amounts");
        } else {
          const bool refuse = input.ConsumeBool();
          minimal.source().refuse_grow(refuse);
          twin.source().refuse_grow(refuse);
        }
        break;
      }
    }
    if (minimal.source().used() != twin.source().used()) fail(step, "the breaks differ");
    if (step % 16 == 15 && !twin.check()) fail(step, "the twin's integrity check failed");
  }
  for (const Live& block : live) {
    intact(SIZE_MAX, block);
    minimal.deallocate(minimal_at(block.minimal_offset));
    twin.deallocate(twin_at(block.minimal_offset));
  }
  if (minimal.source().used() != twin.source().used())
    fail(SIZE_MAX, "the breaks differ at the end");
  if (!twin.check()) fail(SIZE_MAX, "the twin's integrity check failed at the end");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider input(data, size);
  switch (input.ConsumeIntegralInRange(0, 2)) {
    case 0:
      run<0>(input);
      break;
    case 1:
      run<1>(input);
      break;
    default:
      run<2>(input);
      break;
  }
  return 0;
}
