#include "tide/core/drivers/console_driver.h"

#include "tide/abi/syscall.h"
#include "tide/core/board.h"
#include "tide/core/log.h"

namespace tide::core {
namespace {

struct ConsoleState {
  uint32_t mid_line;  // 0 at the start of a line: the next byte gets the name prefix
};

}  // namespace

ConsoleDriver::ConsoleDriver()
    : Driver(static_cast<uint32_t>(abi::Driver::kConsole), "console", sizeof(ConsoleState)) {}

SyscallReturn ConsoleDriver::command(const DriverCall& call, uint32_t command, uint32_t length,
                                     uint32_t) {
  if (command != abi::console::kCommandWrite) return SyscallReturn::failure(abi::Error::kNoSupport);
  uint32_t allowed = 0;
  const unsigned char* bytes = call.read_only(abi::console::kAllowWrite, allowed);
  if (!bytes) return SyscallReturn::failure(abi::Error::kReserve);
  if (length > allowed) return SyscallReturn::failure(abi::Error::kSize);
  ConsoleState* state = call.state<ConsoleState>();  // the allow made the grant
  if (state == nullptr) return SyscallReturn::failure(abi::Error::kNoMemory);
  const char* text = reinterpret_cast<const char*>(bytes);
  size_t done = 0;
  while (done < length) {
    if (!state->mid_line) log("[%s] ", call.process().name);
    size_t end = done;
    while (end < length && text[end] != '\n')
      ++end;
    if (end < length) ++end;  // include the newline
    board::console_write(text + done, end - done);
    state->mid_line = text[end - 1] != '\n';
    done = end;
  }
  call.schedule_upcall(abi::console::kUpcallWriteDone, length, 0, 0);
  return SyscallReturn::success();
}

}  // namespace tide::core
