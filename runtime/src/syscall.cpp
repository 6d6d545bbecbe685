// The memop-backed break helpers and exit, over tide_syscall.
#include "tide/runtime/syscall.h"

namespace tide::rt {

uintptr_t current_break() {
  const SyscallResult result = memop(abi::Memop::kSbrk, 0);
  return result.ok() ? result.r1 : 0;
}

bool brk(uintptr_t new_break) {
  return memop(abi::Memop::kBrk, static_cast<uint32_t>(new_break)).ok();
}

uintptr_t sbrk(intptr_t delta) {
  const SyscallResult result = memop(abi::Memop::kSbrk, static_cast<uint32_t>(delta));
  return result.ok() ? result.r1 : ~uintptr_t{0};
}

void exit(uint32_t status) {
  for (;;)
    syscall(abi::SyscallClass::kExit, static_cast<uint32_t>(abi::ExitKind::kTerminate), status);
}

void restart() {
  for (;;)
    syscall(abi::SyscallClass::kExit, static_cast<uint32_t>(abi::ExitKind::kRestart), 0);
}

}  // namespace tide::rt
