// What a system call hands back to the app, in the shape board kernels put in registers.
//
// The ABI's return variants (Tock's TRD104), restricted to the three the memory manager
// needs:
//   kFailure           r0 = 0,   r1 = error code
//   kSuccess           r0 = 128
//   kSuccessU32        r0 = 129, r1 = one register-width value (an address, a count)
#ifndef TIDE_KERNEL_SYSCALL_RESULT_H_
#define TIDE_KERNEL_SYSCALL_RESULT_H_

#include <stdint.h>

#include "tide/abi/syscall.h"

namespace tide::kernel {

class SyscallResult {
 public:
  struct Registers {
    uintptr_t r0;
    uintptr_t r1;
  };

  static constexpr SyscallResult success() { return {abi::ReturnVariant::kSuccess, 0}; }
  static constexpr SyscallResult success_with(uintptr_t value) {
    return {abi::ReturnVariant::kSuccessU32, value};
  }
  static constexpr SyscallResult failure(abi::Error code) {
    return {abi::ReturnVariant::kFailure, static_cast<uintptr_t>(code)};
  }

  constexpr abi::ReturnVariant variant() const { return variant_; }
  constexpr bool is_success() const { return variant_ != abi::ReturnVariant::kFailure; }
  // The value of kSuccessU32 (0 otherwise).
  constexpr uintptr_t value() const {
    return variant_ == abi::ReturnVariant::kSuccessU32 ? payload_ : 0;
  }
  // The error code of Failure.
  constexpr abi::Error error_code() const { return static_cast<abi::Error>(payload_); }

  constexpr Registers encode() const {
    return {static_cast<uintptr_t>(variant_),
            variant_ == abi::ReturnVariant::kSuccess ? 0 : payload_};
  }

  friend constexpr bool operator==(const SyscallResult& a, const SyscallResult& b) {
    return a.variant_ == b.variant_ && a.encode().r1 == b.encode().r1;
  }

 private:
  constexpr SyscallResult(abi::ReturnVariant variant, uintptr_t payload)
      : variant_(variant), payload_(payload) {}

  abi::ReturnVariant variant_;
  uintptr_t payload_;
};

}  // namespace tide::kernel

#endif  // TIDE_KERNEL_SYSCALL_RESULT_H_
