// printf over the console driver (runtime/src/console.cpp) on an app stack inside the
// block: every conversion, line-at-a-time writes, long output split across writes, and
// refusals when the console's grant has no room.
#include <stdarg.h>
#include <sys/types.h>

#include <string>
#include <vector>

#include "runtime_test_support.h"
#include "tide/abi/syscall.h"
#include "tide/runtime/console.h"

namespace tide::test {
namespace {

class Console : public testing::Test {
 protected:
  // Runs fn on the app's stack; returns what it wrote.
  std::string output_of(void (*fn)(void*), void* context = nullptr) {
    const host::AppRun run = kernel.run_on_app_stack(fn, context);
    EXPECT_EQ(run.end, host::AppEnd::kReturned);
    return kernel.console_output();
  }

  host::HostKernel kernel;
};

int returned;

// printf without the compiler's format check, for formats it would reject.
int print_unchecked(const char* format, ...) {
  va_list args;
  va_start(args, format);
  const int length = rt::console_vprintf(format, args);
  va_end(args);
  return length;
}

TEST_F(Console, WritesALineThroughAllowCommandAndTheUpcall) {
  EXPECT_EQ(output_of([](void*) { returned = rt::console_printf("hello %s\n", "tide"); }),
            "hello tide\n");
  EXPECT_EQ(returned, 11);
  EXPECT_EQ(kernel.console_writes(), std::vector<size_t>{11});
  EXPECT_EQ(kernel.syscall_count(abi::SyscallClass::kSubscribe), 1u);
  EXPECT_EQ(kernel.syscall_count(abi::SyscallClass::kCommand), 1u);
  EXPECT_EQ(kernel.syscall_count(abi::SyscallClass::kYield), 1u);          // the upcall was queued
  EXPECT_EQ(kernel.syscall_count(abi::SyscallClass::kAllowReadOnly), 2u);  // and unallowed
}

// What an upcall function received, and how often it ran.
struct UpcallSeen {
  uint32_t arguments[3];
  void* data;
  int calls;
};
UpcallSeen seen;
bool reports[3];
rt::SyscallResult bad_report;

void record_upcall(uint32_t a0, uint32_t a1, uint32_t a2, void* data) {
  seen = {{a0, a1, a2}, data, seen.calls + 1};
}

// A write's upcall is queued before the yield: yield-no-wait runs it with its own
// arguments and reports that it ran; the next one finds nothing. A report byte outside
// the app's memory is INVALID and leaves the upcall queued.
TEST_F(Console, YieldNoWaitRunsAQueuedUpcallAndReportsIt) {
  seen = {};
  output_of([](void*) {
    const char text[] = "five\n";
    rt::subscribe(abi::Driver::kConsole, abi::console::kUpcallWriteDone, record_upcall, &seen);
    rt::allow_read_only(abi::Driver::kConsole, abi::console::kAllowWrite, text, 5);
    rt::command(abi::Driver::kConsole, abi::console::kCommandWrite, 5);
    bad_report = rt::syscall(abi::SyscallClass::kYield, 0, 1);
    reports[0] = rt::yield_no_wait();
    reports[1] = rt::yield_no_wait();
    rt::command(abi::Driver::kConsole, abi::console::kCommandWrite, 3);
    rt::yield_wait();
    reports[2] = rt::yield_no_wait();
  });
  EXPECT_EQ(bad_report.error(), static_cast<uint32_t>(abi::Error::kInvalid));
  EXPECT_TRUE(reports[0]);
  EXPECT_FALSE(reports[1]);
  EXPECT_FALSE(reports[2]);
  EXPECT_EQ(seen.calls, 2);
  EXPECT_EQ(seen.arguments[0], 3u);
  EXPECT_EQ(seen.arguments[1], 0u);
  EXPECT_EQ(seen.arguments[2], 0u);
  EXPECT_EQ(seen.data, &seen);
}

TEST_F(Console, SignedConversions) {
  EXPECT_EQ(output_of([](void*) {
              rt::console_printf("%d %i %d %d|%ld %lld %zd|%d\n", 0, -42, 2147483647,
                                 -2147483647 - 1, -1234567890123L, -9223372036854775807LL - 1,
                                 static_cast<ssize_t>(-5), 7);
            }),
            "0 -42 2147483647 -2147483648|-1234567890123 -9223372036854775808 -5|7\n");
}

TEST_F(Console, UnsignedAndHexConversions) {
  EXPECT_EQ(output_of([](void*) {
              rt::console_printf("%u %u %x %X %lx %llu %zu %zx\n", 0u, 4294967295u, 0xbeefu,
                                 0xbeefu, 0xdeadbeefcafeUL, 18446744073709551615ULL,
                                 static_cast<size_t>(12345), static_cast<size_t>(255));
            }),
            "0 4294967295 beef BEEF deadbeefcafe 18446744073709551615 12345 ff\n");
}

TEST_F(Console, PointersStringsCharactersAndPercent) {
  EXPECT_EQ(output_of([](void*) {
              rt::console_printf("%p %p|%s|%s|%c%c|100%%\n", reinterpret_cast<void*>(0x1234),
                                 static_cast<void*>(nullptr), "text",
                                 static_cast<const char*>(nullptr), 'o', 'k');
            }),
            "0x0000000000001234 0x0000000000000000|text|(null)|ok|100%\n");
}

TEST_F(Console, WidthsAndFlags) {
  EXPECT_EQ(output_of([](void*) {
              print_unchecked("[%5d][%-5d][%05d][%-05d][%05d][%3d]\n", 42, 42, 42, 42, -42, 12345);
              rt::console_printf("[%8x][%08X][%6s][%-6s][%3c][%-3c]\n", 0xabcu, 0xabcu, "ab", "ab",
                                 'x', 'y');
            }),
            "[   42][42   ][00042][42   ][-0042][12345]\n"
            "[     abc][00000ABC][    ab][ab    ][  x][y  ]\n");
}

TEST_F(Console, UnknownConversionsAndATrailingPercentArePrintedAsIs) {
  EXPECT_EQ(output_of([](void*) { returned = print_unchecked("%q %f|%"); }), "%q %f|%");
  EXPECT_EQ(returned, 7);
}

TEST_F(Console, OutputIsWrittenALineAtATime) {
  EXPECT_EQ(output_of([](void*) { rt::console_printf("one\ntwo\nthree"); }), "one\ntwo\nthree");
  EXPECT_EQ(kernel.console_writes(), (std::vector<size_t>{4, 4, 5}));
}

TEST_F(Console, ALongLineIsSplitInto128ByteWrites) {
  static std::string line;
  line.assign(300, 'a');
  for (size_t i = 0; i < line.size(); ++i)
    line[i] = static_cast<char>('a' + i % 26);
  const std::string out =
      output_of([](void*) { returned = rt::console_printf("%s\n", line.c_str()); });
  EXPECT_EQ(out, line + "\n");
  EXPECT_EQ(returned, 301);
  EXPECT_EQ(kernel.console_writes(), (std::vector<size_t>{128, 128, 45}));
}

TEST_F(Console, PutsAddsANewline) {
  EXPECT_EQ(output_of([](void*) { returned = rt::console_puts("line"); }), "line\n");
  EXPECT_EQ(returned, 5);
}

TEST_F(Console, ConsoleWriteOfABufferInTheBlock) {
  EXPECT_EQ(output_of([](void*) {
              char text[] = {'r', 'a', 'w'};
              EXPECT_TRUE(rt::console_write(text, sizeof text));
              EXPECT_TRUE(rt::console_write(text, 0));
            }),
            "raw");
}

// From the host's own stack the buffer is outside the app's memory: the kernel refuses
// the allow and nothing is written.
TEST_F(Console, ABufferOutsideTheAppsMemoryIsRefused) {
  ASSERT_TRUE(rt::brk(kernel.memory_map().memory_start + 4096));
  static const char outside[] = "not the app's";
  EXPECT_FALSE(rt::console_write(outside, sizeof outside - 1));
  EXPECT_EQ(kernel.console_output(), "");
}

TEST_F(Console, WithNoRoomForTheConsolesGrantOutputIsLostNotFatal) {
  const host::MemoryMap map = kernel.memory_map();
  // The heap takes the whole gap first.
  ASSERT_TRUE(rt::brk(map.kernel_break));
  const host::AppRun run = kernel.run_on_app_stack(
      [](void*) {
        returned = rt::console_printf("lost\n");
        const char text[] = "x";
        EXPECT_FALSE(rt::console_write(text, 1));
      },
      nullptr);
  EXPECT_EQ(run.end, host::AppEnd::kReturned);
  EXPECT_EQ(returned, 5);  // what printf produced, written or not
  EXPECT_EQ(kernel.console_output(), "");
  EXPECT_EQ(kernel.memory_map().kernel_break, map.kernel_break);
}

TEST_F(Console, TheConsolesGrantComesFromTheGap) {
  const uintptr_t before = kernel.memory_map().kernel_break;
  output_of([](void*) { rt::console_printf("x\n"); });
  const uintptr_t after = kernel.memory_map().kernel_break;
  EXPECT_LT(after, before);
  EXPECT_LE(before - after, 64u);
}

}  // namespace
}  // namespace tide::test
