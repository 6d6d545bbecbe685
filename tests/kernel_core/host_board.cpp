#include "host_board.h"

#include <sys/mman.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "tide/core/board.h"

namespace tide::test {
namespace {

// Where the kernel's exit lands on the host: thrown by exit_emulator, caught by run().
struct KernelExit {
  int status;
};

std::string console_text;

// Candidates from 768 MiB up in 16 MiB steps: below the sanitizers' shadow memory on
// x86-64, above a non-PIE program and its brk heap, and away from the host runtime
// backend's mappings (from 512 MiB).
constexpr uintptr_t kFirstCandidate = 0x30000000;
constexpr uintptr_t kCandidateStep = 0x01000000;
constexpr int kCandidates = 32;

[[noreturn]] void fail(const char* what) {
  std::fprintf(stderr, "host board: %s\n", what);
  std::abort();
}

}  // namespace

Returned App::raw_syscall(uint32_t cls, uint32_t a0, uint32_t a1, uint32_t a2, uint32_t a3) {
  arch::UserContext& context = *context_;
  context.syscall_class = cls;
  context.arguments[0] = a0;
  context.arguments[1] = a1;
  context.arguments[2] = a2;
  context.arguments[3] = a3;
  board_->trap_ = arch::TrapKind::kSyscall;
  fiber_.suspend();
  const Returned returned = {context.returns[0], context.returns[1], context.returns[2],
                             context.returns[3]};
  if (context.upcall_pending) {
    // The kernel made the app call fn(arguments) on its way back from the trap.
    context.upcall_pending = false;
    const uint32_t arguments[4] = {context.upcall_arguments[0], context.upcall_arguments[1],
                                   context.upcall_arguments[2], context.upcall_arguments[3]};
    const auto handler = board_->upcalls_.find(context.upcall_function);
    if (handler != board_->upcalls_.end()) {
      handler->second(arguments);
    } else {
      ++board_->unregistered_upcalls_;  // flash no handler names: code that does nothing
    }
  }
  return returned;
}

Returned App::syscall(abi::SyscallClass cls, uint32_t a0, uint32_t a1, uint32_t a2, uint32_t a3) {
  return raw_syscall(static_cast<uint32_t>(cls), a0, a1, a2, a3);
}

void App::exit(uint32_t status) {
  syscall(abi::SyscallClass::kExit, static_cast<uint32_t>(abi::ExitKind::kTerminate), status);
  fail("an exited process was resumed");
}

void App::restart() {
  syscall(abi::SyscallClass::kExit, static_cast<uint32_t>(abi::ExitKind::kRestart), 0);
  fail("a restarted process resumed its old run");
}

void App::fault(const char* kind, uint32_t address) {
  arch::host::record_fault({kind, address, true, context_->pc, 0, 0});
  board_->trap_ = arch::TrapKind::kFault;
  fiber_.suspend();
  fail("a faulted process resumed after its fault");
}

uint32_t App::upcall_function(std::function<void(const uint32_t (&)[4])> handler) {
  const uint32_t address = flash_start() + HostBoard::kEntryOffset + 4 * ++board_->next_upcall_;
  board_->upcalls_[address] = std::move(handler);
  return address;
}

uint32_t App::process_id() {
  return command(abi::Driver::kProcessInfo, abi::process_info::kCommandProcessId).r1;
}

HostBoard::HostBoard(uint32_t restart_limit, uint32_t upcall_queue_length) {
  mapping_bytes_ = 2 * kSlotSize * kSlotCount;
  for (int i = 0; i < kCandidates && flash_base_ == 0; ++i) {
    void* want = reinterpret_cast<void*>(kFirstCandidate + i * kCandidateStep);
    void* got = mmap(want, mapping_bytes_, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    if (got == want) flash_base_ = reinterpret_cast<uintptr_t>(got);
    if (got != MAP_FAILED && got != want) munmap(got, mapping_bytes_);
  }
  if (flash_base_ == 0) fail("no free low mapping for the board's flash and RAM");
  ram_base_ = flash_base_ + kSlotSize * kSlotCount;
  std::memset(reinterpret_cast<void*>(flash_base_), 0xFF, kSlotSize * kSlotCount);  // erased
  console_text.clear();
  config_ = {
      .board_name = "host",
      .app_flash_base = flash_base_,
      .app_ram_base = ram_base_,
      .app_slot_size = kSlotSize,
      .app_slot_count = kSlotCount,
      .drivers = drivers_,
      .driver_count = sizeof drivers_ / sizeof drivers_[0],
      .fault_policy = {.restart_limit = restart_limit},
      .timeslice_cycles = 0,
      .upcall_queue_length = upcall_queue_length,
  };
  kernel_ = std::make_unique<core::Kernel>(config_, processes_, kSlotCount);
  for (size_t slot = 0; slot < kSlotCount; ++slot) {
    apps_[slot].board_ = this;
    apps_[slot].slot_ = slot;
  }
  arch::host::install(this);
}

HostBoard::~HostBoard() {
  arch::host::install(nullptr);
  munmap(reinterpret_cast<void*>(flash_base_), mapping_bytes_);
}

abi::AppHeader& HostBoard::install(size_t slot, AppSpec spec) {
  auto& header = *reinterpret_cast<abi::AppHeader*>(flash_base_ + slot * kSlotSize);
  header = {};
  header.magic = abi::kAppMagic;
  header.version = abi::kAppVersion;
  header.header_size = sizeof(abi::AppHeader);
  header.image_size = kImageSize;
  header.entry_offset = kEntryOffset;
  header.min_ram = spec.min_ram;
  header.stack_size = spec.stack_size;
  header.ram_address = static_cast<uint32_t>(ram_base_ + slot * kSlotSize);
  std::snprintf(header.name, sizeof header.name, "%s", spec.name.c_str());
  header.checksum = abi::app_header_checksum(header);
  specs_[slot] = std::move(spec);
  return header;
}

void HostBoard::set_checksum(size_t slot) {
  auto& header = *reinterpret_cast<abi::AppHeader*>(flash_base_ + slot * kSlotSize);
  header.checksum = abi::app_header_checksum(header);
}

size_t HostBoard::load() {
  return kernel_->load_apps();
}

int HostBoard::run() {
  try {
    kernel_->run();
  } catch (const KernelExit& exit) {
    return exit.status;
  }
}

const std::string& HostBoard::console() const {
  return console_text;
}

App* HostBoard::app_of(arch::UserContext& context) {
  for (core::Process& process : processes_) {
    if (&process.context == &context) return &apps_[process.slot];
  }
  fail("run_process for a context that is no process's");
}

arch::TrapKind HostBoard::run(arch::UserContext& context) {
  if (before_run_) before_run_();
  App& app = *app_of(context);
  if (app.starts_ != context.starts) {
    // A fresh start (load, restart): the old run's frames, if any, are abandoned.
    app.starts_ = context.starts;
    app.context_ = &context;
    for (int i = 0; i < 4; ++i)
      app.start_[i] = context.arguments[i];
    app.fiber_.start(app.stack_.data(), app.stack_.size(), app_entry, &app);
  } else {
    app.fiber_.resume();
  }
  if (app.fiber_.finished()) fail("an app's fiber ended without exiting");
  return trap_;
}

void HostBoard::app_entry(void* pointer) {
  App& app = *static_cast<App*>(pointer);
  app.board_->specs_[app.slot_].main(app);
  app.exit(0);
}

}  // namespace tide::test

// The board functions kernel/core calls (tide/core/board.h).
namespace tide::board {

void console_write(const char* text, size_t length) {
  test::console_text.append(text, length);
}

void exit_emulator(int status) {
  throw test::KernelExit{status};
}

}  // namespace tide::board
