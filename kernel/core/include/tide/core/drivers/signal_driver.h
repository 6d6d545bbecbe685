// Signal driver (abi::Driver::kSignal): one process signals another. The value is written
// into a word the target allowed (so a target can poll it without any system call, as a
// process spinning until another one is done does) and the target's upcall is queued.
// Its per-process state (subscription, allowed word, signals received) lives in the
// process's grant memory; a process that never used the driver cannot be signalled.
#ifndef TIDE_CORE_DRIVERS_SIGNAL_DRIVER_H_
#define TIDE_CORE_DRIVERS_SIGNAL_DRIVER_H_

#include "tide/core/driver.h"

namespace tide::core {

class SignalDriver final : public Driver {
 public:
  SignalDriver();
  SyscallReturn command(const DriverCall& call, uint32_t command, uint32_t argument1,
                        uint32_t argument2) override;
};

}  // namespace tide::core

#endif  // TIDE_CORE_DRIVERS_SIGNAL_DRIVER_H_
