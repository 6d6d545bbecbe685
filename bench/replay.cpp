// tide-replay: replays recorded malloc traces (trace/trace_format.h) against every
// allocator of this executable and prints one JSON object per allocator and trace:
//
//   time per call (mean, p99, max; all calls and by kind), peak footprint (bytes the
//   allocator holds from the system, sampled), peak live bytes (requested, exact),
//   fragmentation = peak footprint / peak live, the footprint when the trace ends,
//   and after every block still live has been freed (memory given back = peak - that).
//
//   tide-replay [--allocator NAME] [--option NAME=VALUE]... [--samples N]
//               [--series] TRACE...
//   tide-replay --list        the allocators this executable holds
//
// Each new block gets one byte written in every page (untimed), as a program would.
// --option sets a Tide policy flag (heap_policy.h: trim_threshold=16K, top_pad=0, ...)
// and applies to Tide's allocators only. --series adds the sampled footprint and live
// bytes over the run ([call index, footprint, live] triples) for plotting.
#include <array>
#include <cstdio>
#include <cstring>
#include <exception>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "allocators.h"
#include "cycle_clock.h"
#include "json_writer.h"
#include "trace/trace_reader.h"

namespace tide::bench {
namespace {

struct Options {
  std::string allocator;
  std::vector<std::pair<int, size_t>> policy;
  std::string policy_text;
  size_t samples = 1000;
  bool series = false;
  bool list = false;
  std::vector<std::string> traces;
};

// A Tide heap's footprint is its own; a peer's process-wide figure also counts this
// tool's bookkeeping, which is all allocated before the replay starts and subtracted.
// (Run one allocator per process, as scripts/bench.sh does, so that each starts cold.)
struct Footprint {
  size_t baseline = 0;
  template <class A>
  static Footprint before(A& allocator) {
    if constexpr (requires { allocator.stats(); }) {
      return {};
    } else {
      return {allocator.footprint()};
    }
  }
  template <class A>
  size_t now(A& allocator) const {
    const size_t bytes = allocator.footprint();
    return bytes > baseline ? bytes - baseline : 0;
  }
};

// Writes one byte in every page of a new block (outside the timed call), as the program
// would use it: resident-memory figures then count it, and no allocator gets credit for
// pages it hands out but nobody touches.
void touch_pages(void* block, uint64_t size) {
  auto* bytes = static_cast<volatile unsigned char*>(block);
  for (uint64_t offset = 0; offset < size; offset += 4096) bytes[offset] = 1;
}

template <class A>
std::string replay(A& allocator, const Trace& trace, const Options& options,
                   const CycleClock& clock) {
  BookVector<void*> blocks(trace.slot_count, nullptr);
  BookVector<uint64_t> sizes(trace.slot_count, 0);
  OpTimes all, allocations, frees, reallocs;
  all.reserve(trace.ops.size());
  allocations.reserve(trace.ops.size());
  frees.reserve(trace.ops.size());
  reallocs.reserve(trace.ops.size());
  BookVector<std::array<size_t, 3>> series;  // call index, footprint, live bytes
  series.reserve(options.samples + 2);
  const size_t stride = trace.ops.size() / options.samples + 1;
  const Footprint footprint = Footprint::before(allocator);
  size_t live = 0, peak_live = 0, sampled_peak_live = 0, peak_footprint = 0, failed = 0;

  for (size_t i = 0; i < trace.ops.size(); ++i) {
    const TraceOp& op = trace.ops[i];
    void* result = nullptr;
    const uint64_t start = read_cycles();
    switch (op.kind) {
      case TraceOp::kMalloc:
        result = allocator.allocate(op.size);
        break;
      case TraceOp::kCalloc:
        result = allocator.allocate_zeroed(1, op.size);
        break;
      case TraceOp::kAligned:
        result = allocator.allocate_aligned(op.alignment, op.size);
        break;
      case TraceOp::kRealloc:
        result = allocator.reallocate(blocks[op.old_slot], op.size);
        break;
      case TraceOp::kFree:
        allocator.deallocate(blocks[op.slot]);
        break;
    }
    const uint64_t end = read_cycles();
    all.add(start, end, clock);
    if (op.kind == TraceOp::kFree) {
      frees.add(start, end, clock);
      live -= sizes[op.slot];
      blocks[op.slot] = nullptr;
      sizes[op.slot] = 0;
    } else {
      (op.kind == TraceOp::kRealloc ? reallocs : allocations).add(start, end, clock);
      if (op.kind == TraceOp::kRealloc && result != nullptr) {
        live -= sizes[op.old_slot];
        blocks[op.old_slot] = nullptr;
        sizes[op.old_slot] = 0;
      }
      if (result == nullptr) {
        ++failed;
      } else {
        touch_pages(result, op.size);
        blocks[op.slot] = result;
        sizes[op.slot] = op.size;
        live += op.size;
      }
    }
    if (live > peak_live) peak_live = live;
    // Sample on a stride, and whenever the live bytes pass their last sampled peak by 0.2 %
    // (the footprint's peak is near the live peak; short-lived large blocks would
    // otherwise fall between samples).
    const bool new_peak = live > sampled_peak_live + sampled_peak_live / 500;
    if (new_peak) sampled_peak_live = live;
    if (new_peak || i % stride == 0 || i + 1 == trace.ops.size()) {
      const size_t bytes = footprint.now(allocator);
      if (bytes > peak_footprint) peak_footprint = bytes;
      if (options.series && (i % stride == 0 || i + 1 == trace.ops.size())) {
        series.push_back({i, bytes, live});
      }
    }
  }
  const size_t end_footprint = footprint.now(allocator);
  const size_t end_live = live;
  for (void* block : blocks) {
    if (block != nullptr) allocator.deallocate(block);
  }
  const size_t after_free_footprint = footprint.now(allocator);

  JsonObject out;
  out.text("allocator", A::kName).count("calls", trace.ops.size()).count("failed", failed);
  out.raw("time", all.json(clock)).raw("allocate", allocations.json(clock));
  out.raw("free", frees.json(clock)).raw("realloc", reallocs.json(clock));
  out.count("peak_footprint", peak_footprint).count("peak_live", peak_live);
  out.number(
      "fragmentation",
      peak_live == 0 ? 0.0 : static_cast<double>(peak_footprint) / static_cast<double>(peak_live));
  out.count("end_footprint", end_footprint).count("end_live", end_live);
  out.count("after_free_footprint", after_free_footprint);
  out.count("given_back",
            peak_footprint > after_free_footprint ? peak_footprint - after_free_footprint : 0);
  if constexpr (requires { allocator.stats(); }) {
    const HeapStats stats = allocator.stats();
    out.count("exact_peak_footprint", stats.peak_arena_bytes);
    out.count("grow_count", stats.grow_count).count("shrink_count", stats.shrink_count);
  }
  if (options.series) {
    std::vector<std::string> points;
    for (const auto& [call, bytes, live_bytes] : series) {
      std::ostringstream point;
      point << '[' << call << ',' << bytes << ',' << live_bytes << ']';
      points.push_back(point.str());
    }
    out.raw("series", json_array(points));
  }
  return out.str();
}

bool parse_options(int argc, char** argv, Options& options) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const bool has_value = i + 1 < argc;
    if (arg == "--allocator" && has_value) {
      options.allocator = argv[++i];
    } else if (arg == "--samples" && has_value) {
      options.samples = std::strtoull(argv[++i], nullptr, 10) + 1;
    } else if (arg == "--list") {
      options.list = true;
    } else if (arg == "--series") {
      options.series = true;
    } else if (arg == "--option" && has_value) {
      const std::string text = argv[++i];
      const size_t equals = text.find('=');
      const HeapOptionInfo* found = nullptr;
      for (const HeapOptionInfo& info : kHeapOptions) {
        if (text.compare(0, equals, info.name) == 0 && std::strlen(info.name) == equals) {
          found = &info;
        }
      }
      size_t value = 0;
      if (equals == std::string::npos || found == nullptr ||
          !parse_option_value(*found, text.c_str() + equals + 1, &value)) {
        std::fprintf(stderr, "tide-replay: bad option %s\n", text.c_str());
        return false;
      }
      options.policy.emplace_back(found->option, value);
      if (!options.policy_text.empty()) options.policy_text.push_back(' ');
      options.policy_text.append(text);
    } else if (arg.rfind("--", 0) == 0) {
      return false;
    } else {
      options.traces.push_back(arg);
    }
  }
  return options.list || !options.traces.empty();
}

}  // namespace
}  // namespace tide::bench

