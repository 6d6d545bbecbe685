// alloc_bench: the published on-board allocator workload, measured in instructions.
//
// xorshift32 from seed 2463534242, 20,000 operations, one draw each: allocate when no
// block is live or when fewer than 200 are and the draw is odd, with a size uniform in
// 16..1024 B; otherwise free a live block chosen by the draw (the same churn as bench/'s
// host benchmark). Each malloc and free is bracketed by reads of the board's instruction
// counter (tide/runtime/counter.h), less the cost of the reads themselves; a span in
// which the heap moves the break counts the sbrk system call and the kernel's work too
// (the kernel zeroes memory a process gains), so those calls are also reported apart.
// Prints mean and max per operation, the peak footprint and the peak live bytes. Boards
// without a counter print the memory figures only.
#include "app_check.h"
#include "tide/runtime/counter.h"

namespace {

constexpr uint32_t kSeed = 2463534242u;
constexpr int kOperations = 20000;
constexpr uint32_t kMaxLive = 200;
constexpr uint32_t kMinSize = 16;
constexpr uint32_t kSizeSpan = 1009;  // sizes 16..1024

struct Live {
  void* pointer;
  uint32_t size;
};
Live live[kMaxLive];

struct Cost {
  uint64_t total = 0;
  uint64_t max = 0;
  uint32_t count = 0;

  void add(uint64_t value) {
    total += value;
    max = value > max ? value : max;
    ++count;
  }
  void print(const char* what) const {
    const uint64_t tenths = count ? (total * 10 + count / 2) / count : 0;
    printf("%-6s %5u calls  mean %u.%u  max %u\n", what, static_cast<unsigned>(count),
           static_cast<unsigned>(tenths / 10), static_cast<unsigned>(tenths % 10),
           static_cast<unsigned>(max));
  }
};

// How often the heap has moved the break so far.
size_t break_moves() {
  tide_heap_stats stats;
  tide_stats(&stats);
  return stats.grow_count + stats.shrink_count;
}

uint32_t next(uint32_t& state) {
  state ^= state << 13;
  state ^= state >> 17;
  state ^= state << 5;
  return state;
}

// The counter's own cost: the smallest difference of two back-to-back reads.
uint64_t read_overhead() {
  uint64_t best = ~uint64_t{0};
  for (int i = 0; i < 8; ++i) {
    const uint64_t start = tide::rt::instructions_retired();
    const uint64_t cost = tide::rt::instructions_retired() - start;
    best = cost < best ? cost : best;
  }
  return best;
}

}  // namespace

int main() {
  const bool counting = tide::rt::instruction_counter_available();
  const uint64_t overhead = counting ? read_overhead() : 0;
  printf("workload: xorshift32 seed %u, %d operations, sizes %u..%u B, at most %u live\n",
         static_cast<unsigned>(kSeed), kOperations, static_cast<unsigned>(kMinSize),
         static_cast<unsigned>(kMinSize + kSizeSpan - 1), static_cast<unsigned>(kMaxLive));
  Cost malloc_cost;
  Cost free_cost;
  Cost moving_cost;  // the calls of either kind that moved the break
  uint32_t state = kSeed;
  uint32_t live_count = 0;
  uint32_t live_bytes = 0;
  uint32_t peak_live_bytes = 0;
  for (int op = 0; op < kOperations; ++op) {
    const uint32_t r = next(state);
    if (live_count == 0 || (live_count < kMaxLive && (r & 1) != 0)) {
      const uint32_t size = kMinSize + (r >> 1) % kSizeSpan;
      const size_t moves = break_moves();
      const uint64_t start = tide::rt::instructions_retired();
      void* pointer = tide_malloc(size);
      const uint64_t end = tide::rt::instructions_retired();
      APP_CHECK(pointer != nullptr);
      (break_moves() == moves ? malloc_cost : moving_cost).add(end - start - overhead);
      live[live_count++] = {pointer, size};
      live_bytes += size;
      peak_live_bytes = live_bytes > peak_live_bytes ? live_bytes : peak_live_bytes;
    } else {
      const uint32_t index = (r >> 1) % live_count;
      const Live block = live[index];
      const size_t moves = break_moves();
      const uint64_t start = tide::rt::instructions_retired();
      tide_free(block.pointer);
      const uint64_t end = tide::rt::instructions_retired();
      (break_moves() == moves ? free_cost : moving_cost).add(end - start - overhead);
      live[index] = live[--live_count];
      live_bytes -= block.size;
    }
  }
  if (counting) {
    printf(
        "instructions per call (counter read cost %u subtracted; sbrk: the calls that"
        " moved the break):\n",
        static_cast<unsigned>(overhead));
    malloc_cost.print("malloc");
    free_cost.print("free");
    moving_cost.print("sbrk");
  } else {
    printf("instruction counter: none on this board (%u calls moved the break)\n",
           static_cast<unsigned>(moving_cost.count));
  }
  tide_heap_stats stats;
  tide_stats(&stats);
  printf(
      "footprint: peak %u B above the heap start (peak break %p); peak live %u B requested,"
      " %u B in blocks\n",
      static_cast<unsigned>(stats.peak_arena_bytes),
      app::ptr(tide::rt::startup_info().heap_start + stats.peak_arena_bytes),
      static_cast<unsigned>(peak_live_bytes), static_cast<unsigned>(stats.peak_in_use_bytes));
  for (uint32_t i = 0; i < live_count; ++i)
    tide_free(live[i].pointer);
  APP_CHECK(tide_check(nullptr) == 1);
  printf("alloc_bench: PASS\n");
  return 0;
}
