// Error kinds of the process memory manager, and Result<T> (a value or an error kind).
//
// Every operation that can fail returns one of these and, when it fails, has changed no
// state at all. Board kernels turn them into system-call error codes (syscall_result.h).
#ifndef TIDE_KERNEL_MEMORY_ERROR_H_
#define TIDE_KERNEL_MEMORY_ERROR_H_

#include <stdint.h>

namespace tide::kernel {

enum class MemoryError : uint8_t {
  None = 0,
  // brk/sbrk: the new break is below the allow high-water mark, at or past the end of the
  // block, or the arithmetic to reach it would wrap. Allow: the buffer is not the app's.
  AddressOutOfBounds,
  // brk/sbrk: the new break passes the kernel break, or the protection unit cannot stop
  // user access below the kernel break. Grant: the grant would cross the app's
  // protection-rounded break.
  OutOfMemory,
  // A malformed argument: an alignment that is not a power of two, a reserved driver
  // number, an image whose flash range is empty or wraps or overlaps the RAM block, a
  // region index out of range.
  InvalidArgument,
  // Load: the protection unit cannot represent the block or the app's flash exactly.
  NotProtectable,
  // Load: the RAM pool has no room left for a block of the size the process needs (or
  // has placed as many blocks as it keeps track of).
  PoolExhausted,
  // Load at an address: the block would not lie inside the RAM pool.
  BlockOutsidePool,
  // Load at an address: the address is not aligned as the protection unit needs for
  // the block (Cortex-M: half the power-of-two block size).
  BlockMisaligned,
  // Load at an address: the block would overlap a block already placed in the pool.
  BlockOverlaps,
  // Grant: every slot of the grant pointer table is taken.
  GrantTableFull,
  // Grant: this driver already has a grant in this process (one per driver).
  GrantExists,
  // Grant lookup: this driver has no grant in this process.
  GrantNotFound,
  // The process was never loaded.
  NotLoaded,
};

// A short, fixed description for load errors and kernel logs.
constexpr const char* describe(MemoryError error) {
  switch (error) {
    case MemoryError::None:
      return "ok";
    case MemoryError::AddressOutOfBounds:
      return "address out of bounds";
    case MemoryError::OutOfMemory:
      return "out of memory";
    case MemoryError::InvalidArgument:
      return "invalid argument";
    case MemoryError::NotProtectable:
      return "protection unit cannot represent the region";
    case MemoryError::PoolExhausted:
      return "not enough RAM left in the pool";
    case MemoryError::BlockOutsidePool:
      return "block does not lie inside the RAM pool";
    case MemoryError::BlockMisaligned:
      return "block address not aligned as the protection unit requires";
    case MemoryError::BlockOverlaps:
      return "block overlaps a process already placed in the pool";
    case MemoryError::GrantTableFull:
      return "grant pointer table full";
    case MemoryError::GrantExists:
      return "driver already has a grant";
    case MemoryError::GrantNotFound:
      return "driver has no grant";
    case MemoryError::NotLoaded:
      return "process not loaded";
  }
  return "unknown error";
}

// A value of a trivially copyable T, or an error kind.
template <class T>
class Result {
 public:
  constexpr Result(T value) : value_(value), error_(MemoryError::None) {}  // NOLINT: implicit
  constexpr Result(MemoryError error) : value_(), error_(error) {}         // NOLINT: implicit

  constexpr bool ok() const { return error_ == MemoryError::None; }
  constexpr MemoryError error() const { return error_; }
  // Only meaningful when ok().
  constexpr const T& value() const { return value_; }

 private:
  T value_;
  MemoryError error_;
};

}  // namespace tide::kernel

#endif  // TIDE_KERNEL_MEMORY_ERROR_H_
