// libFuzzer harness over kernel/core's real system-call dispatcher: up to three
// processes on the host board (host_board.h) make system calls chosen by the input --
// every class (and unknown ones), every driver (and unknown ones), memop 0-15, allow and
// subscribe with hostile addresses and lengths, yields, exits, restarts and faults.
// After every call:
//   * every process's kernel/memory invariants hold;
//   * its protection configuration (PMSAv7 or PMP: one binary per unit), decoded
//     independently, gives the app read+write
//     access to [memory start, protected end) and none at or above its kernel break,
//     below its block, or in any other process's block;
//   * a call that failed changed nothing the kernel keeps for any process (breaks,
//     high-water mark, grants and their contents, protection, upcall queue, state).
// A crash, a sanitizer report or a broken check aborts. Run longer than the CTest smoke:
//   build/fuzz/tests/kernel_core/dispatcher_fuzz_mpu -max_total_time=600   (or _pmp)
#include <stddef.h>
#include <stdint.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "../kernel_memory/decoded_view.h"
#include "host_board.h"

namespace tide::test {
namespace {

using abi::SyscallClass;

size_t total_calls = 0;

[[noreturn]] void fail(const char* what, uint32_t cls, uint32_t a0) {
  std::fprintf(stderr, "dispatcher_fuzz: %s (class %u, r0 %u)\n", what, cls, a0);
  std::abort();
}

// The fuzz input, read a little at a time by whichever process runs.
class Input {
 public:
  Input(const uint8_t* data, size_t size) : data_(data), size_(size) {}
  bool empty() const { return used_ >= size_; }
  uint8_t byte() { return used_ < size_ ? data_[used_++] : 0; }
  uint32_t word() {
    uint32_t value = 0;
    for (int i = 0; i < 4; ++i)
      value = value << 8 | byte();
    return value;
  }

