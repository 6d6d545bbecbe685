// What a system call hands back, as the variant and up to three values (abi/syscall.h).
#ifndef TIDE_CORE_SYSCALL_RETURN_H_
#define TIDE_CORE_SYSCALL_RETURN_H_

#include <stdint.h>

#include "tide/abi/syscall.h"

namespace tide::core {

struct SyscallReturn {
  abi::ReturnVariant variant;
  uint32_t values[3];

  static constexpr SyscallReturn success() { return {abi::ReturnVariant::kSuccess, {0, 0, 0}}; }
  static constexpr SyscallReturn success_u32(uint32_t a) {
    return {abi::ReturnVariant::kSuccessU32, {a, 0, 0}};
  }
  static constexpr SyscallReturn success_u32_u32(uint32_t a, uint32_t b) {
    return {abi::ReturnVariant::kSuccessU32U32, {a, b, 0}};
  }
  static constexpr SyscallReturn failure(abi::Error error) {
    return {abi::ReturnVariant::kFailure, {static_cast<uint32_t>(error), 0, 0}};
  }
};

}  // namespace tide::core

#endif  // TIDE_CORE_SYSCALL_RETURN_H_
