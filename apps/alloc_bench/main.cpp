// alloc_bench: the published on-board allocator workload, measured in instructions.
//
// xorshift32 from seed 2463534242, 20,000 operations, one draw each: allocate when no
// block is live or when fewer than 200 are and the draw is odd, with a size uniform in
// 16..1024 B; otherwise free a live block chosen by the draw (the same churn as bench/'s
// host benchmark). Then cost growth: the heap pre-filled to 20, 200 and 2,000 live blocks
// of 16..48 B (small, so that 2,000 fit in an app's RAM slot), then 1,000 rounds of
// freeing a random live block and allocating a new one.
//
// Each malloc and free is bracketed by reads of the board's instruction counter
// (tide/runtime/counter.h), less the cost of the reads themselves, and by the trace
// markers of bench_heap.h. A span in which the heap moves the break counts the sbrk
// system call and the kernel's work too (the kernel zeroes memory a process gains), so
// those calls are reported apart. Prints mean and max per operation, the peak footprint
// (break above the heap start), the peak live bytes and what the heap gave back once
// every block was freed. Boards without a counter print the memory figures only.
//
// The allocator is chosen at build time (bench_heap.h): Tide, or a peer's malloc.
#include "app_check.h"
#include "bench_heap.h"
#include "tide/runtime/counter.h"

namespace {

constexpr uint32_t kSeed = 2463534242u;
constexpr int kOperations = 20000;
constexpr uint32_t kMaxLive = 200;
constexpr uint32_t kMinSize = 16;
constexpr uint32_t kSizeSpan = 1009;  // sizes 16..1024
constexpr uint32_t kGrowthLevels[] = {20, 200, 2000};
constexpr uint32_t kGrowthMaxLive = 2000;
constexpr uint32_t kGrowthMinSize = 16;
constexpr uint32_t kGrowthSizeSpan = 33;  // sizes 16..48
constexpr int kGrowthRounds = 1000;

struct Live {
  void* pointer;
  uint32_t size;
};
Live live[kMaxLive];
void* growth_live[kGrowthMaxLive];

// What the markers write: distinct values keep the functions distinct (never folded).
volatile uint32_t marker_sink;

struct Cost {
  uint64_t total = 0;
  uint64_t max = 0;
  uint32_t count = 0;

  void add(uint64_t value) {
    total += value;
    max = value > max ? value : max;
    ++count;
  }
  // "what" alone, or "what@level" for a cost-growth level.
  void print(const char* what, uint32_t level = 0) const {
    const uint64_t tenths = count ? (total * 10 + count / 2) / count : 0;
    if (level != 0)
      printf("%s@%-4u", what, static_cast<unsigned>(level));
    else
      printf("%-11s", what);
    printf(" %5u calls  mean %u.%u  max %u\n", static_cast<unsigned>(count),
           static_cast<unsigned>(tenths / 10), static_cast<unsigned>(tenths % 10),
           static_cast<unsigned>(max));
  }
};

uint32_t next(uint32_t& state) {
  state ^= state << 13;
  state ^= state >> 17;
  state ^= state << 5;
  return state;
}

// Where the break is now, above the heap's start.
uint32_t break_offset() {
  return static_cast<uint32_t>(tide::rt::current_break() - tide::rt::startup_info().heap_start);
}

// The byte each block starts with while it is allocated: another block handed out over
// it would change it (outside the counted calls, so the counts do not see it).
uint8_t tag(const void* pointer) {
  return static_cast<uint8_t>((reinterpret_cast<uintptr_t>(pointer) >> 3) ^ 0x5a);
}

// One phase's measurements.
struct Meter {
  uint64_t overhead = 0;
  uint32_t peak_break = 0;
  Cost malloc_cost;
  Cost free_cost;
  Cost moving_cost;  // the calls of either kind that moved the break

