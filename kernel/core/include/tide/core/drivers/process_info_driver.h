// Process information driver (abi::Driver::kProcessInfo): what the kernel knows about
// the calling process that memop does not say. No per-process state, so no grant.
//   command 1   restart count          -> SuccessU32
//   command 2   process id             -> SuccessU32
//   command 3   number of processes    -> SuccessU32
#ifndef TIDE_CORE_DRIVERS_PROCESS_INFO_DRIVER_H_
#define TIDE_CORE_DRIVERS_PROCESS_INFO_DRIVER_H_

#include "tide/core/driver.h"

namespace tide::core {

class ProcessInfoDriver final : public Driver {
 public:
  ProcessInfoDriver();
  SyscallReturn command(const DriverCall& call, uint32_t command, uint32_t argument1,
                        uint32_t argument2) override;
};

}  // namespace tide::core

#endif  // TIDE_CORE_DRIVERS_PROCESS_INFO_DRIVER_H_