 private:
  const uint8_t* data_;
  size_t size_;
  size_t used_ = 0;
};

// Everything the kernel keeps for a process that a failed call must not change (its
// upcall queue and scheduling state only for the caller: the scheduler may deliver a
// waiting process's upcall before it runs the next process).
std::vector<unsigned char> kernel_state(core::Process& process, bool caller) {
  std::vector<unsigned char> state;
  const auto add = [&](const void* bytes, size_t size) {
    const auto* p = static_cast<const unsigned char*>(bytes);
    state.insert(state.end(), p, p + size);
  };
  const core::ProcessMemory& memory = process.memory;
  if (!memory.loaded()) return state;
  const uintptr_t values[] = {memory.app_break(), memory.kernel_break(),
                              memory.allow_high_water_mark(), caller ? process.upcall_count : 0,
                              caller ? static_cast<uintptr_t>(process.state) : 0};
  add(values, sizeof values);
  add(&memory.protection(), sizeof(memory.protection()));
  // The grants and what the kernel keeps in them (subscriptions, buffers, driver state).
  add(memory.kernel_pointer(memory.kernel_break(), 0),
      memory.kernel_area_start() - memory.kernel_break());
  return state;
}

struct Fuzz {
  HostBoard* board;
  Input* input;
  size_t apps;
};
Fuzz fuzz;

std::vector<std::vector<unsigned char>> snapshot(const core::Process* caller) {
  std::vector<std::vector<unsigned char>> all;
  for (size_t i = 0; i < fuzz.apps; ++i) {
    core::Process& process = fuzz.board->process(i);
    all.push_back(kernel_state(process, &process == caller));
  }
  return all;
}

// The call being made: checked on the kernel's side once it is handled (before_run).
struct PendingCall {
  bool active = false;
  bool returns = false;  // false: exit, restart or a fault (no result to check)
  uint32_t cls = 0;
  uint32_t a0 = 0;
  core::Process* caller = nullptr;
  std::vector<std::vector<unsigned char>> before;
};
PendingCall pending;

void check_protection(core::Process& process, uint32_t cls, uint32_t a0) {
  const core::ProcessMemory& memory = process.memory;
  if (!memory.loaded() || !process.live()) return;
  const auto access = [&](uintptr_t address) { return user_access(memory.protection(), address); };
  const uintptr_t start = memory.memory_start();
  const uintptr_t end = memory.protected_end();
  if (end > start && (access(start) != kReadWrite || access(end - 4) != kReadWrite)) {
    fail("the app cannot reach its own memory", cls, a0);
  }
  // The kernel's part of the block: nothing at all.
  const uintptr_t kernel_owned[] = {memory.kernel_break(), memory.kernel_area_start(),
                                    memory.memory_end() - 4};
  for (const uintptr_t address : kernel_owned) {
    if (address < memory.memory_end() && access(address) != kNoAccess) {
      fail("user access at or above the kernel break", cls, a0);
    }
  }
  // Just outside the block: never writable, readable only as the app's flash.
  const kernel::FlashRange& flash = memory.flash();
  for (const uintptr_t address : {start - 4, memory.memory_end()}) {
    const Access got = access(address);
    const bool in_flash = address >= flash.start && address - flash.start < flash.size;
    if (got.write || (got.read && !in_flash)) fail("user access outside the block", cls, a0);
  }
  for (size_t i = 0; i < fuzz.apps; ++i) {
    const core::ProcessMemory& other = fuzz.board->process(i).memory;
    if (&other == &memory || !other.loaded()) continue;
    if (access(other.memory_start()) != kNoAccess) fail("access to another process", cls, a0);
  }
}

void check_all(uint32_t cls, uint32_t a0) {
  for (size_t i = 0; i < fuzz.apps; ++i) {
    core::Process& process = fuzz.board->process(i);
    if (!process.memory.invariants_hold()) fail("a kernel/memory invariant broke", cls, a0);
    check_protection(process, cls, a0);
  }
}

// An address an app might pass: its own memory's edges, the kernel's part of its block,
// its flash, another process's memory, or anything.
uint32_t pick_address(App& app, const core::ProcessMemory& memory) {
  const uint32_t offset = fuzz.input->byte();
  switch (fuzz.input->byte() % 10) {
    case 0:
      return app.memory_start() + offset;
    case 1:
      return static_cast<uint32_t>(memory.app_break()) - offset;
    case 2:
      return static_cast<uint32_t>(memory.protected_end()) - offset;
    case 3:
      return static_cast<uint32_t>(memory.kernel_break()) + offset;
    case 4:
      return static_cast<uint32_t>(memory.kernel_area_start()) + offset;
    case 5:
      return static_cast<uint32_t>(memory.memory_end()) - offset;
    case 6:
      return app.flash_start() + offset * 4;
    case 7:
      return static_cast<uint32_t>(fuzz.board->ram_base() +
                                   (offset % HostBoard::kSlotCount) * HostBoard::kSlotSize);
    case 8:
      return fuzz.input->word();
    default:
      return offset % 2 ? 0 : 0xFFFFFFF0u;
  }
}

uint32_t pick_length() {
  static constexpr uint32_t kLengths[] = {0, 1, 4, 16, 64, 256, 4096, 0xFFFFFFF0u};
  const uint8_t choice = fuzz.input->byte();
  return choice < 200 ? kLengths[choice % 8] : fuzz.input->word();
}

uint32_t pick_driver() {
  const uint8_t choice = fuzz.input->byte() % 6;
  return choice < 4 ? choice : fuzz.input->word();
}

void app_main(App& app) {
  core::Process& self = fuzz.board->process(app.process_id());
  while (!fuzz.input->empty()) {
    const core::ProcessMemory& memory = self.memory;
    const uint8_t op = fuzz.input->byte();
    uint32_t cls = op % 9;
    uint32_t a[4] = {0, 0, 0, 0};
    switch (cls) {
      case 0:  // yield: wait only now and then (everyone waiting is a deadlock)
        a[0] = fuzz.input->byte() % 16 == 0 ? 1 : (fuzz.input->byte() % 8 == 0 ? 2 : 0);
        a[1] = fuzz.input->byte() % 2 ? pick_address(app, memory) : 0;
        break;
      case 1:  // subscribe
        a[0] = pick_driver();
        a[1] = fuzz.input->byte() % 4;
        a[2] = fuzz.input->byte() % 2 ? app.upcall_function([](const uint32_t(&)[4]) {})
                                      : pick_address(app, memory);
        a[3] = fuzz.input->word();
        break;
      case 2:  // command
        a[0] = pick_driver();
        a[1] = fuzz.input->byte() % 5;
        a[2] = a[0] == static_cast<uint32_t>(abi::Driver::kSignal) ? fuzz.input->byte() % 4
                                                                   : pick_length();
        a[3] = fuzz.input->word();
        break;
      case 3:  // allow rw
      case 4:  // allow ro
        a[0] = pick_driver();
        a[1] = fuzz.input->byte() % 4;
        a[2] = pick_address(app, memory);
        a[3] = pick_length();
        break;
      case 5:  // memop
        a[0] = fuzz.input->byte() % 16;
        a[1] = fuzz.input->byte() % 3 ? pick_address(app, memory) : fuzz.input->word();
        if (a[0] == static_cast<uint32_t>(abi::Memop::kSbrk)) {
          a[1] = static_cast<uint32_t>(static_cast<int32_t>(
              static_cast<int16_t>(fuzz.input->byte() << 8 | fuzz.input->byte())));
        }
        break;
      case 6: {  // exit: terminate, restart, or an unknown kind
        const uint8_t kind = fuzz.input->byte();
        if (kind % 16 != 0) continue;  // rare: they end a process's run
        a[0] = kind % 3;
        a[1] = fuzz.input->byte();
        break;
      }
      case 7:  // an unknown class
        cls = 7 + fuzz.input->byte();
        break;
      default:  // a fault, rarely
        if (fuzz.input->byte() % 16 != 0) continue;
        ++total_calls;
        pending = {true, false, cls, 0, &self, {}};
        app.fault("fuzzed fault", pick_address(app, memory));
    }
    const bool ends_run = cls == static_cast<uint32_t>(SyscallClass::kExit) &&
                          a[0] <= static_cast<uint32_t>(abi::ExitKind::kRestart);
    pending = {true, !ends_run, cls, a[0], &self, snapshot(&self)};
    ++total_calls;
    app.raw_syscall(cls, a[0], a[1], a[2], a[3]);
  }
}

// On the kernel's side, after a call was handled and before any process runs again.
void after_call() {
  if (!pending.active) return;
  pending.active = false;
  if (pending.returns) {
    const uint32_t variant = pending.caller->context.returns[0];
    const bool failed = variant < static_cast<uint32_t>(abi::ReturnVariant::kSuccess);
    if (failed && snapshot(pending.caller) != pending.before) {
      fail("a failed call changed state", pending.cls, pending.a0);
    }
  }
  check_all(pending.cls, pending.a0);
}

}  // namespace
}  // namespace tide::test

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  std::atexit([] {
    std::fprintf(stderr, "dispatcher_fuzz: %zu system calls in all\n", tide::test::total_calls);
  });
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace tide::test;
  if (size < 1) return 0;
  Input input(data + 1, size - 1);
  HostBoard board(/*restart_limit=*/1, /*upcall_queue_length=*/3);
  pending = {};
  board.set_before_run(after_call);
  fuzz = {&board, &input, static_cast<size_t>(1 + data[0] % 3)};
  for (size_t slot = 0; slot < fuzz.apps; ++slot) {
    board.install(
        slot, {"fuzz" + std::to_string(slot), 2048u + 2048u * (data[0] >> 4 & 3), 512, app_main});
  }
  if (board.load() != fuzz.apps) fail("a fuzz app did not load", 0, 0);
  board.run();
  // Every run ends with all processes exited or stopped; a deadlock (every process in
  // yield-wait, no upcall coming) is a panic the kernel reports, not a crash. Any other
  // panic is a finding.
  const std::string& log = board.console();
  if (log.find("kernel panic") != std::string::npos &&
      log.find("kernel panic: deadlock") == std::string::npos) {
    fail("the kernel panicked", 0, 0);
  }
  return 0;
}
