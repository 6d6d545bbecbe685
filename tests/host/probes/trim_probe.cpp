// Runs under LD_PRELOAD=libtide_malloc.so (it links nothing of Tide; it finds Tide's
// C API with dlsym). Allocates a lot, frees most, and checks the real program break:
//
//   trim_probe trim     the break must fall back after the free-most phase
//   trim_probe keep     the break must stay where the growth left it (TIDE_TRIM=off)
//   trim_probe policy   prints the global heap's policy (for the environment tests)
//
// Prints the figures it saw on stdout; on a failed expectation prints why and exits 1.
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <algorithm>
#include <random>
#include <vector>

#include "tide/heap_types.h"

namespace {

int failures = 0;

void expect(bool ok, const char* what) {
  if (ok) return;
  printf("FAILED: %s\n", what);
  ++failures;
}

template <class F>
F* find(const char* name) {
  void* symbol = dlsym(RTLD_DEFAULT, name);
  if (symbol == nullptr) {
    printf("FAILED: %s not found: not running under libtide_malloc.so\n", name);
    exit(2);
  }
  return reinterpret_cast<F*>(symbol);
}

uintptr_t brk_now() {
  return reinterpret_cast<uintptr_t>(sbrk(0));
}

int print_policy() {
  auto* get_policy = find<void(tide_heap_policy*)>("tide_get_policy");
  tide_heap_policy policy{};
  get_policy(&policy);
  printf(
      "granularity=%zu min_grow=%zu trim=%u trim_threshold=%zu top_pad=%zu max_heap=%zu "
      "poison=%u check=%u\n",
      policy.granularity, policy.min_grow, policy.trim, policy.trim_threshold, policy.top_pad,
      policy.max_heap, policy.poison, policy.check);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const char* mode = argc > 1 ? argv[1] : "trim";
  if (strcmp(mode, "policy") == 0) return print_policy();
  const bool trim = strcmp(mode, "keep") != 0;
  auto* stats_of = find<void(tide_heap_stats*)>("tide_stats");
  auto* check = find<int(tide_heap_error*)>("tide_check");

  // 64 MiB in blocks of 32 B .. 64 KiB, allocated in order, freed in random order except
  // for the oldest 5 %: the free-most phase leaves a free top of about 60 MiB. The probe's
  // own bookkeeping is allocated first, so that none of it sits above the blocks.
  std::vector<void*> blocks;
  std::vector<size_t> sizes;
  std::vector<size_t> order;
  blocks.reserve(8192);
  sizes.reserve(8192);
  order.reserve(8192);
  std::mt19937 random(7);
  tide_heap_stats before{};
  stats_of(&before);
  const uintptr_t start = brk_now();
  size_t total = 0;
  while (total < (64u << 20)) {
    const size_t size = 32 + random() % (64 << 10);
    void* block = malloc(size);
    if (block == nullptr) {
      printf("FAILED: malloc(%zu)\n", size);
      return 1;
    }
    memset(block, static_cast<int>(blocks.size() & 0xff), size);
    blocks.push_back(block);
    sizes.push_back(size);
    total += size;
  }
  const uintptr_t grown = brk_now();
  tide_heap_stats full{};
  stats_of(&full);

  const size_t kept = blocks.size() / 20;
  for (size_t i = kept; i < blocks.size(); ++i)
    order.push_back(i);
  std::shuffle(order.begin(), order.end(), random);
  size_t kept_bytes = 0;
  for (size_t i = 0; i < kept; ++i)
    kept_bytes += sizes[i];
  for (size_t index : order)
    free(blocks[index]);
  const uintptr_t after = brk_now();
  tide_heap_stats end{};
  stats_of(&end);

  printf("mode %s: %zu blocks, %zu bytes; kept %zu blocks, %zu bytes\n", mode, blocks.size(), total,
         kept, kept_bytes);
  printf("break start %#lx  grown %#lx (+%lu)  after free-most %#lx (+%lu)\n",
         static_cast<unsigned long>(start), static_cast<unsigned long>(grown),
         static_cast<unsigned long>(grown - start), static_cast<unsigned long>(after),
         static_cast<unsigned long>(after - start));
  printf(
      "stats arena %zu in_use %zu free %zu in %zu (largest %zu, releasable %zu) blocks %zu "
      "shrinks %zu given_back %zu\n",
      end.arena_bytes, end.in_use_bytes, end.free_bytes, end.free_blocks, end.largest_free_block,
      end.releasable_bytes, end.allocated_blocks, end.shrink_count, end.bytes_given_back);

  expect(grown - start >= total, "the break rose by at least the bytes allocated");
  expect(full.arena_bytes >= full.in_use_bytes + full.free_bytes, "arena >= in use + free");
  expect(full.in_use_bytes >= before.in_use_bytes + total, "in use counts every block");
  expect(full.allocated_blocks == before.allocated_blocks + blocks.size(),
         "allocated blocks counted");
  expect(end.allocated_blocks == full.allocated_blocks - order.size(), "frees counted");
  expect(end.in_use_bytes >= before.in_use_bytes + kept_bytes, "kept blocks still in use");
  expect(end.peak_arena_bytes >= full.arena_bytes, "peak footprint");
  expect(end.peak_in_use_bytes >= full.in_use_bytes, "peak in use");
  expect(end.arena_bytes >= end.in_use_bytes + end.free_bytes, "arena >= in use + free");
  expect(check(nullptr) == 1, "tide_check finds the heap sound");
  if (trim) {
    expect(after < grown, "the break fell after the free-most phase");
    expect(after - start < (grown - start) / 5, "the break gave back most of the growth");
    expect(end.shrink_count > full.shrink_count, "shrinks counted");
    expect(end.bytes_given_back - full.bytes_given_back >= grown - after,
           "bytes given back counted");
    expect(end.arena_bytes + (grown - after) <= full.arena_bytes, "the footprint fell");
  } else {
    expect(after == grown, "the break stayed up (trim off)");
    expect(end.shrink_count == full.shrink_count, "no shrink with trim off");
    expect(end.arena_bytes == full.arena_bytes, "the footprint stayed");
  }
  for (size_t i = 0; i < kept; ++i) {
    const unsigned char* bytes = static_cast<const unsigned char*>(blocks[i]);
    if (bytes[0] != (i & 0xff) || bytes[sizes[i] - 1] != (i & 0xff)) {
      expect(false, "kept blocks keep their contents");
      break;
    }
    free(blocks[i]);
  }
  if (failures != 0) {
    printf("%d failures\n", failures);
    return 1;
  }
  printf("ok\n");
  return 0;
}
