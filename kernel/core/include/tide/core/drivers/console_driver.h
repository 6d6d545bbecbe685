// Console driver (abi::Driver::kConsole): writes an app's allowed read-only buffer to the
// board console, prefixing each line with the app's name, then queues the write-done
// upcall. Its per-process state (the subscription, the buffer, whether the app is at the
// start of a line) lives in the process's grant memory.
#ifndef TIDE_CORE_DRIVERS_CONSOLE_DRIVER_H_
#define TIDE_CORE_DRIVERS_CONSOLE_DRIVER_H_

#include "tide/core/driver.h"

namespace tide::core {

class ConsoleDriver final : public Driver {
 public:
  ConsoleDriver();
  SyscallReturn command(const DriverCall& call, uint32_t command, uint32_t argument1,
                        uint32_t argument2) override;
};

}  // namespace tide::core

#endif  // TIDE_CORE_DRIVERS_CONSOLE_DRIVER_H_
