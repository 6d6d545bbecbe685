// A process: its image, its memory (kernel/memory's ProcessMemory over this
// architecture's protection unit), its saved registers and its scheduling state.
#ifndef TIDE_CORE_PROCESS_H_
#define TIDE_CORE_PROCESS_H_

#include <stddef.h>
#include <stdint.h>

#include "tide/abi/app_header.h"
#include "tide/arch/cpu.h"
#include "tide/arch/protection.h"
#include "tide/kernel/process_memory.h"

namespace tide::core {

using ProcessMemory = kernel::ProcessMemory<arch::ProtectionUnit>;
static_assert(arch::SavedState<arch::UserContext>,
              "the arch's cpu.h does not provide the saved-state accessors kernel/core uses");

enum class ProcessState : uint8_t {
  kReady,    // runnable
  kWaiting,  // in yield-wait until an upcall is queued
  kExited,   // called exit
  kStopped,  // faulted, and the fault policy did not restart it
};

// Exit status reported for a process stopped after a fault.
inline constexpr uint32_t kStoppedExitStatus = 70;

struct Process {
  uint32_t id;
  uint32_t slot;
  const abi::AppHeader* header;
  char name[abi::kAppNameBytes + 1];
  ProcessMemory memory;
  arch::UserContext context;
  ProcessState state;
  uint32_t exit_status;
  // Restarts after a fault: what the fault policy limits. (Every restart, asked for or
  // not, is counted once, in the block's process record: memory.restart_count().)
  uint32_t fault_restarts;
  // The upcall queue lives in the block's kernel area; these say which slots are full.
  uint32_t upcall_head;
  uint32_t upcall_count;

  bool live() const { return state == ProcessState::kReady || state == ProcessState::kWaiting; }
};

}  // namespace tide::core

#endif  // TIDE_CORE_PROCESS_H_
