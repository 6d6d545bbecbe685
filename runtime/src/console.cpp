// printf and friends over the console driver.
#include "tide/runtime/console.h"

#include "tide/freestanding/format.h"
#include "tide/runtime/syscall.h"

namespace tide::rt {
namespace {

volatile bool write_done;

void on_write_done(uint32_t, uint32_t, uint32_t, void*) {
  write_done = true;
}

// printf output is collected here and written a line (or a full buffer) at a time.
struct LineBuffer {
  char bytes[128];
  size_t used;
};

void flush(LineBuffer& line) {
  if (line.used) console_write(line.bytes, line.used);
  line.used = 0;
}

void append(void* context, const char* text, size_t length) {
  auto& line = *static_cast<LineBuffer*>(context);
  for (size_t i = 0; i < length; ++i) {
    line.bytes[line.used++] = text[i];
    if (text[i] == '\n' || line.used == sizeof line.bytes) flush(line);
  }
}

}  // namespace

bool console_write(const char* text, size_t length) {
  using abi::Driver;
  if (length == 0) return true;  // the driver refuses an empty buffer: nothing to do
  if (!subscribe(Driver::kConsole, abi::console::kUpcallWriteDone, on_write_done, nullptr).ok() ||
      !allow_read_only(Driver::kConsole, abi::console::kAllowWrite, text, length).ok()) {
    return false;
  }
  write_done = false;
  const bool ok =
      command(Driver::kConsole, abi::console::kCommandWrite, static_cast<uint32_t>(length)).ok();
  while (ok && !write_done)
    yield_wait();
  allow_read_only(Driver::kConsole, abi::console::kAllowWrite, nullptr, 0);
  return ok;
}

int console_vprintf(const char* format, va_list args) {
  LineBuffer line{{}, 0};
  const size_t length = vformat(append, &line, format, args);
  flush(line);
  return static_cast<int>(length);
}

int console_printf(const char* format, ...) {
  va_list args;
  va_start(args, format);
  const int length = console_vprintf(format, args);
  va_end(args);
  return length;
}

int console_puts(const char* text) {
  return console_printf("%s\n", text);
}

}  // namespace tide::rt
