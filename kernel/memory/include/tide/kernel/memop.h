// The memop system call (class 5): r0 = operation, r1 = argument.
//
// | op | meaning                                  | success value            |
// |----|------------------------------------------|--------------------------|
// |  0 | brk(address)                             | Success                  |
// |  1 | sbrk(delta)                              | previous break           |
// |  2 | RAM start                                | address                  |
// |  3 | RAM end (one past)                       | address                  |
// |  4 | flash start                              | address                  |
// |  5 | flash end                                | address                  |
// |  6 | grant region start (= kernel break)      | address                  |
// |  7 | number of writeable flash regions        | count                    |
// |  8 | start of writeable flash region n        | address / Invalid        |
// |  9 | end of writeable flash region n          | address / Invalid        |
// | 10 | debug hint: stack top                    | Success                  |
// | 11 | debug hint: heap start                   | Success                  |
// | 12 | Tide: break granularity                  | bytes                    |
// | 13 | Tide: protected end                      | address                  |
// | -- | anything else                            | Failure(NoSupport)       |
// Every brk/sbrk failure reaches the app as NoMem, as in Tock; the kernel keeps the
// precise MemoryError. Op 12 is the step in which the protection unit represents the
// break exactly: an allocator growing in multiples of it wastes no rounding slack. Op 13
// is where user access ends now: the break as the protection unit rounds it
// (ProcessMemory::protected_end), so an app knows its usable slack without recomputing
// the unit's rounding from the break and op 12.
#ifndef TIDE_KERNEL_MEMOP_H_
#define TIDE_KERNEL_MEMOP_H_

#include <stddef.h>
#include <stdint.h>

#include "tide/kernel/process_memory.h"
#include "tide/kernel/syscall_result.h"

namespace tide::kernel {

using abi::Memop;  // the operation numbers are the ABI's

template <ProtectionUnit Unit>
SyscallResult memop(ProcessMemory<Unit>& process, uint32_t operation, uintptr_t argument) {
  if (!process.loaded()) return SyscallResult::failure(abi::Error::kFail);
  const ProcessImage& image = process.image();
  switch (static_cast<Memop>(operation)) {
    case Memop::kBrk:
      return process.brk(argument) == MemoryError::None
                 ? SyscallResult::success()
                 : SyscallResult::failure(abi::Error::kNoMemory);
    case Memop::kSbrk: {
      // The register holds a two's-complement delta.
      const Result<uintptr_t> previous = process.sbrk(static_cast<intptr_t>(argument));
      return previous.ok() ? SyscallResult::success_with(previous.value())
                           : SyscallResult::failure(abi::Error::kNoMemory);
    }
    case Memop::kRamStart:
      return SyscallResult::success_with(process.memory_start());
    case Memop::kRamEnd:
      return SyscallResult::success_with(process.memory_end());
    case Memop::kFlashStart:
      return SyscallResult::success_with(image.flash.start);
    case Memop::kFlashEnd:
      return SyscallResult::success_with(image.flash.start + image.flash.size);
    case Memop::kGrantStart:
      return SyscallResult::success_with(process.kernel_break());
    case Memop::kWriteableFlashRegions:
      return SyscallResult::success_with(image.writeable_flash_count);
    case Memop::kWriteableFlashStart:
    case Memop::kWriteableFlashEnd: {
      if (argument >= image.writeable_flash_count)
        return SyscallResult::failure(abi::Error::kInvalid);
      const WriteableFlashRegion& region = image.writeable_flash[argument];
      return SyscallResult::success_with(static_cast<Memop>(operation) ==
                                                 Memop::kWriteableFlashStart
                                             ? region.start
                                             : region.start + region.size);
    }
    case Memop::kStackTopHint:
      process.set_stack_top_hint(argument);
      return SyscallResult::success();
    case Memop::kHeapStartHint:
      process.set_heap_start_hint(argument);
      return SyscallResult::success();
    case Memop::kBreakGranularity:
      return SyscallResult::success_with(process.break_granularity());
    case Memop::kProtectedEnd:
      return SyscallResult::success_with(process.protected_end());
  }
  return SyscallResult::failure(abi::Error::kNoSupport);
}

}  // namespace tide::kernel

#endif  // TIDE_KERNEL_MEMOP_H_
