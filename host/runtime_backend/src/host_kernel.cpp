// HostKernel: system-call dispatch, the console and process-info drivers, app runs.
#include "tide/host/host_kernel.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>

#include "simulated_board.h"
#include "tide/abi/syscall.h"
#include "tide/arch/host_machine.h"
#include "tide/runtime/startup.h"

// The test program's code (GNU ld): where upcall functions must lie.
extern "C" char __executable_start[];
extern "C" char etext[];

namespace tide::host {
namespace {

using abi::Error;
using abi::ReturnVariant;

constexpr size_t kFlashBytes = 64 * 1024;
constexpr size_t kRamOffset = 1024 * 1024;  // the RAM pool's offset in the mapping

HostKernel* current_kernel = nullptr;

// The console's grant: its one subscription (write done), its one buffer (the bytes to
// write) and whether the app is in the middle of a line.
struct Subscription {
  uint32_t function;
  uint32_t app_data;
};
struct ConsoleGrant {
  Subscription write_done;
  uint32_t buffer_address;
  uint32_t buffer_length;
  uint32_t mid_line;
};

struct QueuedUpcall {
  Subscription subscription;
  uint32_t arguments[3];
};

rt::SyscallResult failure(Error error) {
  return {static_cast<uint32_t>(ReturnVariant::kFailure), static_cast<uint32_t>(error), 0, 0};
}
rt::SyscallResult success() {
  return {static_cast<uint32_t>(ReturnVariant::kSuccess), 0, 0, 0};
}
rt::SyscallResult success_u32(uint32_t value) {
  return {static_cast<uint32_t>(ReturnVariant::kSuccessU32), value, 0, 0};
}
rt::SyscallResult success_u32_u32(uint32_t a, uint32_t b) {
  return {static_cast<uint32_t>(ReturnVariant::kSuccessU32U32), a, b, 0};
}

bool in_program_code(uint32_t function) {
  const uintptr_t start = reinterpret_cast<uintptr_t>(__executable_start);
  const uintptr_t end = reinterpret_cast<uintptr_t>(etext);
  return function >= start && function < end;
}

[[noreturn]] void fatal(const char* what) {
  std::fprintf(stderr, "host kernel: %s\n", what);
  std::abort();
}

}  // namespace

struct HostKernel::State {
  explicit State(const HostKernelOptions& opts)
      : options(opts), memory(kRamOffset + opts.pool_bytes) {
    if (opts.pool_bytes > 15 * kRamOffset) fatal("RAM pool larger than 15 MiB");
    process = make_host_process(
        options, {memory.address() + kRamOffset, options.pool_bytes, memory.bytes() + kRamOffset},
        {memory.address(), kFlashBytes});
  }

  // The console's grant, allocated on first use (nullptr: no room in the gap).
  ConsoleGrant* console_grant() {
    const uint32_t driver = static_cast<uint32_t>(abi::Driver::kConsole);
    kernel::Result<kernel::GrantMemory> grant = process->grant(driver);
    if (!grant.ok())
      grant = process->allocate_grant(driver, sizeof(ConsoleGrant), kernel::kGrantAlignment);
    return grant.ok() ? reinterpret_cast<ConsoleGrant*>(grant.value().bytes) : nullptr;
  }

  // Where the kernel reads an allowed read-only buffer: the block, or the flash mapping.
  const unsigned char* readable(uint32_t address, uint32_t length) const {
    if (kernel::range_within(address, length, memory.address(), memory.address() + kFlashBytes)) {
      return memory.bytes() + (address - memory.address());
    }
    return process->kernel_pointer(address, length);
  }

  // The app ends: back on the kernel's stack first when it ran on its own (a reset
  // zeroes the block, and with it the app's stack), then settle().
  void end_app(AppRun run) {
    outcome = run;
    if (app.inside()) app.leave();
    settle();
  }
  // Its upcalls are forgotten; its grants dropped (exit) or the process reset (restart).
  void settle() {
    upcalls.clear();
    if (outcome.end == AppEnd::kRestarted) {
      process->reset();
    } else if (outcome.end == AppEnd::kExited) {
      process->terminate();
    }
  }
  void run_app_code(unsigned char* stack, size_t size, void (*entry)(void*), void* context) {
    outcome = {AppEnd::kReturned, 0};
    app.start(stack, size, entry, context);  // returns when the app returns or leaves
    settle();
  }

