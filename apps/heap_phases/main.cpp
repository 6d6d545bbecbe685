// heap_phases: the heap grows to most of its block, gives memory back when freed (the
// break falls), and grows again.
#include "app_check.h"

namespace {
constexpr int kMaxBlocks = 64;
constexpr size_t kBlockBytes = 1024;
void* blocks[kMaxBlocks];

// Allocates blocks[first..] until the break reaches target; returns the block count.
int grow_to(uintptr_t target, int first) {
  int count = first;
  while (count < kMaxBlocks && tide::rt::current_break() < target) {
    blocks[count] = tide_malloc(kBlockBytes);
    APP_CHECK(blocks[count] != nullptr);
    ++count;
  }
  return count;
}
}  // namespace

int main() {
  const tide::rt::StartupInfo& info = tide::rt::startup_info();
  printf("block %u B at %p, break granularity %u B\n", static_cast<unsigned>(info.memory_size),
         app::ptr(info.memory_start), static_cast<unsigned>(app::granularity()));
  app::print_heap("start");
  const uintptr_t target = info.memory_start + info.memory_size * 3 / 4;

  int count = grow_to(target, 0);
  app::print_heap("grown");
  const uintptr_t peak = tide::rt::current_break();
  APP_CHECK(peak >= target);

  for (int i = 1; i < count; ++i)
    tide_free(blocks[i]);
  app::print_heap("freed");
  const uintptr_t low = tide::rt::current_break();
  APP_CHECK(low < peak - info.memory_size / 4);  // the break fell back

  count = grow_to(target, 1);  // blocks[0] is still allocated
  app::print_heap("regrown");
  APP_CHECK(tide::rt::current_break() >= target);
  for (int i = 0; i < count; ++i)
    tide_free(blocks[i]);
  app::print_heap("end");
  APP_CHECK_HEAP();
  printf("heap_phases: PASS\n");
  return 0;
}
