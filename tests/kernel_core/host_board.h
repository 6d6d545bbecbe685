// A host board for kernel/core: the real kernel (its scheduler, system calls, drivers,
// loader and fault policy) over kernel/arch/host, with app images in a flash mapping and
// their RAM in another, both at fixed low addresses (the ABI's registers are 32 bits).
// Each app is a C++ function of the test that runs on a fiber of its own and reaches the
// kernel only through system calls, as a board's app does.
#ifndef TIDE_TESTS_KERNEL_CORE_HOST_BOARD_H_
#define TIDE_TESTS_KERNEL_CORE_HOST_BOARD_H_

#include <stddef.h>
#include <stdint.h>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "tide/abi/app_header.h"
#include "tide/abi/syscall.h"
#include "tide/arch/host_machine.h"
#include "tide/core/drivers/console_driver.h"
#include "tide/core/drivers/process_info_driver.h"
#include "tide/core/drivers/signal_driver.h"
#include "tide/core/drivers/store_driver.h"
#include "tide/core/kernel.h"

namespace tide::test {

// What a system call returned: the variant and three values.
struct Returned {
  uint32_t variant;
  uint32_t r1, r2, r3;
  bool ok() const { return variant >= static_cast<uint32_t>(abi::ReturnVariant::kSuccess); }
  bool failed_with(abi::Error error) const {
    return variant == static_cast<uint32_t>(abi::ReturnVariant::kFailure) &&
           r1 == static_cast<uint32_t>(error);
  }
};

class HostBoard;

// What an app's code can do: system calls, faults, and upcall functions (which must lie
// in its flash: each is named by an address there).
class App {
 public:
  Returned syscall(abi::SyscallClass cls, uint32_t a0 = 0, uint32_t a1 = 0, uint32_t a2 = 0,
                   uint32_t a3 = 0);
  Returned raw_syscall(uint32_t cls, uint32_t a0, uint32_t a1, uint32_t a2, uint32_t a3);
  Returned memop(abi::Memop operation, uint32_t argument = 0) {
    return syscall(abi::SyscallClass::kMemop, static_cast<uint32_t>(operation), argument);
  }
  Returned command(abi::Driver driver, uint32_t number, uint32_t a1 = 0, uint32_t a2 = 0) {
    return syscall(abi::SyscallClass::kCommand, static_cast<uint32_t>(driver), number, a1, a2);
  }
  Returned allow(bool read_write, abi::Driver driver, uint32_t number, uint32_t address,
                 uint32_t length) {
    return syscall(
        read_write ? abi::SyscallClass::kAllowReadWrite : abi::SyscallClass::kAllowReadOnly,
        static_cast<uint32_t>(driver), number, address, length);
  }
  [[noreturn]] void exit(uint32_t status);
  [[noreturn]] void restart();
  // Traps with a fault (as a data abort would) at `address`.
  [[noreturn]] void fault(const char* kind, uint32_t address);
  // A flash address that, when the kernel delivers an upcall to it, calls `handler`.
  uint32_t upcall_function(std::function<void(const uint32_t (&)[4])> handler);

  // The start arguments: flash start, memory start, memory size, app break.
  uint32_t flash_start() const { return start_[0]; }
  uint32_t memory_start() const { return start_[1]; }
  uint32_t memory_size() const { return start_[2]; }
  uint32_t initial_break() const { return start_[3]; }
  uint32_t process_id();
  // The kernel's view of this app's memory (test access, as a debugger would have).
  unsigned char* bytes(uint32_t address) { return reinterpret_cast<unsigned char*>(address); }

 private:
  friend class HostBoard;
  HostBoard* board_ = nullptr;
  arch::UserContext* context_ = nullptr;
  arch::host::Fiber fiber_;
  std::vector<unsigned char> stack_ = std::vector<unsigned char>(64 * 1024);
  uint32_t start_[4] = {};
  uint32_t starts_ = 0;  // the context's start count this fiber serves
  size_t slot_ = 0;
};

struct AppSpec {
  std::string name;
  uint32_t min_ram = 4096;
  uint32_t stack_size = 512;
  std::function<void(App&)> main;  // returning from it exits with status 0
};

class HostBoard final : public arch::host::Machine {
 public:
  static constexpr size_t kSlotSize = 0x10000;
  static constexpr size_t kSlotCount = 4;
  static constexpr uint32_t kImageSize = 0x1000;
  static constexpr uint32_t kEntryOffset = 0x100;

  explicit HostBoard(uint32_t restart_limit = 1, uint32_t upcall_queue_length = 4);
  ~HostBoard();
  HostBoard(const HostBoard&) = delete;
  HostBoard& operator=(const HostBoard&) = delete;

  // Writes an app image into flash slot `slot` (its header checksummed unless damaged).
  abi::AppHeader& install(size_t slot, AppSpec spec);
  void set_checksum(size_t slot);
  // Loads every slot, then runs the kernel until every process has exited or stopped:
  // the status the board would exit with.
  size_t load();
  int run();

  core::Kernel& kernel() { return *kernel_; }
  core::Process& process(size_t index) { return processes_[index]; }
  const std::string& console() const;
  uintptr_t flash_base() const { return flash_base_; }
  uintptr_t ram_base() const { return ram_base_; }
  // Upcalls delivered to flash addresses no upcall_function names (run as no-ops).
  size_t unregistered_upcalls() const { return unregistered_upcalls_; }

  arch::TrapKind run(arch::UserContext& context) override;
  // Called on the kernel's side each time it is about to run a process: the previous
  // trap has been handled completely, and no other process has run since.
  void set_before_run(std::function<void()> hook) { before_run_ = std::move(hook); }

 private:
  friend class App;
  static void app_entry(void* app);
  App* app_of(arch::UserContext& context);

  uintptr_t flash_base_ = 0;
  uintptr_t ram_base_ = 0;
  size_t mapping_bytes_ = 0;
  core::ProcessInfoDriver process_info_;
  core::ConsoleDriver console_;
  core::StoreDriver store_;
  core::SignalDriver signal_;
  core::Driver* drivers_[4] = {&process_info_, &console_, &store_, &signal_};
  core::BoardConfig config_ = {};
  core::Process processes_[kSlotCount] = {};
  std::unique_ptr<core::Kernel> kernel_;
  AppSpec specs_[kSlotCount];
  App apps_[kSlotCount];
  std::map<uint32_t, std::function<void(const uint32_t (&)[4])>> upcalls_;
  uint32_t next_upcall_ = 0;
  size_t unregistered_upcalls_ = 0;
  arch::TrapKind trap_ = arch::TrapKind::kSyscall;
  std::function<void()> before_run_;
};

}  // namespace tide::test

#endif  // TIDE_TESTS_KERNEL_CORE_HOST_BOARD_H_
