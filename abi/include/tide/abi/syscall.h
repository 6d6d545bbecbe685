// Tide's system-call ABI: one place for every number an app and the kernel agree on.
//
// Register ABI, written with Cortex-M names; RISC-V (rv32) maps them one to one:
//
//   Cortex-M             RISC-V               meaning
//   svc <class>          ecall, class in a4   the trap; Cortex-M's class is the SVC
//                                             immediate, RISC-V's a register
//   in:  r0..r3          a0..a3               arguments, meaning per class (below)
//   out: r0              a0                   return variant (ReturnVariant)
//        r1..r3          a1..a3               payload of the variant (error code first
//                                             for failures)
//   clobbered:
//        r12, lr, flags  ra, t0-t6, a4-a7     an upcall may run in between (see yield),
//                                             as a function call would
//   process start:
//        r0..r3          a0..a3               flash start, memory start, memory size,
//                                             app break; the stack pointer at the break
//   upcall fn(a0..a3):   lr / ra = the instruction after the trap
//
//   class            r0          r1            r2            r3          success variant
//   0 yield          0 no-wait   report byte   -             -           Success (see below)
//                    1 wait      -
//   1 subscribe      driver      upcall num    fn address    user data   SuccessU32U32:
//                                                                        previous fn, data
//   2 command        driver      command num   arg1          arg2        per driver
//   3 allow rw       driver      allow num     address       length      SuccessU32U32:
//   4 allow ro       driver      allow num     address       length      previous addr, len
//   5 memop          operation   argument      -             -           per operation
//   6 exit           0 terminate status        -             -           does not return
//                    1 restart
//
// A grant-keeping driver (console, store, signal) allocates its per-process grant on the
// process's first subscribe or allow to it, or when a command first needs its state;
// NOMEM when the gap has no room. A call refused for a bad argument makes no grant.
// Upcalls run only inside yield: the kernel makes the app call fn(arg0, arg1, arg2,
// user_data) and return to the instruction after the yield's svc (ecall).
//
// Yield. When an upcall is queued, both variants run the oldest one at once: the app
// resumes in fn with the upcall's arguments in r0..r3 (never yield's return value), and
// when fn returns, the return registers hold whatever fn left there. So yield's return
// registers carry nothing after an upcall, and yield-no-wait reports through memory, as
// Tock's does: r1 is the address of a byte of the app's RAM below its break, to which the
// kernel writes 1 when an upcall runs and 0 when none was queued (r1 = 0: no report). A
// report address outside that range is Failure INVALID, and no upcall runs. With nothing
// queued, yield-no-wait returns Success at once and yield-wait blocks until an upcall is
// queued, then runs it.
// Every bad argument is answered with a Failure variant and changes nothing.
#ifndef TIDE_ABI_SYSCALL_H_
#define TIDE_ABI_SYSCALL_H_

#include <stdint.h>

