// HostKernel: the runtime's system calls answered on the host by an in-process kernel
// built from kernel/memory, so runtime code (startup, break helpers, the allocator's
// platform hooks, console printf) is unit-tested without a board.
//
// The simulated device. System-call registers hold 32 bits, and the runtime passes
// pointers in them, so everything an app names by address lies below 4 GiB on the host:
//   flash    a 64 KiB mapping at a fixed low address: .data's load image; read-only
//            allows may name it
//   RAM      the RAM pool, a mapping above it; the process block is placed in it by
//            RamPool<Unit> and owned by one ProcessMemory<Unit> (NoProtection, Pmsav7Mpu
//            or PmpTor: each with its break granularity and rounding)
//   code     the test program itself, linked at a fixed low address (-no-pie): upcall
//            functions must lie in it, as they must lie in the app's flash on a board
// Block addresses are real host addresses: what sbrk returns is memory the allocator
// uses directly.
//
// The kernel, like a board's (kernel/core):
//   yield       runs one queued upcall (on the caller's stack, as a board does); a
//               yield-wait with nothing queued would block forever: inside run() it
//               ends the app (AppEnd::kBlocked), outside it returns Success;
//               yield-no-wait writes whether an upcall ran to its report byte (r1, in
//               the block below the break; INVALID elsewhere)
//   subscribe   console upcall 1 (write done); the function must be in the program's code
//   command     process info (0): 1 restart count, 2 process id, 3 process count;
//               console (1): 0 exists, 1 write n bytes of the allowed buffer
//   allow       console read-only buffer 1, checked by ProcessMemory::allow (which
//               raises the allow high-water mark); other numbers and read-write: NOSUPPORT
//   memop       kernel::memop on the process (sbrk's delta register sign-extended)
//   exit        inside run(): ends the app with its status (restart resets the
//               process); outside it: a fatal error of the test
// The console keeps its subscriptions, buffers and line state in a grant allocated on
// the process's first call to it (NOMEM when the gap has no room), so the console and
// the heap compete for the gap as on a board. Its output is captured, not printed.
//
// One HostKernel is current at a time (the constructor installs it, the destructor
// removes it); tide_syscall routes into the current one.
#ifndef TIDE_HOST_HOST_KERNEL_H_
#define TIDE_HOST_HOST_KERNEL_H_

#include <stddef.h>
#include <stdint.h>

#include <memory>
#include <string>
#include <vector>

#include "tide/kernel/memory_error.h"
#include "tide/kernel/process_layout.h"
#include "tide/runtime/syscall.h"

namespace tide::host {

enum class Protection { kNone, kPmsav7Mpu, kPmpTor };

// App stacks hold the host kernel's own frames too (it runs on the caller's stack).
inline constexpr size_t kAppStackBytes = 32 * 1024;

struct HostKernelOptions {
  Protection protection = Protection::kNone;
  size_t min_ram = 64 * 1024;      // the app's minimum RAM (its image header's min_ram)
  size_t pool_bytes = 512 * 1024;  // the RAM pool the block is carved from (< 15 MiB)
  kernel::KernelArea kernel_area = {4, 4};
};

// The process's memory map now.
struct MemoryMap {
  uintptr_t memory_start;
  uintptr_t memory_end;
  uintptr_t initial_break;
  uintptr_t allow_high_water_mark;
  uintptr_t app_break;
  uintptr_t protected_end;
  uintptr_t kernel_break;
  uintptr_t kernel_area_start;
  size_t break_granularity;
  uintptr_t restart_count;
  uintptr_t stack_top_hint;
  uintptr_t heap_start_hint;
};

// An app image for run(): the RAM image of its linker script (stack at the bottom of
// the block, then .data, then .bss) and its constructors.
struct AppImage {
  size_t stack_bytes = kAppStackBytes;
  std::vector<uint32_t> data;  // .data's initial words (its load image goes to flash)
  size_t bss_words = 0;
  std::vector<void (*)()> constructors;
  uintptr_t ram_start = 0;  // where the app was linked to run; 0: the block's start
};

enum class AppEnd {
  kExited,     // exit(terminate, status)
  kRestarted,  // exit(restart): the process was reset
  kBlocked,    // yield-wait with no upcall to wait for
  kReturned,   // run_on_app_stack: the function returned
};

struct AppRun {
  AppEnd end;
  uint32_t status;
};

class HostKernel {
 public:
  explicit HostKernel(const HostKernelOptions& options = {});
  ~HostKernel();
  HostKernel(const HostKernel&) = delete;
  HostKernel& operator=(const HostKernel&) = delete;

  // The kernel tide_syscall routes into (nullptr when none).
  static HostKernel* current();

  kernel::MemoryError load_error() const;
  MemoryMap memory_map() const;
  bool invariants_hold() const;
  uintptr_t flash_start() const;
  size_t flash_size() const;
  // Where the test reaches [address, address + size) of the block; nullptr outside it.
  unsigned char* block_bytes(uintptr_t address, size_t size) const;

  // A driver's grant as a driver takes it: size bytes, 8-aligned, from the top of the gap.
  kernel::MemoryError allocate_grant(uint32_t driver, size_t size);

  // Everything the app wrote to the console, and the length of each write command.
  const std::string& console_output() const;
  const std::vector<size_t>& console_writes() const;
  // System calls answered so far, by class (index 0-6; 7 counts unknown classes).
  size_t syscall_count(abi::SyscallClass cls) const;

  // Runs an app as a board would: the entry's checks and brk over the sections (from
  // startup_break), then, on a stack inside the block, tide::rt::run_app with main_fn.
  // Returns when the app exits, restarts or blocks.
  AppRun run(const AppImage& image, int (*main_fn)());
  // Runs fn on a stack at the bottom of the block (the break must already cover it), as
  // code of an app: buffers on its stack can be allowed. Returns when fn returns, or
  // when it exits or blocks.
  AppRun run_on_app_stack(void (*fn)(void*), void* context, size_t stack_bytes = kAppStackBytes);

  // The system call (tide_syscall's body).
  rt::SyscallResult syscall(uint32_t cls, uint32_t a0, uint32_t a1, uint32_t a2, uint32_t a3);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace tide::host

#endif  // TIDE_HOST_HOST_KERNEL_H_
