// Fault reports and the board's fault policy: only the faulting process is touched.
#include "tide/core/kernel.h"
#include "tide/core/log.h"

namespace tide::core {

void Kernel::handle_fault(Process& process, const char* why) {
  const arch::FaultRecord fault = arch::last_fault();
  log("\n[kernel] ==== fault in process '%s' (process %u) ====\n", process.name,
      static_cast<unsigned>(process.id));
  if (why) {
    log("    kind           %s\n", why);
  } else {
    log("    kind           %s\n", fault.kind);
    if (fault.address_valid) {
      log("    fault address  %p\n", reinterpret_cast<void*>(fault.address));
    }
    log("    pc             %p\n", reinterpret_cast<void*>(fault.pc));
  }
  print_memory_map(process);
  if (process.fault_restarts < board_.fault_policy.restart_limit) {
    ++process.fault_restarts;
    log("    policy         restart (%u of %u); other processes keep running\n",
        static_cast<unsigned>(process.fault_restarts),
        static_cast<unsigned>(board_.fault_policy.restart_limit));
    process.memory.reset();
    start(process);
    return;
  }
  log("    policy         stop; other processes keep running\n");
  process.memory.terminate();
  process.state = ProcessState::kStopped;
  process.exit_status = kStoppedExitStatus;
}

}  // namespace tide::core
