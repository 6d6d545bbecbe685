// restart: first asks to be restarted; then dirties its stack, heap and a grant, and
// faults. Restarted by the board's policy (one restart after a fault: the restart it asked
// for does not count against that), it checks that its memory was zeroed, its break reset
// and its grant gone.
#include "app_check.h"

namespace {
constexpr uintptr_t kDirtyFrom = 64;  // bytes above memory start: deep in the stack
constexpr uintptr_t kDirtyTo = 1024;
const char kRecord[] = "from the first run";
}  // namespace

int main() {
  using tide::abi::Driver;
  const tide::rt::StartupInfo& info = tide::rt::startup_info();
  auto* stack_bottom = reinterpret_cast<volatile uint8_t*>(info.memory_start);
  if (app::restart_count() == 0) {
    printf("first run: asking for a restart\n");
    tide::rt::restart();
  }
  if (app::restart_count() == 1) {
    for (uintptr_t i = kDirtyFrom; i < kDirtyTo; ++i)
      stack_bottom[i] = 0xA5;
    auto* heap = static_cast<uint8_t*>(tide_malloc(3000));
    APP_CHECK(heap != nullptr);
    for (int i = 0; i < 3000; ++i)
      heap[i] = 0x5A;
    APP_CHECK(tide::rt::allow_read_only(Driver::kStore, 1, kRecord, sizeof kRecord).ok());
    APP_CHECK(
        tide::rt::command(Driver::kStore, tide::abi::store::kCommandSave, sizeof kRecord).ok());
    printf("second run: dirtied stack, heap up to %p and a store grant; now faulting\n",
           app::ptr(tide::rt::current_break()));
    *reinterpret_cast<volatile uint32_t*>(TIDE_KERNEL_RAM) = 0;  // faults: kernel RAM
    return 1;
  }
  APP_CHECK(app::restart_count() == 2);
  printf("third run (restart %u): startup break %p, initial break %p\n",
         static_cast<unsigned>(app::restart_count()), app::ptr(info.heap_start),
         app::ptr(info.initial_break));
  APP_CHECK(info.initial_break == info.memory_start + 32 ||
            info.initial_break == info.memory_start);
  for (uintptr_t i = kDirtyFrom; i < kDirtyTo; ++i)
    APP_CHECK(stack_bottom[i] == 0);
  auto* heap = static_cast<uint8_t*>(tide_malloc(3000));
  APP_CHECK(heap != nullptr);
  for (int i = 0; i < 3000; ++i)
    APP_CHECK(heap[i] == 0);
  char loaded[32] = {};
  APP_CHECK(tide::rt::allow_read_write(Driver::kStore, 1, loaded, sizeof loaded).ok());
  const tide::rt::SyscallResult load =
      tide::rt::command(Driver::kStore, tide::abi::store::kCommandLoad);
  APP_CHECK(load.ok() && load.r1 == 0);  // a fresh grant: the old record is gone
  printf("memory zeroed, break reset, old grant gone\n");
  printf("restart: PASS\n");
  return 0;
}