  rt::SyscallResult yield(uint32_t wait, uint32_t report_address);
  rt::SyscallResult subscribe(uint32_t driver, uint32_t number, uint32_t fn, uint32_t data);
  rt::SyscallResult command(uint32_t driver, uint32_t number, uint32_t a1);
  rt::SyscallResult allow(bool read_write, uint32_t driver, uint32_t number, uint32_t address,
                          uint32_t length);
  rt::SyscallResult memop(uint32_t operation, uint32_t argument);
  rt::SyscallResult console_write(uint32_t length);

  HostKernelOptions options;
  LowMapping memory;
  std::unique_ptr<HostProcess> process;
  std::string console;
  std::vector<size_t> console_writes;
  std::deque<QueuedUpcall> upcalls;
  size_t counts[8] = {};
  arch::host::Fiber app;  // app code on its own stack; leave() abandons its frames
  AppRun outcome = {AppEnd::kReturned, 0};
};

rt::SyscallResult HostKernel::State::yield(uint32_t wait, uint32_t report_address) {
  if (wait > 1) return failure(Error::kInvalid);
  if (wait == 0 && report_address != 0) {
    // Whether an upcall runs, written to a byte of the app's memory below its break.
    const MemoryMap map = process->memory_map();
    unsigned char* report = kernel::range_within(report_address, 1, map.memory_start, map.app_break)
                                ? process->kernel_pointer(report_address, 1)
                                : nullptr;
    if (report == nullptr) return failure(Error::kInvalid);
    *report = upcalls.empty() ? 0 : 1;
  }
  if (!upcalls.empty()) {
    const QueuedUpcall upcall = upcalls.front();
    upcalls.pop_front();
    // The app's function, on the app's stack, before the yield returns.
    const auto fn =
        reinterpret_cast<rt::Upcall>(static_cast<uintptr_t>(upcall.subscription.function));
    fn(upcall.arguments[0], upcall.arguments[1], upcall.arguments[2],
       reinterpret_cast<void*>(static_cast<uintptr_t>(upcall.subscription.app_data)));
  } else if (wait == 1 && app.inside()) {
    end_app({AppEnd::kBlocked, 0});
  }
  return success();
}

rt::SyscallResult HostKernel::State::subscribe(uint32_t driver, uint32_t number, uint32_t fn,
                                               uint32_t data) {
  if (driver == static_cast<uint32_t>(abi::Driver::kProcessInfo)) return failure(Error::kNoSupport);
  if (driver != static_cast<uint32_t>(abi::Driver::kConsole)) return failure(Error::kNoDevice);
  if (number != abi::console::kUpcallWriteDone) return failure(Error::kNoSupport);
  if (fn != 0 && !in_program_code(fn)) return failure(Error::kInvalid);
  ConsoleGrant* grant = console_grant();
  if (!grant) return failure(Error::kNoMemory);
  const Subscription previous = grant->write_done;
  grant->write_done = {fn, data};
  return success_u32_u32(previous.function, previous.app_data);
}

rt::SyscallResult HostKernel::State::command(uint32_t driver, uint32_t number, uint32_t a1) {
  if (driver == static_cast<uint32_t>(abi::Driver::kProcessInfo)) {
    switch (number) {
      case 0:
        return success();
      case abi::process_info::kCommandRestartCount:
        return success_u32(static_cast<uint32_t>(process->memory_map().restart_count));
      case abi::process_info::kCommandProcessId:
        return success_u32(0);
      case abi::process_info::kCommandProcessCount:
        return success_u32(1);
      default:
        return failure(Error::kNoSupport);
    }
  }
  if (driver != static_cast<uint32_t>(abi::Driver::kConsole)) return failure(Error::kNoDevice);
  if (number == abi::console::kCommandExists) return success();
  if (number != abi::console::kCommandWrite) {
    return console_grant() ? failure(Error::kNoSupport) : failure(Error::kNoMemory);
  }
  return console_write(a1);
}

rt::SyscallResult HostKernel::State::console_write(uint32_t length) {
  ConsoleGrant* grant = console_grant();
  if (!grant) return failure(Error::kNoMemory);
  if (grant->buffer_length == 0) return failure(Error::kReserve);
  if (length > grant->buffer_length) return failure(Error::kSize);
  const unsigned char* bytes = readable(grant->buffer_address, length);
  if (!bytes) return failure(Error::kReserve);
  console.append(reinterpret_cast<const char*>(bytes), length);
  console_writes.push_back(length);
  if (length > 0) grant->mid_line = bytes[length - 1] != '\n';
  if (grant->write_done.function != 0) upcalls.push_back({grant->write_done, {length, 0, 0}});
  return success();
}

rt::SyscallResult HostKernel::State::allow(bool read_write, uint32_t driver, uint32_t number,
                                           uint32_t address, uint32_t length) {
  if (driver == static_cast<uint32_t>(abi::Driver::kProcessInfo)) return failure(Error::kNoSupport);
  if (driver != static_cast<uint32_t>(abi::Driver::kConsole)) return failure(Error::kNoDevice);
  if (read_write || number != abi::console::kAllowWrite) return failure(Error::kNoSupport);
  // The buffer first, as the board kernel checks it: a refused one costs no grant.
  if (process->check_allow(address, length, kernel::AllowKind::ReadOnly) !=
      kernel::MemoryError::None) {
    return failure(Error::kInvalid);
  }
  ConsoleGrant* grant = console_grant();
  if (!grant) return failure(Error::kNoMemory);
  const kernel::MemoryError error = process->allow(address, length, kernel::AllowKind::ReadOnly);
  if (error != kernel::MemoryError::None) return failure(Error::kInvalid);
  const uint32_t previous_address = grant->buffer_address;
  const uint32_t previous_length = grant->buffer_length;
  grant->buffer_address = length == 0 ? 0 : address;
  grant->buffer_length = length;
  return success_u32_u32(previous_address, previous_length);
}

rt::SyscallResult HostKernel::State::memop(uint32_t operation, uint32_t argument) {
  // A 32-bit register widened to the host's word: sbrk's delta is signed, the rest are
  // addresses and counts.
  const uintptr_t word =
      operation == static_cast<uint32_t>(abi::Memop::kSbrk)
          ? static_cast<uintptr_t>(static_cast<intptr_t>(static_cast<int32_t>(argument)))
          : argument;
  const kernel::SyscallResult::Registers registers = process->memop(operation, word).encode();
  if (registers.r1 > UINT32_MAX) fatal("a memop value does not fit a register");
  return {static_cast<uint32_t>(registers.r0), static_cast<uint32_t>(registers.r1), 0, 0};
}

HostKernel::HostKernel(const HostKernelOptions& options)
    : state_(std::make_unique<State>(options)) {
  if (current_kernel != nullptr) fatal("one host kernel at a time");
  current_kernel = this;
}

HostKernel::~HostKernel() {
  current_kernel = nullptr;
}

HostKernel* HostKernel::current() {
  return current_kernel;
}

kernel::MemoryError HostKernel::load_error() const {
  return state_->process->load_error();
}
MemoryMap HostKernel::memory_map() const {
  return state_->process->memory_map();
}
bool HostKernel::invariants_hold() const {
  return state_->process->invariants_hold();
}
uintptr_t HostKernel::flash_start() const {
  return state_->memory.address();
}
size_t HostKernel::flash_size() const {
  return kFlashBytes;
}
unsigned char* HostKernel::block_bytes(uintptr_t address, size_t size) const {
  return state_->process->kernel_pointer(address, size);
}
kernel::MemoryError HostKernel::allocate_grant(uint32_t driver, size_t size) {
  const kernel::Result<kernel::GrantMemory> grant =
      state_->process->allocate_grant(driver, size, kernel::kGrantAlignment);
  return grant.ok() ? kernel::MemoryError::None : grant.error();
}
const std::string& HostKernel::console_output() const {
  return state_->console;
}
const std::vector<size_t>& HostKernel::console_writes() const {
  return state_->console_writes;
}
size_t HostKernel::syscall_count(abi::SyscallClass cls) const {
  const auto index = static_cast<size_t>(cls);
  return index < 8 ? state_->counts[index] : 0;
}

rt::SyscallResult HostKernel::syscall(uint32_t cls, uint32_t a0, uint32_t a1, uint32_t a2,
                                      uint32_t a3) {
  State& s = *state_;
  ++s.counts[cls < 7 ? cls : 7];
  switch (static_cast<abi::SyscallClass>(cls)) {
    case abi::SyscallClass::kYield:
      return s.yield(a0, a1);
    case abi::SyscallClass::kSubscribe:
      return s.subscribe(a0, a1, a2, a3);
    case abi::SyscallClass::kCommand:
      return s.command(a0, a1, a2);
    case abi::SyscallClass::kAllowReadWrite:
      return s.allow(true, a0, a1, a2, a3);
    case abi::SyscallClass::kAllowReadOnly:
      return s.allow(false, a0, a1, a2, a3);
    case abi::SyscallClass::kMemop:
      return s.memop(a0, a1);
    case abi::SyscallClass::kExit:
      if (a0 > static_cast<uint32_t>(abi::ExitKind::kRestart)) break;
      if (!s.app.inside()) fatal("exit outside an app run");
      s.end_app({a0 == 0 ? AppEnd::kExited : AppEnd::kRestarted, a1});
      break;
  }
  return failure(Error::kNoSupport);
}

namespace {

struct AppStart {
  rt::AppSections sections;
  uintptr_t flash_start;
  MemoryMap map;
  int (*main_fn)();
};

void start_app(void* context) {
  const AppStart& start = *static_cast<const AppStart*>(context);
  rt::run_app(start.sections, start.flash_start, start.map.memory_start,
              start.map.memory_end - start.map.memory_start, start.map.initial_break,
              start.main_fn);
}

template <class T>
T* at(uintptr_t address) {
  return reinterpret_cast<T*>(address);
}

}  // namespace

AppRun HostKernel::run(const AppImage& image, int (*main_fn)()) {
  State& s = *state_;
  const MemoryMap map = memory_map();
  const size_t data_bytes = image.data.size() * sizeof(uint32_t);
  if (data_bytes > kFlashBytes) fatal(".data larger than the flash");
  // The linker script's RAM image: stack, .data (8-aligned), .bss (8-aligned end).
  const uintptr_t ram_start = image.ram_start != 0 ? image.ram_start : map.memory_start;
  const uintptr_t stack_top = ram_start + image.stack_bytes;
  const uintptr_t data_start = (stack_top + 7) & ~uintptr_t{7};
  const uintptr_t bss_start = data_start + data_bytes;
  const uintptr_t bss_end = (bss_start + image.bss_words * sizeof(uint32_t) + 7) & ~uintptr_t{7};
  if (data_bytes > 0) std::memcpy(s.memory.bytes(), image.data.data(), data_bytes);
  AppStart start = {
      {ram_start, stack_top, at<const uint32_t>(flash_start()), at<uint32_t>(data_start),
       at<uint32_t>(bss_start), at<uint32_t>(bss_start), at<uint32_t>(bss_end),
       image.constructors.data(), image.constructors.data() + image.constructors.size()},
      flash_start(),
      map,
      main_fn};
  // The entry (crt0): before any use of the stack, the block check and the brk.
  const rt::StartupBreak target =
      rt::startup_break(start.sections, map.memory_start, map.memory_end - map.memory_start);
  if (target.failure != 0) {
    s.end_app({AppEnd::kExited, target.failure});
  } else if (!rt::brk(target.address)) {
    s.end_app({AppEnd::kExited, abi::kExitStartupBrkFailed});
  } else {
    s.run_app_code(at<unsigned char>(ram_start), image.stack_bytes, start_app, &start);
  }
  return s.outcome;
}

namespace {
struct Call {
  void (*fn)(void*);
  void* context;
};
void call(void* context) {
  const Call& c = *static_cast<const Call*>(context);
  c.fn(c.context);
}
}  // namespace

AppRun HostKernel::run_on_app_stack(void (*fn)(void*), void* context, size_t stack_bytes) {
  State& s = *state_;
  const MemoryMap map = memory_map();
  if (map.app_break < map.memory_start + stack_bytes && !rt::brk(map.memory_start + stack_bytes)) {
    fatal("the block cannot hold the app stack");
  }
  Call c = {fn, context};
  s.run_app_code(at<unsigned char>(map.memory_start), stack_bytes, call, &c);
  return s.outcome;
}

}  // namespace tide::host

namespace tide::rt {

extern "C" SyscallResult tide_syscall(uint32_t syscall_class, uint32_t a0, uint32_t a1, uint32_t a2,
                                      uint32_t a3) {
  host::HostKernel* kernel = host::HostKernel::current();
  if (kernel == nullptr) {
    std::fprintf(stderr, "tide_syscall: no host kernel\n");
    std::abort();
  }
  return kernel->syscall(syscall_class, a0, a1, a2, a3);
}

}  // namespace tide::rt
