// fault_foreign: reads another process's RAM (app slot 0's block); after the
// board's one restart it tries the kernel's RAM and is stopped.
#include "app_check.h"

int main() {
  const uintptr_t target = app::restart_count() == 0 ? TIDE_OTHER_PROCESS_RAM : TIDE_KERNEL_RAM;
  printf("reading %p, which is not mine\n", app::ptr(target));
  const uint32_t value = *reinterpret_cast<volatile uint32_t*>(target);  // faults
  printf("fault_foreign: read %u without a fault?\n", static_cast<unsigned>(value));
  return 1;
}