  void* allocate(uint32_t size) {
    const uint32_t before = break_offset();
    tide_bench_mark_malloc();
    const uint64_t start = tide::rt::instructions_retired();
    void* pointer = BENCH_MALLOC(size);
    const uint64_t end = tide::rt::instructions_retired();
    tide_bench_mark_end();
    account(malloc_cost, before, end - start);
    APP_CHECK(pointer != nullptr);
    *static_cast<uint8_t*>(pointer) = tag(pointer);  // read back before the free
    return pointer;
  }
  void release(void* pointer) {
    APP_CHECK(*static_cast<uint8_t*>(pointer) == tag(pointer));  // no block overlapped it
    const uint32_t before = break_offset();
    tide_bench_mark_free();
    const uint64_t start = tide::rt::instructions_retired();
    BENCH_FREE(pointer);
    const uint64_t end = tide::rt::instructions_retired();
    tide_bench_mark_end();
    account(free_cost, before, end - start);
  }
  void account(Cost& cost, uint32_t before, uint64_t span) {
    const uint32_t after = break_offset();
    peak_break = after > peak_break ? after : peak_break;
    if (after != before) tide_bench_mark_moved();
    (after == before ? cost : moving_cost).add(span - overhead);
  }
};

// The counter's own cost: the smallest difference of two back-to-back reads (also the
// calibration spans the trace counter subtracts).
uint64_t read_overhead() {
  uint64_t best = ~uint64_t{0};
  for (int i = 0; i < 8; ++i) {
    tide_bench_mark_calibrate();
    const uint64_t start = tide::rt::instructions_retired();
    const uint64_t cost = tide::rt::instructions_retired() - start;
    tide_bench_mark_end();
    best = cost < best ? cost : best;
  }
  return best;
}

void print_fixed2(uint32_t numerator, uint32_t denominator) {
  const uint32_t hundredths =
      static_cast<uint32_t>((uint64_t{numerator} * 100 + denominator / 2) / denominator);
  printf("%u.%02u", static_cast<unsigned>(hundredths / 100),
         static_cast<unsigned>(hundredths % 100));
}

void run_workload(Meter& meter, uint32_t& peak_live_bytes) {
  uint32_t state = kSeed;
  uint32_t live_count = 0;
  uint32_t live_bytes = 0;
  for (int op = 0; op < kOperations; ++op) {
    const uint32_t r = next(state);
    if (live_count == 0 || (live_count < kMaxLive && (r & 1) != 0)) {
      const uint32_t size = kMinSize + (r >> 1) % kSizeSpan;
      live[live_count++] = {meter.allocate(size), size};
      live_bytes += size;
      peak_live_bytes = live_bytes > peak_live_bytes ? live_bytes : peak_live_bytes;
    } else {
      const uint32_t index = (r >> 1) % live_count;
      meter.release(live[index].pointer);
      live_bytes -= live[index].size;
      live[index] = live[--live_count];
    }
  }
  for (uint32_t i = 0; i < live_count; ++i)
    BENCH_FREE(live[i].pointer);
}

// Pre-fills `level` blocks (not measured), then measures rounds of free + malloc.
void run_growth(uint32_t level, uint32_t& state, Meter& meter) {
  for (uint32_t i = 0; i < level; ++i) {
    growth_live[i] = BENCH_MALLOC(kGrowthMinSize + next(state) % kGrowthSizeSpan);
    APP_CHECK(growth_live[i] != nullptr);
    *static_cast<uint8_t*>(growth_live[i]) = tag(growth_live[i]);  // meter.release checks it
  }
  for (int round = 0; round < kGrowthRounds; ++round) {
    const uint32_t index = next(state) % level;
    meter.release(growth_live[index]);
    growth_live[index] = meter.allocate(kGrowthMinSize + next(state) % kGrowthSizeSpan);
  }
  for (uint32_t i = 0; i < level; ++i)
    BENCH_FREE(growth_live[i]);
}

}  // namespace

extern "C" {
__attribute__((noinline)) void tide_bench_mark_malloc() {
  marker_sink = 1;
}
__attribute__((noinline)) void tide_bench_mark_free() {
  marker_sink = 2;
}
__attribute__((noinline)) void tide_bench_mark_calibrate() {
  marker_sink = 3;
}
__attribute__((noinline)) void tide_bench_mark_end() {
  marker_sink = 4;
}
__attribute__((noinline)) void tide_bench_mark_moved() {
  marker_sink = 5;
}
__attribute__((noinline)) void tide_bench_mark_phase() {
  marker_sink = 6;
}
}

int main() {
  const bool counting = tide::rt::instruction_counter_available();
  const uint64_t overhead = read_overhead();
  printf("allocator: %s\n", bench::heap_name());
  printf("workload: xorshift32 seed %u, %d operations, sizes %u..%u B, at most %u live\n",
         static_cast<unsigned>(kSeed), kOperations, static_cast<unsigned>(kMinSize),
         static_cast<unsigned>(kMinSize + kSizeSpan - 1), static_cast<unsigned>(kMaxLive));
  tide_bench_mark_phase();
  Meter meter;
  meter.overhead = overhead;
  uint32_t peak_live_bytes = 0;
  run_workload(meter, peak_live_bytes);
  const uint32_t after_free = break_offset();
  if (counting) {
    printf(
        "instructions per call (counter read cost %u subtracted; sbrk: the calls that"
        " moved the break):\n",
        static_cast<unsigned>(overhead));
    meter.malloc_cost.print("malloc");
    meter.free_cost.print("free");
    meter.moving_cost.print("sbrk");
  } else {
    printf("instruction counter: none on this board (%u calls moved the break)\n",
           static_cast<unsigned>(meter.moving_cost.count));
  }
  printf("footprint: peak %u B above the heap start; peak live %u B requested; ratio ",
         static_cast<unsigned>(meter.peak_break), static_cast<unsigned>(peak_live_bytes));
  print_fixed2(meter.peak_break, peak_live_bytes);
  printf("\nfootprint after every block was freed: %u B (%u B given back)\n",
         static_cast<unsigned>(after_free), static_cast<unsigned>(meter.peak_break - after_free));

  uint32_t state = kSeed;
  for (const uint32_t level : kGrowthLevels) {
    tide_bench_mark_phase();
    Meter growth;
    growth.overhead = overhead;
    run_growth(level, state, growth);
    if (!counting) continue;
    growth.malloc_cost.print("malloc", level);
    growth.free_cost.print("free", level);
  }
  printf(
      "growth: pre-filled to 20, 200, 2000 live blocks of %u..%u B, %d rounds of free"
      " + malloc each\n",
      static_cast<unsigned>(kGrowthMinSize),
      static_cast<unsigned>(kGrowthMinSize + kGrowthSizeSpan - 1), kGrowthRounds);
  APP_CHECK(bench::heap_sound());
  printf("alloc_bench: PASS\n");
  return 0;
}
