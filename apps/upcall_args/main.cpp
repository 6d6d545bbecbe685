// upcall_args: upcalls that are already queued when the app yields reach their function
// with their own arguments (never yield's return value), and yield-no-wait reports
// whether one ran. Two drivers queue them: the console (bytes written, 0, 0) and the
// signal driver, signalling this process itself (value, sender id, signals received).
#include "app_check.h"

namespace {

using tide::abi::Driver;
namespace rt = tide::rt;

struct Seen {
  uint32_t arguments[3];
  uintptr_t data;
  uint32_t calls;
};
volatile Seen seen;

Seen snapshot() {
  return {{seen.arguments[0], seen.arguments[1], seen.arguments[2]}, seen.data, seen.calls};
}

void show(const Seen& last) {
  printf("upcall %u: (0x%x, 0x%x, 0x%x, %p)\n", static_cast<unsigned>(last.calls),
         static_cast<unsigned>(last.arguments[0]), static_cast<unsigned>(last.arguments[1]),
         static_cast<unsigned>(last.arguments[2]), app::ptr(last.data));
}

void record(uint32_t a0, uint32_t a1, uint32_t a2, void* data) {
  seen.arguments[0] = a0;
  seen.arguments[1] = a1;
  seen.arguments[2] = a2;
  seen.data = reinterpret_cast<uintptr_t>(data);
  seen.calls = seen.calls + 1;
}

// Whether the last upcall was call number `calls`, with these arguments and data. Prints
// what it saw only on a mismatch: printing queues a console upcall, and a yield for it
// would first run the upcalls queued before it.
bool last_upcall_was(uint32_t calls, uint32_t a0, uint32_t a1, uint32_t a2, const void* data) {
  const Seen last = {
      {seen.arguments[0], seen.arguments[1], seen.arguments[2]}, seen.data, seen.calls};
  const bool match = last.calls == calls && last.arguments[0] == a0 && last.arguments[1] == a1 &&
                     last.arguments[2] == a2 && last.data == reinterpret_cast<uintptr_t>(data);
  if (!match) show(last);
  return match;
}

const char kLine[] = "written before the yield\n";
constexpr uint32_t kLineBytes = sizeof kLine - 1;
int console_tag;
int signal_tag;
volatile uint32_t word;

bool signal_self(uint32_t self, uint32_t value) {
  return rt::command(Driver::kSignal, tide::abi::signal::kCommandSignal, self, value).ok();
}

}  // namespace

int main() {
  using namespace tide::abi;
  const uint32_t self = rt::command(Driver::kProcessInfo, process_info::kCommandProcessId).r1;
  printf("process %u\n", static_cast<unsigned>(self));

  // The console's write-done upcall is queued by the write command, before the yield.
  APP_CHECK(rt::subscribe(Driver::kConsole, console::kUpcallWriteDone, record, &console_tag).ok());
  APP_CHECK(rt::allow_read_only(Driver::kConsole, console::kAllowWrite, kLine, kLineBytes).ok());
  APP_CHECK(rt::command(Driver::kConsole, console::kCommandWrite, kLineBytes).ok());
  const bool ran = rt::yield_no_wait();
  const bool ran_again = rt::yield_no_wait();
  rt::allow_read_only(Driver::kConsole, console::kAllowWrite, nullptr, 0);
  APP_CHECK(last_upcall_was(1, kLineBytes, 0, 0, &console_tag));
  APP_CHECK(ran && !ran_again);
  show(snapshot());

  // Three values of the signal driver, queued before yield-wait and yield-no-wait.
  APP_CHECK(rt::subscribe(Driver::kSignal, signal::kUpcallSignalled, record, &signal_tag).ok());
  APP_CHECK(rt::allow_read_write(Driver::kSignal, signal::kAllowWord, const_cast<uint32_t*>(&word),
                                 sizeof word)
                .ok());
  APP_CHECK(signal_self(self, 0xC0DE1234));
  APP_CHECK(word == 0xC0DE1234);  // written at once, before any upcall
  rt::yield_wait();
  APP_CHECK(last_upcall_was(2, 0xC0DE1234, self, 1, &signal_tag));
  APP_CHECK(signal_self(self, 0x5EED0002) && signal_self(self, 0x5EED0003));
  APP_CHECK(rt::yield_no_wait());
  APP_CHECK(last_upcall_was(3, 0x5EED0002, self, 2, &signal_tag));
  rt::yield_wait();
  APP_CHECK(last_upcall_was(4, 0x5EED0003, self, 3, &signal_tag));
  APP_CHECK(!rt::yield_no_wait());
  show(snapshot());

  // A report byte that is not the app's: INVALID, and the queued upcall stays queued.
  APP_CHECK(signal_self(self, 0x5EED0004));
  const rt::SyscallResult refused = rt::syscall(SyscallClass::kYield, 0, TIDE_KERNEL_RAM);
  APP_CHECK(refused.error() == static_cast<uint32_t>(Error::kInvalid));
  APP_CHECK(seen.calls == 4);
  APP_CHECK(rt::yield_no_wait());
  APP_CHECK(last_upcall_was(5, 0x5EED0004, self, 4, &signal_tag));
  printf("upcall_args: PASS\n");
  return 0;
}
