// A process simulated on the host: the real allocator against the real kernel rules.
//
// SimulatedProcess<Unit> is a small board of its own -- a RAM buffer placed at the
// device's address (0x20000000 for Cortex-M, 0x80000000 for RISC-V) and one process
// loaded into it (PooledProcess, tide/host/simulated_pool.h). SimulatedProcessSource<Unit> is the
// memory source (tide::MemorySource) an allocator uses in that process: every grow,
// shrink and break query is a memop system call (op 1, sbrk; op 12, break granularity)
// decoded by kernel/memory exactly as a board kernel would, so the heap meets the
// unit's break granularity, its refusals and its grant competition.
//
// A test plays a driver by allocating grants on process() between heap calls, or at the
// exact moment of a system call through the hook, which runs before every memop the
// source makes.
#ifndef TIDE_HOST_SIMULATED_PROCESS_H_
#define TIDE_HOST_SIMULATED_PROCESS_H_

#include <stddef.h>
#include <stdint.h>

#include "tide/host/simulated_pool.h"
#include "tide/kernel/memop.h"
#include "tide/kernel/no_protection.h"
#include "tide/kernel/pmp_tor.h"
#include "tide/kernel/pmsav7_mpu.h"
#include "tide/memory_source.h"

namespace tide::host {

template <kernel::ProtectionUnit Unit>
class SimulatedProcessSource {
 public:
  using Process = kernel::ProcessMemory<Unit>;
  // Runs before each memop the source makes; `operation` is the memop number.
  using SyscallHook = void (*)(Process& process, uint32_t operation, void* context);

  explicit SimulatedProcessSource(Process& process, SyscallHook hook = nullptr,
                                  void* context = nullptr)
      : process_(&process), hook_(hook), context_(context) {}

  // sbrk(+bytes): the previous break as the kernel reaches it, or nullptr when the kernel
  // refuses (break unchanged).
  void* grow(size_t bytes) {
    if (bytes > static_cast<size_t>(INTPTR_MAX)) return nullptr;
    const kernel::SyscallResult result = syscall(kernel::Memop::kSbrk, bytes);
    if (!result.is_success()) return nullptr;
    return process_->kernel_pointer(result.value(), bytes);
  }

  // sbrk(-bytes).
  bool shrink(size_t bytes) {
    if (bytes > static_cast<size_t>(INTPTR_MAX)) return false;
    return syscall(kernel::Memop::kSbrk, uintptr_t{0} - bytes).is_success();
  }

  // sbrk(0).
  void* current_break() {
    const kernel::SyscallResult result = syscall(kernel::Memop::kSbrk, 0);
    return result.is_success() ? process_->kernel_pointer(result.value(), 0) : nullptr;
  }

  // memop 12.
  size_t break_granularity() const {
    const kernel::SyscallResult result = syscall(kernel::Memop::kBreakGranularity, 0);
    return result.is_success() ? result.value() : 0;
  }

  Process& process() const { return *process_; }
  // Counts every memop this source and its copies make into *counter.
  void count_syscalls(size_t* counter) { syscalls_ = counter; }

 private:
  kernel::SyscallResult syscall(kernel::Memop operation, uintptr_t argument) const {
    const uint32_t op = static_cast<uint32_t>(operation);
    if (hook_ != nullptr) hook_(*process_, op, context_);
    if (syscalls_ != nullptr) ++*syscalls_;
    return kernel::memop(*process_, op, argument);
  }

  Process* process_;
  SyscallHook hook_;
  void* context_;
  size_t* syscalls_ = nullptr;
};

// Where each unit's simulated device keeps app RAM and the app's flash.
template <class Unit>
struct SimulatedDevice {
  static constexpr uintptr_t kRamAddress = 0x20000000;
  static constexpr kernel::FlashRange kFlash = {0x00010000, 0x10000};
};
template <>
struct SimulatedDevice<kernel::PmpTor> {
  static constexpr uintptr_t kRamAddress = 0x80000000;
  static constexpr kernel::FlashRange kFlash = {0x20400000, 0x10000};
};

template <kernel::ProtectionUnit Unit>
class SimulatedProcess {
 public:
  // A process needing min_ram bytes, loaded into a pool of ram_size bytes (the pool's
  // memory is `ram`, which must hold ram_size bytes and outlive this object).
  SimulatedProcess(unsigned char* ram, size_t ram_size, size_t min_ram,
                   const kernel::KernelArea& kernel_area = {8, 4}, const Unit& unit = Unit{})
      : loaded_({SimulatedDevice<Unit>::kRamAddress, ram_size, ram}, SimulatedDevice<Unit>::kFlash,
                min_ram, kernel_area, unit) {}
  SimulatedProcess(const SimulatedProcess&) = delete;
  SimulatedProcess& operator=(const SimulatedProcess&) = delete;

  kernel::MemoryError load_error() const { return loaded_.load_error(); }
  kernel::ProcessMemory<Unit>& process() { return loaded_.process(); }

  SimulatedProcessSource<Unit> source(
      typename SimulatedProcessSource<Unit>::SyscallHook hook = nullptr, void* context = nullptr) {
    SimulatedProcessSource<Unit> source(loaded_.process(), hook, context);
    source.count_syscalls(&syscalls_);
    return source;
  }
  size_t syscall_count() const { return syscalls_; }

 private:
  PooledProcess<Unit> loaded_;
  size_t syscalls_ = 0;
};

static_assert(GranularMemorySource<SimulatedProcessSource<kernel::Pmsav7Mpu>>);
static_assert(GranularMemorySource<SimulatedProcessSource<kernel::PmpTor>>);

}  // namespace tide::host

#endif  // TIDE_HOST_SIMULATED_PROCESS_H_
