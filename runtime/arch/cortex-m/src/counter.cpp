// Cortex-M: no instruction counter an unprivileged app can read (QEMU emulates no DWT).
#include "tide/runtime/counter.h"

namespace tide::rt {

bool instruction_counter_available() {
  return false;
}

uint64_t instructions_retired() {
  return 0;
}

}  // namespace tide::rt
