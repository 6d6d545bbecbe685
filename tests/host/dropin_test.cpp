// Real Debian programs under LD_PRELOAD=libtide_malloc.so, compared byte for byte with a
// normal run; the real program break falling back; the policy from the environment.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <string>

#include "run_program.h"

namespace tide::testing {
namespace {

const std::string kPrograms = TIDE_TEST_PROGRAMS;  // tests/host/programs
const std::string kProbes = TIDE_TEST_PROBES;      // where trim_probe and thread_stress are

// Runs `spec` plainly and under the drop-in; both must succeed with the same output.
void expect_same_output(const char* name, const ProgramSpec& spec) {
  const ProgramRun plain = run_program(spec);
  const ProgramRun tide = run_program(under_tide(spec));
  std::printf("[ timing   ] %s: %.3f s plain, %.3f s under libtide_malloc.so\n", name,
              plain.seconds, tide.seconds);
  ASSERT_EQ(plain.exit_code, 0) << name << " failed on its own:\n" << plain.err;
  EXPECT_EQ(tide.exit_code, 0) << tide.err;
  EXPECT_FALSE(plain.out.empty());
  EXPECT_EQ(plain.out, tide.out);
  EXPECT_EQ(plain.err, tide.err);
}

ProgramSpec python(const std::string& script) {
  // /usr/bin/python3 explicitly: another python3 may come first on PATH. A fixed hash
  // seed keeps set and dict internals the same in both runs.
  return ProgramSpec{{"/usr/bin/python3", kPrograms + "/" + script}, {"PYTHONHASHSEED=0"}};
}

ProgramSpec probe(const std::string& mode, std::vector<std::string> environment = {}) {
  return under_tide(ProgramSpec{{kProbes + "/trim_probe", mode}, std::move(environment)});
}

TEST(DropIn, PythonAllocatesSortsAndRoundTripsJson) {
  expect_same_output("python3 alloc_heavy.py", python("alloc_heavy.py"));
}

TEST(DropIn, PythonThreads) {
  expect_same_output("python3 threads.py", python("threads.py"));
}

TEST(DropIn, Sqlite) {
  ProgramSpec spec{{"/usr/bin/sqlite3", ":memory:"}};
  spec.stdin_path = kPrograms + "/sqlite.sql";
  expect_same_output("sqlite3", spec);
}

TEST(DropIn, GccCompilesAProgramThatRunsTheSame) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("tide-gcc-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  const std::string source = kPrograms + "/hello.c";
  ProgramSpec plain{{"/usr/bin/gcc", "-O2", "-o", (dir / "plain").string(), source}};
  ProgramSpec tide{{"/usr/bin/gcc", "-O2", "-o", (dir / "tide").string(), source}};
  const ProgramRun compiled_plain = run_program(plain);
  const ProgramRun compiled_tide = run_program(under_tide(tide));
  std::printf("[ timing   ] gcc -O2 hello.c: %.3f s plain, %.3f s under libtide_malloc.so\n",
              compiled_plain.seconds, compiled_tide.seconds);
  ASSERT_EQ(compiled_plain.exit_code, 0) << compiled_plain.err;
  ASSERT_EQ(compiled_tide.exit_code, 0) << compiled_tide.err;
  EXPECT_EQ(compiled_plain.out + compiled_plain.err, compiled_tide.out + compiled_tide.err);
  const ProgramRun ran_plain = run_program(ProgramSpec{{(dir / "plain").string()}});
  const ProgramRun ran_tide = run_program(ProgramSpec{{(dir / "tide").string()}});
  EXPECT_EQ(ran_plain.exit_code, 0);
  EXPECT_EQ(ran_tide.exit_code, 0);
  EXPECT_FALSE(ran_plain.out.empty());
  EXPECT_EQ(ran_plain.out, ran_tide.out);
  std::filesystem::remove_all(dir);
}

TEST(DropIn, ThreadsAllocateFreeAndForkConcurrently) {
  expect_same_output("thread_stress", ProgramSpec{{kProbes + "/thread_stress"}});
}

TEST(DropIn, BreakFallsBackAfterFreeingMost) {
  const ProgramRun run = run_program(probe("trim"));
  std::printf("%s", run.out.c_str());
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("ok\n"), std::string::npos);
}

TEST(DropIn, TrimOffKeepsTheBreakUp) {
  const ProgramRun run = run_program(probe("keep", {"TIDE_TRIM=off"}));
  std::printf("%s", run.out.c_str());
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_TRUE(run.err.empty()) << run.err;
}

TEST(DropIn, EnvironmentSetsThePolicy) {
  const ProgramRun run = run_program(
      probe("policy", {"TIDE_TRIM_THRESHOLD=256K", "TIDE_TOP_PAD=0x2000", "TIDE_MIN_GROW=1M",
                       "TIDE_GRANULARITY=8KiB", "TIDE_POISON=on", "TIDE_CHECK=full"}));
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(run.err.empty()) << run.err;
  EXPECT_EQ(run.out,
            "granularity=8192 min_grow=1048576 trim=1 trim_threshold=262144 top_pad=8192 "
            "max_heap=0 poison=1 check=2\n");
}

// A bad value: one clear line naming the variable, the defaults kept, the program runs.
void expect_rejected(const std::string& setting, const std::string& reason) {
  const std::string name = setting.substr(0, setting.find('='));
  const ProgramRun defaults = run_program(probe("policy"));
  const ProgramRun run = run_program(probe("policy", {setting, "TIDE_TOP_PAD=4096"}));
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, defaults.out) << "a bad value must leave every default in place";
  EXPECT_NE(run.err.find(name), std::string::npos) << run.err;
  EXPECT_NE(run.err.find(reason), std::string::npos) << run.err;
  EXPECT_EQ(run.err.find('\n'), run.err.size() - 1) << "one line:\n" << run.err;
}

TEST(DropIn, BadSizeIsReportedAndIgnored) {
  expect_rejected("TIDE_TRIM_THRESHOLD=12 parsecs", "not understood");
}
TEST(DropIn, BadFlagIsReportedAndIgnored) {
  expect_rejected("TIDE_TRIM=banana", "not understood");
}
TEST(DropIn, NonPowerOfTwoIsReportedAndIgnored) {
  expect_rejected("TIDE_GRANULARITY=3000", "power of two");
}
TEST(DropIn, OverflowIsReportedAndIgnored) {
  expect_rejected("TIDE_MAX_HEAP=99999999999999999999G", "TIDE_MAX_HEAP");
}

TEST(DropIn, RealProgramStillRunsWithABadValue) {
  ProgramSpec spec{{"/usr/bin/python3", "-c", "print(sum(range(10**6)))"}, {"TIDE_CHECK=loud"}};
  const ProgramRun plain = run_program(ProgramSpec{spec.argv});
  const ProgramRun tide = run_program(under_tide(spec));
  EXPECT_EQ(tide.exit_code, 0);
  EXPECT_EQ(plain.out, tide.out);
  EXPECT_NE(tide.err.find("TIDE_CHECK=\"loud\""), std::string::npos) << tide.err;
}

}  // namespace
}  // namespace tide::testing