namespace tide::abi {

enum class SyscallClass : uint32_t {
  kYield = 0,
  kSubscribe = 1,
  kCommand = 2,
  kAllowReadWrite = 3,
  kAllowReadOnly = 4,
  kMemop = 5,
  kExit = 6,
};

enum class ReturnVariant : uint32_t {
  kFailure = 0,            // r1 = error
  kFailureU32 = 1,         // r1 = error, r2 = value
  kFailureU32U32 = 2,      // r1 = error, r2, r3 = values
  kSuccess = 128,          //
  kSuccessU32 = 129,       // r1 = value
  kSuccessU32U32 = 130,    // r1, r2 = values
  kSuccessU32U32U32 = 132  // r1, r2, r3 = values
};

enum class Error : uint32_t {
  kFail = 1,
  kBusy = 2,
  kAlready = 3,
  kOff = 4,
  kReserve = 5,
  kInvalid = 6,
  kSize = 7,
  kCancel = 8,
  kNoMemory = 9,
  kNoSupport = 10,
  kNoDevice = 11,
  kUninstalled = 12,
  kNoAck = 13,
};

// Memop operations (class 5): r0 = operation, r1 = argument. 0-11 are Tock's; 12 and up
// are Tide's additions.
enum class Memop : uint32_t {
  kBrk = 0,                    // r1 = new break                      -> Success
  kSbrk = 1,                   // r1 = signed delta                   -> SuccessU32 previous break
  kRamStart = 2,               //                                     -> SuccessU32
  kRamEnd = 3,                 // one past the block                  -> SuccessU32
  kFlashStart = 4,             //                                     -> SuccessU32
  kFlashEnd = 5,               //                                     -> SuccessU32
  kGrantStart = 6,             // = kernel break                      -> SuccessU32
  kWriteableFlashRegions = 7,  //                                -> SuccessU32 count (0)
  kWriteableFlashStart = 8,    //                                -> Failure (none)
  kWriteableFlashEnd = 9,      //                                -> Failure (none)
  kStackTopHint = 10,          // debug hint                          -> Success
  kHeapStartHint = 11,         // debug hint                          -> Success
  kBreakGranularity = 12,      // Tide: step the MPU/PMP represents exactly -> SuccessU32
  kProtectedEnd = 13,          // Tide: where user access ends now    -> SuccessU32
};

enum class ExitKind : uint32_t { kTerminate = 0, kRestart = 1 };

// Drivers of every Tide board.
enum class Driver : uint32_t {
  kProcessInfo = 0,
  kConsole = 1,
  kStore = 2,
  kSignal = 3,
};

// Process information driver (0), no per-process state.
//   command 1            restart count of the calling process -> SuccessU32
//   command 2            its process id -> SuccessU32
//   command 3            number of processes loaded -> SuccessU32
namespace process_info {
inline constexpr uint32_t kCommandRestartCount = 1;
inline constexpr uint32_t kCommandProcessId = 2;
inline constexpr uint32_t kCommandProcessCount = 3;
}  // namespace process_info

// Console driver (1), keeps its state in grant memory.
//   allow ro 1           the bytes to write
//   subscribe 1          write done: fn(bytes written, 0, 0, data)
//   command 0            exists -> Success
//   command 1, n         write the first n bytes of the allowed buffer -> Success;
//                        the upcall follows. SIZE when n exceeds the buffer, RESERVE
//                        when no buffer is allowed. Lines get a "[name] " prefix.
namespace console {
inline constexpr uint32_t kAllowWrite = 1;
inline constexpr uint32_t kUpcallWriteDone = 1;
inline constexpr uint32_t kCommandExists = 0;
inline constexpr uint32_t kCommandWrite = 1;
}  // namespace console

// Store driver (2): a kernel-side record per process, allocated in the process's grant
// region on first use (so it competes with the heap for the gap).
//   allow ro 1           bytes to save; allow rw 1: buffer to load into
//   command 0            exists -> Success
//   command 1, n         save the first n bytes of the allowed ro buffer -> Success,
//                        RESERVE when none is allowed, SIZE when n is too big
//   command 2            load into the allowed rw buffer -> SuccessU32 bytes copied
//   command 3            grant bytes this driver holds in the process -> SuccessU32
namespace store {
inline constexpr uint32_t kAllow = 1;
inline constexpr uint32_t kCommandExists = 0;
inline constexpr uint32_t kCommandSave = 1;
inline constexpr uint32_t kCommandLoad = 2;
inline constexpr uint32_t kCommandGrantBytes = 3;
inline constexpr uint32_t kRecordBytes = 512;
}  // namespace store

// Signal driver (3): one process signals another, which may poll a word of its own
// memory without any system call or wait for the upcall. Keeps its state in grant memory.
//   allow rw 1           the word (4 bytes) the kernel writes a received value into
//   subscribe 1          signalled: fn(value, sender process id, signals received, data)
//   command 0            exists -> Success
//   command 1, id, v     signal process id with value v: v written to its allowed word
//                        (when it allowed one), its upcall queued (when subscribed) ->
//                        Success. INVALID when id is no live process, RESERVE when that
//                        process never used this driver. A process may signal itself.
namespace signal {
inline constexpr uint32_t kAllowWord = 1;
inline constexpr uint32_t kUpcallSignalled = 1;
inline constexpr uint32_t kCommandExists = 0;
inline constexpr uint32_t kCommandSignal = 1;
}  // namespace signal

// Exit statuses an app's startup code uses when it cannot reach main.
inline constexpr uint32_t kExitStartupBrkFailed = 120;
inline constexpr uint32_t kExitStartupHeapFailed = 121;
inline constexpr uint32_t kExitHeapAbort = 122;
inline constexpr uint32_t kExitStartupWrongRam = 123;

}  // namespace tide::abi

// The numbers an app's startup assembly (crt0) uses, as asm operands: %[memop], %[brk],
// %[success], %[exit], %[terminate], %[brk_failed], %[wrong_ram].
#define TIDE_ABI_CRT0_OPERANDS                                                  \
  [memop] "i"(static_cast<uint32_t>(tide::abi::SyscallClass::kMemop)),          \
      [brk] "i"(static_cast<uint32_t>(tide::abi::Memop::kBrk)),                 \
      [success] "i"(static_cast<uint32_t>(tide::abi::ReturnVariant::kSuccess)), \
      [exit] "i"(static_cast<uint32_t>(tide::abi::SyscallClass::kExit)),        \
      [terminate] "i"(static_cast<uint32_t>(tide::abi::ExitKind::kTerminate)),  \
      [brk_failed] "i"(tide::abi::kExitStartupBrkFailed),                       \
      [wrong_ram] "i"(tide::abi::kExitStartupWrongRam)

#endif  // TIDE_ABI_SYSCALL_H_
