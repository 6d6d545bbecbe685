#include "tide/core/drivers/signal_driver.h"

#include "tide/abi/syscall.h"
#include "tide/core/kernel.h"
#include "tide/freestanding/string.h"

namespace tide::core {
namespace {

struct SignalState {
  uint32_t received;  // signals this process has received since its grant was made
};

}  // namespace

SignalDriver::SignalDriver()
    : Driver(static_cast<uint32_t>(abi::Driver::kSignal), "signal", sizeof(SignalState)) {}

SyscallReturn SignalDriver::command(const DriverCall& call, uint32_t command, uint32_t target_id,
                                    uint32_t value) {
  if (command != abi::signal::kCommandSignal) return SyscallReturn::failure(abi::Error::kNoSupport);
  Process* target = call.kernel().process(target_id);
  if (target == nullptr || !target->live()) return SyscallReturn::failure(abi::Error::kInvalid);
  const DriverCall peer = call.kernel().call_on(*target, number());
  SignalState* state = peer.state<SignalState>();
  if (state == nullptr) return SyscallReturn::failure(abi::Error::kReserve);
  ++state->received;
  uint32_t length = 0;
  unsigned char* word = peer.read_write(abi::signal::kAllowWord, length);
  if (word != nullptr && length >= sizeof value) memcpy(word, &value, sizeof value);
  peer.schedule_upcall(abi::signal::kUpcallSignalled, value, call.process().id, state->received);
  return SyscallReturn::success();
}

}  // namespace tide::core
