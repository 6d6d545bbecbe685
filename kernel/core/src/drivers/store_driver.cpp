#include "tide/core/drivers/store_driver.h"

#include "tide/abi/syscall.h"
#include "tide/freestanding/string.h"

namespace tide::core {
namespace {

struct StoreState {
  uint32_t length;
  unsigned char record[abi::store::kRecordBytes];
};

}  // namespace

StoreDriver::StoreDriver()
    : Driver(static_cast<uint32_t>(abi::Driver::kStore), "store", sizeof(StoreState)) {}

SyscallReturn StoreDriver::command(const DriverCall& call, uint32_t command, uint32_t length,
                                   uint32_t) {
  switch (command) {
    case abi::store::kCommandSave: {
      uint32_t allowed = 0;
      const unsigned char* bytes = call.read_only(abi::store::kAllow, allowed);
      if (!bytes) return SyscallReturn::failure(abi::Error::kReserve);
      if (length > allowed || length > abi::store::kRecordBytes) {
        return SyscallReturn::failure(abi::Error::kSize);
      }
      StoreState* state = call.state<StoreState>();  // the allow made the grant
      if (state == nullptr) return SyscallReturn::failure(abi::Error::kNoMemory);
      memcpy(state->record, bytes, length);
      state->length = length;
      return SyscallReturn::success();
    }
    case abi::store::kCommandLoad: {
      uint32_t allowed = 0;
      unsigned char* bytes = call.read_write(abi::store::kAllow, allowed);
      if (!bytes) return SyscallReturn::failure(abi::Error::kReserve);
      const StoreState* state = call.state<StoreState>();
      if (state == nullptr) return SyscallReturn::failure(abi::Error::kNoMemory);
      const uint32_t copied = allowed < state->length ? allowed : state->length;
      memcpy(bytes, state->record, copied);
      return SyscallReturn::success_u32(copied);
    }
    case abi::store::kCommandGrantBytes:
      return SyscallReturn::success_u32(static_cast<uint32_t>(grant_bytes()));
    default:
      return SyscallReturn::failure(abi::Error::kNoSupport);
  }
}

}  // namespace tide::core
