// The scheduler: round-robin over ready processes, upcall delivery, exit and finish.
#include "tide/core/kernel.h"

#include "tide/core/board.h"
#include "tide/core/log.h"

namespace tide::core {
namespace {

// One grant table entry per driver that keeps a grant.
kernel::KernelArea kernel_area_of(const BoardConfig& board) {
  size_t grant_drivers = 0;
  for (size_t i = 0; i < board.driver_count; ++i) {
    if (board.drivers[i]->keeps_grant()) ++grant_drivers;
  }
  return {grant_drivers, board.upcall_queue_length};
}

}  // namespace

Kernel::Kernel(const BoardConfig& board, Process* processes, size_t capacity)
    : board_(board),
      processes_(processes),
      capacity_(capacity),
      kernel_area_(kernel_area_of(board)),
      pool_(unit_,
            {board.app_ram_base, board.app_slot_count * board.app_slot_size,
             reinterpret_cast<unsigned char*>(board.app_ram_base)},
            kernel_area_) {}

size_t Kernel::kernel_area_bytes() const {
  size_t bytes = 0;
  return kernel_area_.size(bytes) ? bytes : 0;
}

void Kernel::run() {
  for (;;) {
    Process* chosen = nullptr;
    bool any_live = false;
    for (size_t n = 0; n < count_ && !chosen; ++n) {
      Process& candidate = processes_[(next_ + n) % count_];
      any_live = any_live || candidate.live();
      if (candidate.state == ProcessState::kWaiting && candidate.upcall_count > 0) {
        deliver_upcall(candidate);
      }
      if (candidate.state == ProcessState::kReady) {
        chosen = &candidate;
        next_ = (next_ + n + 1) % count_;
      }
    }
    if (!chosen) {
      if (!any_live) finish();
      // Every live process waits for an upcall and no driver has work in flight.
      panic("deadlock: every process is waiting and no upcall can come");
    }
    arch::apply_protection(chosen->memory.protection());
    switch (arch::run_process(chosen->context)) {
      case arch::TrapKind::kSyscall:
        handle_syscall(*chosen);
        break;
      case arch::TrapKind::kFault:
        handle_fault(*chosen, nullptr);
        break;
      case arch::TrapKind::kTimeslice:
        break;
    }
  }
}

kernel::UpcallSlot* Kernel::upcall_queue(const Process& process) const {
  const ProcessMemory& memory = process.memory;
  const uintptr_t queue = memory.kernel_area_start() + kernel_area_.upcall_queue_offset();
  // The kernel area is kBlockAlignment-aligned and the queue offset a multiple of words.
  return static_cast<kernel::UpcallSlot*>(static_cast<void*>(
      memory.kernel_pointer(queue, kernel_area_.upcall_queue_length * sizeof(kernel::UpcallSlot))));
}

void Kernel::queue_upcall(Process& process, uint32_t driver, uint32_t number, uint32_t a0,
                          uint32_t a1, uint32_t a2) {
  // A process that never used the driver has no grant, so no subscription: none is made.
  DriverGrant* grant = existing_grant(process, driver);
  if (!grant || number >= kUpcallsPerDriver || grant->upcalls[number].function == 0) return;
  if (process.upcall_count == kernel_area_.upcall_queue_length) {
    log("[kernel] '%s': upcall queue full, upcall dropped\n", process.name);
    return;
  }
  const uint32_t index = (process.upcall_head + process.upcall_count) %
                         static_cast<uint32_t>(kernel_area_.upcall_queue_length);
  upcall_queue(process)[index] = {kernel::UpcallSlot::subscription_id(driver, number),
                                  grant->upcalls[number].function,
                                  grant->upcalls[number].app_data,
                                  {a0, a1, a2}};
  ++process.upcall_count;
}

// Makes a process in yield-wait run its oldest queued upcall when it resumes.
bool Kernel::deliver_upcall(Process& process) {
  if (process.upcall_count == 0 || !frame_is_accessible(process)) return false;
  const kernel::UpcallSlot slot = upcall_queue(process)[process.upcall_head];
  process.upcall_head =
      (process.upcall_head + 1) % static_cast<uint32_t>(kernel_area_.upcall_queue_length);
  --process.upcall_count;
  arch::push_upcall(process.context, slot.function, static_cast<uint32_t>(slot.arguments[0]),
                    static_cast<uint32_t>(slot.arguments[1]),
                    static_cast<uint32_t>(slot.arguments[2]), static_cast<uint32_t>(slot.app_data));
  process.state = ProcessState::kReady;
  return true;
}

// The process's saved exception frame lies in memory it may access (a process could
// have moved its break below its own stack pointer).
bool Kernel::frame_is_accessible(const Process& process) const {
  return arch::saved_state_within(process.context, process.memory.memory_start(),
                                  process.memory.protected_end());
}

void Kernel::exit_process(Process& process, uint32_t kind, uint32_t status) {
  if (kind == static_cast<uint32_t>(abi::ExitKind::kRestart)) {
    log("[kernel] '%s' asked to restart\n", process.name);
    process.memory.reset();
    start(process);
    return;
  }
  process.memory.terminate();
  process.state = ProcessState::kExited;
  process.exit_status = status;
  log("[kernel] '%s' exited with status %u\n", process.name, static_cast<unsigned>(status));
}

void Kernel::finish() {
  int status = 0;
  for (size_t i = 0; i < count_; ++i) {
    if (status == 0 && processes_[i].exit_status != 0) {
      status = static_cast<int>(processes_[i].exit_status);
    }
  }
  log("[kernel] all processes done; exit status %d\n", status);
  board::exit_emulator(status);
}

}  // namespace tide::core
