// kernel/core on the host: the real scheduler, system-call dispatcher, drivers, loader
// and fault policy, with apps as test functions (host_board.h).
#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "../kernel_memory/decoded_view.h"
#include "host_board.h"

namespace tide::test {
namespace {

using abi::Driver;
using abi::Error;
using abi::Memop;
using abi::SyscallClass;

constexpr uint32_t kSignalValue = 0x5eed;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(KernelCore, RunsAppsRoundRobinAndExitsWithTheFirstNonZeroStatus) {
  HostBoard board;
  std::string order;
  board.install(0, {"first", 4096, 512, [&](App& app) {
                      order += "a";
                      app.syscall(SyscallClass::kYield, 0);
                      order += "c";
                      app.exit(0);
                    }});
  board.install(1, {"second", 4096, 512, [&](App& app) {
                      order += "b";
                      app.syscall(SyscallClass::kYield, 0);
                      order += "d";
                      app.exit(7);
                    }});
  EXPECT_EQ(board.load(), 2u);
  EXPECT_EQ(board.run(), 7);
  EXPECT_EQ(order, "abcd");
  EXPECT_TRUE(contains(board.console(), "'first' exited with status 0"));
  EXPECT_TRUE(contains(board.console(), "'second' exited with status 7"));
}

TEST(KernelCore, TheLoaderRefusesBadImagesAndRunsTheRest) {
  HostBoard board;
  const auto app = [](App&) {};
  board.install(0, {"badmagic", 4096, 512, app}).magic = 0x12345678;
  board.install(1, {"badsum", 4096, 512, app}).checksum ^= 1;
  abi::AppHeader& entry = board.install(2, {"badentry", 4096, 512, app});
  entry.entry_offset = HostBoard::kImageSize;
  board.set_checksum(2);
  board.install(3, {"good", 4096, 512, app});
  EXPECT_EQ(board.load(), 1u);
  const std::string& log = board.console();
  EXPECT_TRUE(contains(log, "app slot 0")) << log;
  EXPECT_TRUE(contains(log, "bad magic"));
  EXPECT_TRUE(contains(log, "header checksum mismatch"));
  EXPECT_TRUE(contains(log, "entry point outside the image"));
  EXPECT_EQ(board.run(), 0);
  EXPECT_TRUE(contains(board.console(), "'good' exited with status 0"));
}

TEST(KernelCore, BadSystemCallsGetTheirErrorAndChangeNothing) {
  HostBoard board;
  board.install(
      0, {"hostile", 4096, 512, [&](App& app) {
            const uint32_t brk = app.memop(Memop::kSbrk, 0).r1;
            const uint32_t grants = app.memop(Memop::kGrantStart).r1;
            EXPECT_TRUE(app.raw_syscall(7, 0, 0, 0, 0).failed_with(Error::kNoSupport));
            EXPECT_TRUE(app.raw_syscall(254, 0, 0, 0, 0).failed_with(Error::kNoSupport));
            EXPECT_TRUE(app.syscall(SyscallClass::kYield, 5).failed_with(Error::kInvalid));
            EXPECT_TRUE(app.syscall(SyscallClass::kYield, 0, app.memory_start() - 4)
                            .failed_with(Error::kInvalid));
            EXPECT_TRUE(app.syscall(SyscallClass::kExit, 9, 0).failed_with(Error::kNoSupport));
            EXPECT_TRUE(app.command(static_cast<Driver>(77), 1).failed_with(Error::kNoDevice));
            EXPECT_TRUE(app.memop(static_cast<Memop>(14)).failed_with(Error::kNoSupport));
            EXPECT_TRUE(app.memop(Memop::kBrk, app.memory_start() + app.memory_size())
                            .failed_with(Error::kNoMemory));
            // An upcall function must be app code, in its flash.
            EXPECT_TRUE(app.syscall(SyscallClass::kSubscribe, 1, 1, app.memory_start(), 0)
                            .failed_with(Error::kInvalid));
            EXPECT_TRUE(
                app.syscall(SyscallClass::kSubscribe, 1, 9, 0, 0).failed_with(Error::kNoSupport));
            EXPECT_EQ(app.memop(Memop::kSbrk, 0).r1, brk);
            EXPECT_EQ(app.memop(Memop::kGrantStart).r1, grants);
          }});
  board.load();
  EXPECT_EQ(board.run(), 0);
}

// A refused buffer is INVALID and makes no grant, even when the grant would not fit
// (it used to be allocated first, and the call answered NOMEM).
TEST(KernelCore, AllowChecksTheBufferBeforeMakingTheGrant) {
  HostBoard board;
  board.install(0, {"allow", 4096, 512, [&](App& app) {
                      // Some app memory first (on PMP the initial break is the block's start).
                      ASSERT_TRUE(app.memop(Memop::kBrk, app.memory_start() + 256).ok());
                      core::ProcessMemory& memory = board.process(0).memory;
                      const uint32_t signal = static_cast<uint32_t>(Driver::kSignal);
                      EXPECT_TRUE(app.allow(true, Driver::kSignal, 1, memory.kernel_area_start(), 4)
                                      .failed_with(Error::kInvalid));
                      EXPECT_FALSE(memory.grant(signal).ok());
                      // Leave less room in the gap than the signal grant needs.
                      const size_t gap = memory.kernel_break() - memory.protected_end();
                      ASSERT_TRUE(memory
                                      .allocate_grant(static_cast<uint32_t>(Driver::kStore),
                                                      gap - 8, kernel::kGrantAlignment)
                                      .ok());
                      const uintptr_t kernel_break = memory.kernel_break();
                      const uintptr_t mark = memory.allow_high_water_mark();
                      EXPECT_TRUE(app.allow(true, Driver::kSignal, 1, memory.kernel_area_start(), 4)
                                      .failed_with(Error::kInvalid));
                      EXPECT_TRUE(app.allow(true, Driver::kSignal, 1, app.memory_start(), 16)
                                      .failed_with(Error::kNoMemory));
                      EXPECT_EQ(memory.kernel_break(), kernel_break);
                      EXPECT_EQ(memory.allow_high_water_mark(), mark);  // NOMEM: nothing kept
                    }});
  board.load();
  EXPECT_EQ(board.run(), 0);
}

// A command the driver refuses makes no grant; one that needs the driver's state makes it.
TEST(KernelCore, OnlyACommandThatNeedsTheDriversStateMakesItsGrant) {
  HostBoard board;
  board.install(
      0,
      {"commands", 4096, 512, [&](App& app) {
         // Some app memory first (on PMP the initial break is the block's start).
         ASSERT_TRUE(app.memop(Memop::kBrk, app.memory_start() + 256).ok());
         core::ProcessMemory& memory = board.process(0).memory;
         const uint32_t store = static_cast<uint32_t>(Driver::kStore);
         const uint32_t console = static_cast<uint32_t>(Driver::kConsole);
         EXPECT_TRUE(app.command(Driver::kStore, 99).failed_with(Error::kNoSupport));
         EXPECT_TRUE(
             app.command(Driver::kStore, abi::store::kCommandSave, 4).failed_with(Error::kReserve));
         EXPECT_TRUE(app.command(Driver::kConsole, abi::console::kCommandWrite, 4)
                         .failed_with(Error::kReserve));
         EXPECT_FALSE(memory.grant(store).ok());
         EXPECT_FALSE(memory.grant(console).ok());
         // A signal to a process that never used the driver: RESERVE, and
         // the target gets no grant on its behalf.
         EXPECT_TRUE(app.command(Driver::kSignal, abi::signal::kCommandSignal, app.process_id(), 1)
                         .failed_with(Error::kReserve));
         EXPECT_FALSE(memory.grant(static_cast<uint32_t>(Driver::kSignal)).ok());
         // An allow makes the store's grant; save then uses it.
         const uint32_t buffer = app.memory_start() + 4;
         ASSERT_TRUE(app.allow(false, Driver::kStore, abi::store::kAllow, buffer, 8).ok());
         EXPECT_TRUE(memory.grant(store).ok());
         EXPECT_TRUE(app.command(Driver::kStore, abi::store::kCommandSave, 8).ok());
       }});
  board.load();
  EXPECT_EQ(board.run(), 0);
}

// The drivers' success paths: console output with its name prefix and its write-done
// upcall, the store's save and load, process info.
TEST(KernelCore, ConsoleStoreAndProcessInfoDrivers) {
  HostBoard board;
  uint32_t written = 0;
  board.install(
      0,
      {"drivers", 4096, 512, [&](App& app) {
         const uint32_t start = app.memory_start();
         ASSERT_TRUE(app.memop(Memop::kBrk, start + 512).ok());
         std::memcpy(app.bytes(start + 64), "hello\n", 6);
         const uint32_t fn =
             app.upcall_function([&](const uint32_t(&arguments)[4]) { written = arguments[0]; });
         ASSERT_TRUE(app.syscall(SyscallClass::kSubscribe, static_cast<uint32_t>(Driver::kConsole),
                                 abi::console::kUpcallWriteDone, fn, 0)
                         .ok());
         ASSERT_TRUE(
             app.allow(false, Driver::kConsole, abi::console::kAllowWrite, start + 64, 6).ok());
         EXPECT_TRUE(app.command(Driver::kConsole, abi::console::kCommandWrite, 7)
                         .failed_with(Error::kSize));
         ASSERT_TRUE(app.command(Driver::kConsole, abi::console::kCommandWrite, 6).ok());
         app.syscall(SyscallClass::kYield, 1);  // the write-done upcall runs
         EXPECT_EQ(written, 6u);

         std::memcpy(app.bytes(start + 128), "record", 6);
         ASSERT_TRUE(app.allow(false, Driver::kStore, abi::store::kAllow, start + 128, 6).ok());
         ASSERT_TRUE(app.command(Driver::kStore, abi::store::kCommandSave, 6).ok());
         ASSERT_TRUE(app.allow(true, Driver::kStore, abi::store::kAllow, start + 256, 16).ok());
         const Returned loaded = app.command(Driver::kStore, abi::store::kCommandLoad);
         ASSERT_TRUE(loaded.ok());
         EXPECT_EQ(loaded.r1, 6u);
         EXPECT_EQ(std::memcmp(app.bytes(start + 256), "record", 6), 0);

         EXPECT_EQ(app.command(Driver::kProcessInfo, abi::process_info::kCommandProcessCount).r1,
                   1u);
         EXPECT_EQ(app.process_id(), 0u);
       }});
  board.load();
  EXPECT_EQ(board.run(), 0);
  EXPECT_TRUE(contains(board.console(), "[drivers] hello\n"));
}

// Restart policy: a restart the app asks for does not use up its fault restarts.
TEST(KernelCore, AnAskedForRestartDoesNotCountAgainstTheFaultLimit) {
  HostBoard board(/*restart_limit=*/1);
  int runs = 0;
  board.install(
      0, {"restarts", 4096, 512, [&](App& app) {
            ++runs;
            const uint32_t restarts =
                app.command(Driver::kProcessInfo, abi::process_info::kCommandRestartCount).r1;
            if (restarts == 0) app.restart();
            if (restarts == 1) app.fault("test fault", app.memory_start() - 4);
            app.exit(restarts == 2 ? 0 : 1);
          }});
  board.load();
  EXPECT_EQ(board.run(), 0);
  EXPECT_EQ(runs, 3);
  EXPECT_EQ(board.process(0).memory.restart_count(), 2u);
  EXPECT_EQ(board.process(0).fault_restarts, 1u);
  EXPECT_TRUE(contains(board.console(), "policy         restart (1 of 1)"));
}

TEST(KernelCore, AFaultBeyondTheLimitStopsOnlyThatProcess) {
  HostBoard board(/*restart_limit=*/1);
  int faults = 0;
  board.install(0, {"faulty", 4096, 512, [&](App& app) {
                      ++faults;
                      app.fault("test fault", 0x10);
                    }});
  board.install(1, {"fine", 4096, 512, [](App& app) { app.syscall(SyscallClass::kYield, 0); }});
  board.load();
  EXPECT_EQ(board.run(), static_cast<int>(core::kStoppedExitStatus));
  EXPECT_EQ(faults, 2);
  EXPECT_EQ(board.process(0).state, core::ProcessState::kStopped);
  EXPECT_EQ(board.process(1).state, core::ProcessState::kExited);
  EXPECT_TRUE(contains(board.console(), "fault in process 'faulty'"));
  EXPECT_TRUE(contains(board.console(), "policy         stop"));
}

// Upcalls: queued in order, delivered one per yield with their arguments; a full queue
// drops the newest and says so.
TEST(KernelCore, SignalUpcallsQueueInOrderAndOverflowIsReported) {
  HostBoard board(1, /*upcall_queue_length=*/4);
  std::vector<uint32_t> values;
  board.install(0, {"signals", 4096, 512, [&](App& app) {
                      const uint32_t fn = app.upcall_function(
                          [&](const uint32_t(&arguments)[4]) { values.push_back(arguments[0]); });
                      ASSERT_TRUE(app.syscall(SyscallClass::kSubscribe,
                                              static_cast<uint32_t>(Driver::kSignal),
                                              abi::signal::kUpcallSignalled, fn, 0)
                                      .ok());
                      const uint32_t self = app.process_id();
                      for (uint32_t i = 0; i < 5; ++i) {
                        ASSERT_TRUE(app.command(Driver::kSignal, abi::signal::kCommandSignal, self,
                                                kSignalValue + i)
                                        .ok());
                      }
                      for (int i = 0; i < 4; ++i)
                        app.syscall(SyscallClass::kYield, 1);
                      // The report byte must lie below the break (on PMP the initial
                      // break is the block's start).
                      ASSERT_TRUE(app.memop(Memop::kBrk, app.memory_start() + 64).ok());
                      uint8_t* report = app.bytes(app.memory_start() + 8);
                      *report = 7;
                      app.syscall(SyscallClass::kYield, 0, app.memory_start() + 8);
                      EXPECT_EQ(*report, 0);  // nothing left queued
                    }});
  board.load();
  EXPECT_EQ(board.run(), 0);
  EXPECT_EQ(values, (std::vector<uint32_t>{kSignalValue, kSignalValue + 1, kSignalValue + 2,
                                           kSignalValue + 3}));
  EXPECT_TRUE(contains(board.console(), "upcall queue full, upcall dropped"));
}

// The protection the kernel applies before running a process, decoded independently:
// the app reaches its memory up to the protected end and nothing from the kernel break.
TEST(KernelCore, TheAppliedProtectionFollowsTheBreak) {
  HostBoard board;
  board.install(0, {"grows", 4096, 512, [&](App& app) {
                      const uint32_t start = app.memory_start();
                      ASSERT_TRUE(app.memop(Memop::kBrk, start + 3000).ok());
                      app.syscall(SyscallClass::kYield, 0);  // back through the scheduler
                      const auto& config = arch::host::applied_protection();
                      const uint32_t end = app.memop(Memop::kProtectedEnd).r1;
                      const uint32_t grants = app.memop(Memop::kGrantStart).r1;
                      EXPECT_GE(end, start + 3000);
                      EXPECT_EQ(user_access(config, start), kReadWrite);
                      EXPECT_EQ(user_access(config, end - 4), kReadWrite);
                      EXPECT_EQ(user_access(config, end), kNoAccess);
                      EXPECT_EQ(user_access(config, grants), kNoAccess);
                      EXPECT_EQ(user_access(config, app.flash_start()), kReadExecute);
                    }});
  board.load();
  EXPECT_EQ(board.run(), 0);
}

}  // namespace
}  // namespace tide::test
