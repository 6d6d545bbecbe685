// The memop-backed break helpers and exit, over tide_syscall.
#include "tide/runtime/syscall.h"

namespace tide::rt {
namespace {

// System-call registers hold 32 bits. Where the app's words are wider (the host
// backend), a value that does not fit is refused, never truncated into another one.
bool fits_register(uintptr_t address) {
  if constexpr (sizeof(uintptr_t) > sizeof(uint32_t)) return address <= UINT32_MAX;
  return true;
}
bool fits_register(intptr_t delta) {
  if constexpr (sizeof(intptr_t) > sizeof(int32_t)) {
    return delta >= INT32_MIN && delta <= INT32_MAX;
  }
  return true;
}

}  // namespace

uintptr_t current_break() {
  const SyscallResult result = memop(abi::Memop::kSbrk, 0);
  return result.ok() ? result.r1 : 0;
}

bool brk(uintptr_t new_break) {
  if (!fits_register(new_break)) return false;
  return memop(abi::Memop::kBrk, static_cast<uint32_t>(new_break)).ok();
}

uintptr_t sbrk(intptr_t delta) {
  if (!fits_register(delta)) return ~uintptr_t{0};
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
