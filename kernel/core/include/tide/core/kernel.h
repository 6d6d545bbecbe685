// The portable kernel: loads apps from the board's flash slots, runs them round-robin,
// answers their system calls, and applies the board's fault policy.
#ifndef TIDE_CORE_KERNEL_H_
#define TIDE_CORE_KERNEL_H_

#include <stddef.h>
#include <stdint.h>

#include "tide/core/driver.h"
#include "tide/core/process.h"
#include "tide/kernel/ram_pool.h"

namespace tide::core {

// What the board decides when a process faults.
struct FaultPolicy {
  // Restart a faulting process at most this many times, then stop it (0: always stop).
  // Only restarts after a fault count: a process that asks to restart (exit kind
  // restart) does not use up its fault restarts, as it did not fail.
  uint32_t restart_limit;
};

// The board's parts list, as the kernel needs it.
struct BoardConfig {
  const char* board_name;
  // App slots: slot n holds an image at flash_base + n * slot_size whose RAM block
  // starts at ram_base + n * slot_size.
  uintptr_t app_flash_base;
  uintptr_t app_ram_base;
  size_t app_slot_size;
  size_t app_slot_count;
  Driver* const* drivers;
  size_t driver_count;
  FaultPolicy fault_policy;
  uint32_t timeslice_cycles;  // 0: no preemption
  uint32_t upcall_queue_length;
};

class Kernel {
 public:
  Kernel(const BoardConfig& board, Process* processes, size_t capacity);

  // Loads every app image found in the slots; a bad image gets a load error on the
  // console and is skipped. Returns the number of processes loaded.
  size_t load_apps();

  // Runs until every process has exited or stopped, then exits the emulator with 0 when
  // all exited with 0, otherwise with the first non-zero status.
  [[noreturn]] void run();

  // Services for drivers.
  void queue_upcall(Process& process, uint32_t driver, uint32_t number, uint32_t a0, uint32_t a1,
                    uint32_t a2);
  Process* process(size_t index) { return index < count_ ? &processes_[index] : nullptr; }
  // A driver's view of another process: its grant for the driver as it is (none is made
  // on its behalf: the grant is nullptr when that process never used the driver).
  DriverCall call_on(Process& process, uint32_t driver);
  size_t process_count() const { return count_; }
  const BoardConfig& board() const { return board_; }

  // Prints the process's memory map (start, break, MPU-accessible end, kernel break,
  // end, with sizes).
  static void print_memory_map(const Process& process);

  // The block's kernel-area size: the per-process kernel overhead.
  size_t kernel_area_bytes() const;

 private:
  bool load_slot(size_t slot);
  void start(Process& process);
  void handle_syscall(Process& process);
  void handle_fault(Process& process, const char* why);
  bool deliver_upcall(Process& process);
  bool frame_is_accessible(const Process& process) const;
  SyscallReturn yield(Process& process, uint32_t wait, uint32_t report_address, bool& upcall_now);
  SyscallReturn subscribe(Process& process, uint32_t driver, uint32_t number, uint32_t fn,
                          uint32_t data);
  SyscallReturn command(Process& process, uint32_t driver, uint32_t number, uint32_t a1,
                        uint32_t a2);
  SyscallReturn allow(Process& process, bool read_write, uint32_t driver, uint32_t number,
                      uint32_t address, uint32_t length);
  SyscallReturn memop(Process& process, uint32_t operation, uint32_t argument);
  void exit_process(Process& process, uint32_t kind, uint32_t status);
  Driver* find_driver(uint32_t number) const;
  // The process's grant for a driver, allocated on first use (nullptr: no room for it, or
  // a driver without state).
  DriverGrant* grant_for(Process& process, const Driver& driver);
  // The process's grant for a driver as it is (nullptr: none).
  DriverGrant* existing_grant(const Process& process, uint32_t driver) const;
  kernel::UpcallSlot* upcall_queue(const Process& process) const;
  [[noreturn]] void finish();
  friend class DriverCall;  // makes a command's grant when the driver needs its state

  const BoardConfig& board_;
  Process* processes_;
  size_t capacity_;
  size_t count_ = 0;
  size_t next_ = 0;
  arch::ProtectionUnit unit_;
  kernel::KernelArea kernel_area_;
  // Every app slot's RAM; each process's block is placed at its slot's address.
  kernel::RamPool<arch::ProtectionUnit> pool_;
};

}  // namespace tide::core

#endif  // TIDE_CORE_KERNEL_H_
