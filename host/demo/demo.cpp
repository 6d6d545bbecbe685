// tide-demo: Tide's heap rising and falling with the process's real program break.
//
// Tide is this whole process's malloc (tide::alloc_std_names), so the break moves only
// when Tide moves it. Each phase does some allocating or freeing and then prints where
// the break is, how big the heap is, and the counters from tide_stats().
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <vector>

#include "tide/host/pthread_lock.h"
#include "tide/malloc.h"

namespace {

uintptr_t start_break = 0;

uintptr_t current_break() {
  return reinterpret_cast<uintptr_t>(sbrk(0));
}

// "12.3 MiB", "640 KiB", "512 B" (with a sign when asked).
const char* human(double bytes, char (&text)[32], bool sign = false) {
  const char* units[] = {"B", "KiB", "MiB", "GiB"};
  double magnitude = bytes < 0 ? -bytes : bytes;
  int unit = 0;
  while (magnitude >= 1024 && unit < 3) {
    magnitude /= 1024;
    ++unit;
  }
  const char* prefix = sign ? (bytes < 0 ? "-" : "+") : (bytes < 0 ? "-" : "");
  snprintf(text, sizeof text, unit == 0 ? "%s%.0f %s" : "%s%.1f %s", prefix, magnitude,
           units[unit]);
  return text;
}

void phase(const char* title, const char* explanation) {
  printf("\n== %s\n   %s\n", title, explanation);
}

void show() {
  tide_heap_stats stats{};
  tide_stats(&stats);
  const uintptr_t now = current_break();
  char a[32], b[32], c[32], d[32];
  printf("   break       %#lx  (%s since start)\n", static_cast<unsigned long>(now),
         human(static_cast<double>(now) - static_cast<double>(start_break), a, true));
  printf("   footprint   %s   in use %s in %zu blocks   free %s in %zu blocks\n",
         human(static_cast<double>(stats.arena_bytes), a),
         human(static_cast<double>(stats.in_use_bytes), b), stats.allocated_blocks,
         human(static_cast<double>(stats.free_bytes), c), stats.free_blocks);
  printf("   releasable  %s   largest free %s   fragmentation %u/1000\n",
         human(static_cast<double>(stats.releasable_bytes), a),
         human(static_cast<double>(stats.largest_free_block), b), stats.fragmentation_permille);
  printf("   break moves up %zu, down %zu (%s given back)   peak footprint %s\n", stats.grow_count,
         stats.shrink_count, human(static_cast<double>(stats.bytes_given_back), c),
         human(static_cast<double>(stats.peak_arena_bytes), d));
}

// Sizes 64 B .. 8 KiB from a fixed xorshift sequence: the same run every time.
size_t next_size() {
  static uint32_t state = 2463534242u;
  state ^= state << 13;
  state ^= state >> 17;
  state ^= state << 5;
  return 64 + state % (8192 - 64);
}

void allocate(std::vector<void*>& blocks, size_t count) {
  for (size_t i = 0; i < count; ++i) {
    void* block = malloc(next_size());
    if (block == nullptr) {
      fprintf(stderr, "tide-demo: out of memory after %zu blocks\n", i);
      exit(1);
    }
    blocks.push_back(block);
  }
}

}  // namespace

int main() {
  tide::host::install_global_heap_lock();
  tide_heap_policy policy{};
  tide_get_policy(&policy);
  char a[32], b[32], c[32];
  printf(
      "Tide host demo: the heap grows the program break with sbrk(2) and gives memory\n"
      "back when the free top exceeds the trim threshold (%s), keeping a pad of %s;\n"
      "the break moves in steps of at least %s.\n",
      human(static_cast<double>(policy.trim_threshold), a),
      human(static_cast<double>(policy.top_pad), b),
      human(static_cast<double>(policy.min_grow), c));

  std::vector<void*> blocks;
  blocks.reserve(6000);
  start_break = current_break();
  phase("0. start",
        "Already allocated: the C++ runtime's reserve, the stdout buffer, and the vector\n"
        "   that will record the demo's blocks.");
  show();

  allocate(blocks, 4000);
  phase("1. grow: allocate 4000 blocks of 64 B .. 8 KiB",
        "No free block fits, so the heap moves the break up, merging each step into its top.");
  show();

  const size_t kept = 400;
  while (blocks.size() > kept) {
    free(blocks.back());
    blocks.pop_back();
  }
  phase("2. free most: free the newest 3600 blocks, keep the oldest 400",
        "Freed blocks merge into one free top; above the trim threshold it goes back to\n"
        "   the kernel: the break falls, and only the top pad stays above the last block.");
  show();

  for (size_t i = 0; i < blocks.size(); i += 2) {
    free(blocks[i]);
    blocks[i] = nullptr;
  }
  phase("3. free every other kept block",
        "Holes between live blocks cannot be given back: the break moves only at the top.\n"
        "   The holes stay in the free lists for the next requests (see fragmentation).");
  show();

  const size_t returned = tide_trim(0);
  phase("4. explicit tide_trim(0)", "An explicit trim also gives back the pad kept above the top.");
  printf("   tide_trim(0) gave back %s\n", human(static_cast<double>(returned), a));
  show();

  allocate(blocks, 2000);
  phase("5. grow again: allocate 2000 more blocks",
        "Small requests fill the holes first; the rest grows the break again.");
  show();

  for (void* block : blocks)
    free(block);
  blocks.clear();
  blocks.shrink_to_fit();
  phase("6. free everything",
        "The blocks merge into one free top again; each time it passes the trim threshold\n"
        "   it goes back, so the break ends close to where it started.");
  show();
  return 0;
}
