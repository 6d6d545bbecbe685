// oom: allocates until the kernel refuses to move the break; malloc returns NULL (no
// crash); after freeing, allocation works again.
#include "app_check.h"

namespace {
constexpr int kMaxBlocks = 256;
void* blocks[kMaxBlocks];
}  // namespace

int main() {
  // Print first: the console driver's grant then exists before the heap fills the gap
  // (with a 4-byte break granularity the heap can fill it to the last byte).
  printf("filling the heap with 256 B blocks\n");
  int count = 0;
  while (count < kMaxBlocks && (blocks[count] = tide_malloc(256)) != nullptr)
    ++count;
  APP_CHECK(count > 0 && count < kMaxBlocks);
  app::print_heap("full");
  printf("malloc returned NULL after %d blocks; break %p, accessible end %p, grant start %p\n",
         count, app::ptr(tide::rt::current_break()), app::ptr(app::protected_end()),
         app::ptr(app::grant_start()));
  APP_CHECK(app::protected_end() <= app::grant_start());
  APP_CHECK(tide_malloc(static_cast<size_t>(-1) / 2) == nullptr);
  for (int i = 0; i < count; ++i)
    tide_free(blocks[i]);
  app::print_heap("freed");
  for (int i = 0; i < count; ++i)
    APP_CHECK((blocks[i] = tide_malloc(256)) != nullptr);
  app::print_heap("again");
  for (int i = 0; i < count; ++i)
    tide_free(blocks[i]);
  APP_CHECK_HEAP();
  printf("oom: PASS\n");
  return 0;
}
