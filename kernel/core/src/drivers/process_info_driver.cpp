#include "tide/core/drivers/process_info_driver.h"

#include "tide/abi/syscall.h"
#include "tide/core/kernel.h"

namespace tide::core {

ProcessInfoDriver::ProcessInfoDriver()
    : Driver(static_cast<uint32_t>(abi::Driver::kProcessInfo), "process-info", 0) {}

SyscallReturn ProcessInfoDriver::command(const DriverCall& call, uint32_t command, uint32_t,
                                         uint32_t) {
  switch (command) {
    case abi::process_info::kCommandRestartCount:
      return SyscallReturn::success_u32(
          static_cast<uint32_t>(call.process().memory.restart_count()));
    case abi::process_info::kCommandProcessId:
      return SyscallReturn::success_u32(call.process().id);
    case abi::process_info::kCommandProcessCount:
      return SyscallReturn::success_u32(static_cast<uint32_t>(call.kernel().process_count()));
    default:
      return SyscallReturn::failure(abi::Error::kNoSupport);
  }
}

}  // namespace tide::core
