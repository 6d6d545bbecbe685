// fault_write: writes the last word it may access, then the first word past its
// accessible end (MPU/PMP). The kernel reports the fault and restarts it (board policy); the
// restarted app sees a fresh break and exits normally.
#include "app_check.h"

int main() {
  const tide::rt::StartupInfo& info = tide::rt::startup_info();
  if (app::restart_count() > 0) {
    printf("restarted after the fault: break %p (the startup break again)\n",
           app::ptr(tide::rt::current_break()));
    APP_CHECK(tide::rt::current_break() == info.heap_start);
    printf("fault_write: PASS\n");
    return 0;
  }
  void* grown = tide_malloc(1000);
  APP_CHECK(grown != nullptr);
  const uintptr_t end = app::protected_end();
  printf("break %p, accessible end %p: writing the word below it, then the word at it\n",
         app::ptr(tide::rt::current_break()), app::ptr(end));
  *reinterpret_cast<volatile uint32_t*>(end - 4) = 1;
  *reinterpret_cast<volatile uint32_t*>(end) = 1;  // faults
  printf("fault_write: no fault?\n");
  return 1;
}