int main(int argc, char** argv) {
  using namespace tide::bench;
  Options options;
  if (!parse_options(argc, argv, options)) {
    std::fprintf(stderr,
                 "usage: %s [--allocator NAME] [--option NAME=VALUE]... [--samples N] "
                 "[--series] TRACE...\n",
                 argv[0]);
    return 2;
  }
  if (options.list) {
    for_each_allocator([]<class A>() { std::printf("%s\n", A::kName); });
    return 0;
  }
  const CycleClock clock = CycleClock::calibrate();
  std::vector<std::string> results;
  try {
    for (const std::string& path : options.traces) {
      const Trace trace = read_trace(path);
      std::fprintf(stderr, "replay: %s (%zu calls, %zu dropped):", path.c_str(), trace.ops.size(),
                   trace.dropped);
      for_each_allocator([&]<class A>() {
        if (!options.allocator.empty() && options.allocator != A::kName) return;
        std::fprintf(stderr, " %s", A::kName);
        A allocator;
        for (const auto& [option, value] : options.policy) {
          if (!allocator.set_option(option, value) && std::string(A::kName).rfind("tide", 0) == 0) {
            throw std::runtime_error(std::string("policy refused: ").append(options.policy_text));
          }
        }
        JsonObject result;
        result.text("trace", path).text("policy", options.policy_text);
        result.raw("result", replay(allocator, trace, options, clock));
        results.push_back(result.str());
      });
      std::fprintf(stderr, "\n");
    }
  } catch (const std::exception& error) {
    std::fprintf(stderr, "tide-replay: %s\n", error.what());
    return 1;
  }
  JsonObject out;
  out.text("tool", "replay").number("ticks_per_ns", clock.ticks_per_ns);
  out.raw("runs", json_array(results));
  std::printf("%s\n", out.str().c_str());
  return 0;
}
