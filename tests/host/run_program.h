// Runs a program in a child process with a chosen environment and collects what it
// printed, how it ended and how long it took. For tests that compare real programs with
// and without the LD_PRELOAD drop-in.
#ifndef TIDE_TESTS_HOST_RUN_PROGRAM_H_
#define TIDE_TESTS_HOST_RUN_PROGRAM_H_

#include <string>
#include <utility>
#include <vector>

namespace tide::testing {

struct ProgramRun {
  std::string out;     // everything written to stdout
  std::string err;     // everything written to stderr
  int exit_code = -1;  // exit status, or 128 + signal number when killed
  double seconds = 0;  // wall time
};

struct ProgramSpec {
  explicit ProgramSpec(std::vector<std::string> arguments, std::vector<std::string> variables = {})
      : argv(std::move(arguments)), environment(std::move(variables)) {}

  std::vector<std::string> argv;
  // NAME=value entries added to this process's environment, after LD_PRELOAD and every
  // TIDE_* variable have been taken out of it (a run never inherits them by accident).
  std::vector<std::string> environment;
  std::string stdin_path;  // empty: /dev/null
  std::string directory;   // empty: this process's working directory
  int timeout_seconds = 300;
};

ProgramRun run_program(const ProgramSpec& spec);

// The same spec with LD_PRELOAD naming libtide_malloc.so (TIDE_MALLOC_SO) added.
ProgramSpec under_tide(ProgramSpec spec);

}  // namespace tide::testing

#endif  // TIDE_TESTS_HOST_RUN_PROGRAM_H_
