// What a system call hands back to the app, in the shape board kernels put in registers.
//
// Tock's TRD104 return variants, restricted to the three the memory manager needs:
//   Failure            r0 = 0,   r1 = error code
//   Success            r0 = 128
//   SuccessWithValue   r0 = 129, r1 = one register-width value (an address, a count)
#ifndef TIDE_KERNEL_SYSCALL_RESULT_H_
#define TIDE_KERNEL_SYSCALL_RESULT_H_

#include <stdint.h>

namespace tide::kernel {

// The error codes apps see (TRD104 numbering).
enum class ErrorCode : uint32_t {
  Fail = 1,
  Busy = 2,
  Already = 3,
  Off = 4,
  Reserve = 5,
  Invalid = 6,
  Size = 7,
  Cancel = 8,
  NoMem = 9,
  NoSupport = 10,
  NoDevice = 11,
  Uninstalled = 12,
  NoAck = 13,
};

enum class ReturnVariant : uint32_t {
  Failure = 0,
  Success = 128,
  SuccessWithValue = 129,
};

class SyscallResult {
 public:
  struct Registers {
    uintptr_t r0;
    uintptr_t r1;
  };

  static constexpr SyscallResult success() { return {ReturnVariant::Success, 0}; }
  static constexpr SyscallResult success_with(uintptr_t value) {
    return {ReturnVariant::SuccessWithValue, value};
  }
  static constexpr SyscallResult failure(ErrorCode code) {
    return {ReturnVariant::Failure, static_cast<uintptr_t>(code)};
  }

  constexpr ReturnVariant variant() const { return variant_; }
  constexpr bool is_success() const { return variant_ != ReturnVariant::Failure; }
  // The value of SuccessWithValue (0 otherwise).
  constexpr uintptr_t value() const {
    return variant_ == ReturnVariant::SuccessWithValue ? payload_ : 0;
  }
  // The error code of Failure.
  constexpr ErrorCode error_code() const { return static_cast<ErrorCode>(payload_); }

  constexpr Registers encode() const {
    return {static_cast<uintptr_t>(variant_), variant_ == ReturnVariant::Success ? 0 : payload_};
  }

  friend constexpr bool operator==(const SyscallResult& a, const SyscallResult& b) {
    return a.variant_ == b.variant_ && a.encode().r1 == b.encode().r1;
  }

 private:
  constexpr SyscallResult(ReturnVariant variant, uintptr_t payload)
      : variant_(variant), payload_(payload) {}

  ReturnVariant variant_;
  uintptr_t payload_;
};

}  // namespace tide::kernel

#endif  // TIDE_KERNEL_SYSCALL_RESULT_H_
