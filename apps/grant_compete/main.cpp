// grant_compete: the heap fills the gap, so the store driver's first grant fails
// cleanly (NOMEM); once the heap gives memory back, the grant succeeds.
#include "app_check.h"

namespace {
constexpr int kMaxBlocks = 160;
void* blocks[kMaxBlocks];
const char kRecord[] = "kept in grant memory";

tide::rt::SyscallResult save() {
  using tide::abi::Driver;
  return tide::rt::command(Driver::kStore, tide::abi::store::kCommandSave, sizeof kRecord);
}
}  // namespace

int main() {
  app::print_heap("start");
  int count = 0;
  while (count < kMaxBlocks && (blocks[count] = tide_malloc(64)) != nullptr)
    ++count;
  app::print_heap("full");
  printf("heap filled the gap: accessible end %p, grant start %p\n", app::ptr(app::protected_end()),
         app::ptr(app::grant_start()));
  const tide::rt::SyscallResult refused = save();
  printf("store grant with the heap full: %s (error %u)\n", refused.ok() ? "ok" : "refused",
         static_cast<unsigned>(refused.error()));
  APP_CHECK(!refused.ok() && refused.error() == static_cast<uint32_t>(tide::abi::Error::kNoMemory));

  for (int i = 0; i < count; ++i)
    tide_free(blocks[i]);
  tide_trim(0);
  app::print_heap("trimmed");
  APP_CHECK(tide::rt::allow_read_only(tide::abi::Driver::kStore, tide::abi::store::kAllow, kRecord,
                                      sizeof kRecord)
                .ok());
  const tide::rt::SyscallResult saved = save();
  APP_CHECK(saved.ok());
  printf("store grant after the trim: ok, grant start now %p\n", app::ptr(app::grant_start()));
  printf("grant_compete: PASS\n");
  return 0;
}
