// hostile: system calls with wrapping values, kernel and foreign addresses, unknown
// classes and operations. Every one must fail with the expected error and change
// nothing; the heap still works afterwards.
#include "app_check.h"

namespace {

using tide::abi::Driver;
using tide::abi::Error;
using tide::abi::Memop;
using tide::abi::SyscallClass;
using tide::rt::SyscallResult;

int checked = 0;

void expect_error(const char* what, SyscallResult result, Error error) {
  ++checked;
  if (result.ok() || result.error() != static_cast<uint32_t>(error)) {
    printf("CHECK FAILED: %s: variant %u, error %u, expected error %u\n", what,
           static_cast<unsigned>(result.variant), static_cast<unsigned>(result.error()),
           static_cast<unsigned>(error));
    tide::rt::exit(1);
  }
}

}  // namespace

int main() {
  const tide::rt::StartupInfo& info = tide::rt::startup_info();
  const uintptr_t before = tide::rt::current_break();
  const uintptr_t end = info.memory_start + info.memory_size;
  const uint32_t kernel_ram = TIDE_KERNEL_RAM;
  const uint32_t other = TIDE_OTHER_PROCESS_RAM;
  const uintptr_t grants_before = app::grant_start();

  expect_error("sbrk(+2^31-1)", tide::rt::memop(Memop::kSbrk, 0x7FFFFFFF), Error::kNoMemory);
  expect_error("sbrk(-2^31)", tide::rt::memop(Memop::kSbrk, 0x80000000), Error::kNoMemory);
  expect_error("sbrk(-break)", tide::rt::memop(Memop::kSbrk, static_cast<uint32_t>(-before)),
               Error::kNoMemory);
  expect_error("brk(0xFFFFFFF0)", tide::rt::memop(Memop::kBrk, 0xFFFFFFF0), Error::kNoMemory);
  expect_error("brk(0)", tide::rt::memop(Memop::kBrk, 0), Error::kNoMemory);
  expect_error("brk(kernel RAM)", tide::rt::memop(Memop::kBrk, kernel_ram), Error::kNoMemory);
  expect_error("brk(other process)", tide::rt::memop(Memop::kBrk, other), Error::kNoMemory);
  expect_error("brk(memory end)", tide::rt::memop(Memop::kBrk, static_cast<uint32_t>(end)),
               Error::kNoMemory);
  expect_error("brk(grant start + 4)",
               tide::rt::memop(Memop::kBrk, static_cast<uint32_t>(app::grant_start() + 4)),
               Error::kNoMemory);
  expect_error("memop 99", tide::rt::memop(static_cast<Memop>(99)), Error::kNoSupport);

  expect_error("allow ro kernel RAM",
               tide::rt::allow_read_only(Driver::kStore, 1, app::ptr(kernel_ram), 16),
               Error::kInvalid);
  expect_error("allow rw kernel flash",
               tide::rt::allow_read_write(Driver::kStore, 1, app::ptr(0x100), 16), Error::kInvalid);
  expect_error("allow rw other process",
               tide::rt::allow_read_write(Driver::kStore, 1, app::ptr(other), 16), Error::kInvalid);
  expect_error("allow rw wrapping length",
               tide::rt::allow_read_write(Driver::kStore, 1, app::ptr(before - 16), 0xFFFFFFF0u),
               Error::kInvalid);
  expect_error("allow rw past the break",
               tide::rt::allow_read_write(Driver::kStore, 1, app::ptr(before - 8), 64),
               Error::kInvalid);
  expect_error("allow number 9", tide::rt::allow_read_only(Driver::kStore, 9, nullptr, 0),
               Error::kNoSupport);
  // The buffer is checked before the grant is made: no refused allow cost grant memory.
  APP_CHECK(app::grant_start() == grants_before);
  expect_error("subscribe to kernel code",
               tide::rt::syscall(SyscallClass::kSubscribe, 1, 1, 0x101, 0), Error::kInvalid);
  expect_error(
      "subscribe to RAM",
      tide::rt::syscall(SyscallClass::kSubscribe, 1, 1, static_cast<uint32_t>(before - 16), 0),
      Error::kInvalid);
  expect_error("unknown driver", tide::rt::command(static_cast<Driver>(77), 1), Error::kNoDevice);
  expect_error("unknown command", tide::rt::command(Driver::kStore, 99), Error::kNoSupport);
  expect_error("console write without a buffer", tide::rt::command(Driver::kConsole, 1, 10),
               Error::kReserve);
  expect_error("unknown class 7", tide::rt::tide_syscall(7, 0, 0, 0, 0), Error::kNoSupport);
  expect_error("unknown class 254", tide::rt::tide_syscall(254, 0, 0, 0, 0), Error::kNoSupport);
  expect_error("yield 5", tide::rt::syscall(SyscallClass::kYield, 5), Error::kInvalid);
  expect_error("exit kind 9", tide::rt::syscall(SyscallClass::kExit, 9, 0), Error::kNoSupport);

  APP_CHECK(tide::rt::current_break() == before);

  // With the break as high as it goes (little or no room left for a grant), a bad buffer
  // for a driver without a grant yet is still INVALID (not NOMEM) and makes no grant; a
  // good one (read-only, in flash: the high-water mark stays) is accepted or NOMEM.
  static const char kInFlash[] = "in flash";
  const uintptr_t heap_break = tide::rt::current_break();
  const uintptr_t top = info.memory_start + (app::grant_start() - info.memory_start) /
                                                app::granularity() * app::granularity();
  APP_CHECK(tide::rt::brk(top));
  const uintptr_t full_grants = app::grant_start();
  expect_error("allow rw kernel RAM, break at the top",
               tide::rt::allow_read_write(Driver::kSignal, 0, app::ptr(kernel_ram), 4),
               Error::kInvalid);
  APP_CHECK(app::grant_start() == full_grants && tide::rt::current_break() == top);
  const SyscallResult good = tide::rt::allow_read_only(Driver::kSignal, 0, kInFlash, 4);
  APP_CHECK(good.ok() || good.error() == static_cast<uint32_t>(Error::kNoMemory));
  printf("break at the top: a bad buffer is INVALID, a good one %s\n",
         good.ok() ? "gets its grant" : "is NOMEM (no room for the grant)");
  APP_CHECK(tide::rt::brk(heap_break));

  void* block = tide_malloc(500);
  APP_CHECK(block != nullptr);
  tide_free(block);
  APP_CHECK_HEAP();
  printf("%d hostile calls refused, nothing changed\n", checked);
  printf("hostile: PASS\n");
  return 0;
}
