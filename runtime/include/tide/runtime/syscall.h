// System calls as an app sees them (the ABI: abi/include/tide/abi/syscall.h). The
// architecture folder (runtime/arch/<arch>/) provides the one function that traps.
#ifndef TIDE_RUNTIME_SYSCALL_H_
#define TIDE_RUNTIME_SYSCALL_H_

#include <stddef.h>
#include <stdint.h>

#include "tide/abi/syscall.h"

namespace tide::rt {

struct SyscallResult {
  uint32_t variant;
  uint32_t r1;
  uint32_t r2;
  uint32_t r3;

  bool ok() const { return variant >= static_cast<uint32_t>(abi::ReturnVariant::kSuccess); }
  // The error code of a failure (0 for a success).
  uint32_t error() const { return ok() ? 0 : r1; }
};

// The raw trap: class and four argument registers. Defined per architecture (and by the
// host backend, which routes it into an in-process kernel).
extern "C" SyscallResult tide_syscall(uint32_t syscall_class, uint32_t a0, uint32_t a1, uint32_t a2,
                                      uint32_t a3);

inline SyscallResult syscall(abi::SyscallClass cls, uint32_t a0 = 0, uint32_t a1 = 0,
                             uint32_t a2 = 0, uint32_t a3 = 0) {
  return tide_syscall(static_cast<uint32_t>(cls), a0, a1, a2, a3);
}

// Runs one queued upcall, waiting for one if none is queued.
inline void yield_wait() {
  syscall(abi::SyscallClass::kYield, 1);
}
// Runs one queued upcall if there is one; returns whether one ran (the kernel writes the
// answer to a byte on the caller's stack: the registers belong to the upcall).
inline bool yield_no_wait() {
  volatile uint8_t upcall_ran = 0;
  syscall(abi::SyscallClass::kYield, 0,
          static_cast<uint32_t>(reinterpret_cast<uintptr_t>(&upcall_ran)));
  return upcall_ran != 0;
}

using Upcall = void (*)(uint32_t, uint32_t, uint32_t, void*);
inline SyscallResult subscribe(abi::Driver driver, uint32_t number, Upcall fn, void* data) {
  return syscall(abi::SyscallClass::kSubscribe, static_cast<uint32_t>(driver), number,
                 static_cast<uint32_t>(reinterpret_cast<uintptr_t>(fn)),
                 static_cast<uint32_t>(reinterpret_cast<uintptr_t>(data)));
}
inline SyscallResult command(abi::Driver driver, uint32_t number, uint32_t a1 = 0,
                             uint32_t a2 = 0) {
  return syscall(abi::SyscallClass::kCommand, static_cast<uint32_t>(driver), number, a1, a2);
}
inline SyscallResult allow_read_only(abi::Driver driver, uint32_t number, const void* buffer,
                                     size_t length) {
  return syscall(abi::SyscallClass::kAllowReadOnly, static_cast<uint32_t>(driver), number,
                 static_cast<uint32_t>(reinterpret_cast<uintptr_t>(buffer)),
                 static_cast<uint32_t>(length));
}
inline SyscallResult allow_read_write(abi::Driver driver, uint32_t number, void* buffer,
                                      size_t length) {
  return syscall(abi::SyscallClass::kAllowReadWrite, static_cast<uint32_t>(driver), number,
                 static_cast<uint32_t>(reinterpret_cast<uintptr_t>(buffer)),
                 static_cast<uint32_t>(length));
}
inline SyscallResult memop(abi::Memop operation, uint32_t argument = 0) {
  return syscall(abi::SyscallClass::kMemop, static_cast<uint32_t>(operation), argument);
}

// The break now, and the memop-backed helpers the allocator's platform hooks use.
uintptr_t current_break();
// brk/sbrk as the kernel answers them: sbrk returns the previous break or
// (uintptr_t)-1.
bool brk(uintptr_t new_break);
uintptr_t sbrk(intptr_t delta);

[[noreturn]] void exit(uint32_t status);
[[noreturn]] void restart();

}  // namespace tide::rt

#endif  // TIDE_RUNTIME_SYSCALL_H_
