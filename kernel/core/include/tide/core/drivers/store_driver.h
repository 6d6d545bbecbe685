// Store driver (abi::Driver::kStore): keeps one record of up to abi::store::kRecordBytes
// per process, in a grant allocated on the process's first use of the driver. It exists
// so that heap and grants compete for the same gap for real: a heap that filled the gap
// makes the first save fail with NOMEM until the heap gives memory back.
#ifndef TIDE_CORE_DRIVERS_STORE_DRIVER_H_
#define TIDE_CORE_DRIVERS_STORE_DRIVER_H_

#include "tide/core/driver.h"

namespace tide::core {

class StoreDriver final : public Driver {
 public:
  StoreDriver();
  SyscallReturn command(const DriverCall& call, uint32_t command, uint32_t argument1,
                        uint32_t argument2) override;
};

}  // namespace tide::core

#endif  // TIDE_CORE_DRIVERS_STORE_DRIVER_H_
