// grant_compete: the heap fills the gap, so the store driver's first grant (made by the
// first allow to it) fails cleanly (NOMEM) and changes nothing; once the heap gives
// memory back, the grant succeeds.
#include "app_check.h"

namespace {
constexpr int kMaxBlocks = 160;
void* blocks[kMaxBlocks];
const char kRecord[] = "kept in grant memory";

tide::rt::SyscallResult allow_record() {
  return tide::rt::allow_read_only(tide::abi::Driver::kStore, tide::abi::store::kAllow, kRecord,
                                   sizeof kRecord);
}

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
  const uintptr_t grants = app::grant_start();
  const tide::rt::SyscallResult refused = allow_record();
  printf("store grant with the heap full: %s (error %u)\n", refused.ok() ? "ok" : "refused",
         static_cast<unsigned>(refused.error()));
  APP_CHECK(!refused.ok() && refused.error() == static_cast<uint32_t>(tide::abi::Error::kNoMemory));
  APP_CHECK(app::grant_start() == grants);
  // Without a grant there is no allowed buffer: save is refused without making one.
  APP_CHECK(save().error() == static_cast<uint32_t>(tide::abi::Error::kReserve));
  APP_CHECK(app::grant_start() == grants);

  for (int i = 0; i < count; ++i)
    tide_free(blocks[i]);
  tide_trim(0);
  app::print_heap("trimmed");
  APP_CHECK(allow_record().ok());
  const tide::rt::SyscallResult saved = save();
  APP_CHECK(saved.ok());
  printf("store grant after the trim: ok, grant start now %p\n", app::ptr(app::grant_start()));
  printf("grant_compete: PASS\n");
  return 0;
}
