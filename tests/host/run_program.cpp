#include "run_program.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <stdexcept>

extern char** environ;

namespace tide::testing {
namespace {

bool inherited(const std::string& entry) {
  return entry.rfind("LD_PRELOAD=", 0) != 0 && entry.rfind("TIDE_", 0) != 0;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

int open_or_die(const char* path, int flags) {
  const int fd = open(path, flags, 0600);
  if (fd < 0) _exit(126);
  return fd;
}

}  // namespace

ProgramRun run_program(const ProgramSpec& spec) {
  std::vector<std::string> entries;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    if (inherited(*entry)) entries.emplace_back(*entry);
  }
  entries.insert(entries.end(), spec.environment.begin(), spec.environment.end());
  std::vector<char*> envp;
  for (std::string& entry : entries)
    envp.push_back(entry.data());
  envp.push_back(nullptr);
  std::vector<std::string> args = spec.argv;
  std::vector<char*> argv;
  for (std::string& arg : args)
    argv.push_back(arg.data());
  argv.push_back(nullptr);

  char out_path[] = "/tmp/tide-run-out-XXXXXX";
  char err_path[] = "/tmp/tide-run-err-XXXXXX";
  const int out_fd = mkstemp(out_path);
  const int err_fd = mkstemp(err_path);
  if (out_fd < 0 || err_fd < 0) throw std::runtime_error("mkstemp failed");
  const std::string stdin_path = spec.stdin_path.empty() ? "/dev/null" : spec.stdin_path;

  const auto start = std::chrono::steady_clock::now();
  const pid_t child = fork();
  if (child == 0) {
    const int in_fd = open_or_die(stdin_path.c_str(), O_RDONLY);
    dup2(in_fd, STDIN_FILENO);
    dup2(out_fd, STDOUT_FILENO);
    dup2(err_fd, STDERR_FILENO);
    if (!spec.directory.empty() && chdir(spec.directory.c_str()) != 0) _exit(126);
    alarm(static_cast<unsigned>(spec.timeout_seconds));  // survives exec: a hang ends
    execve(argv[0], argv.data(), envp.data());
    _exit(127);
  }
  int status = 0;
  while (waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  ProgramRun run;
  run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  close(out_fd);
  close(err_fd);
  run.out = read_file(out_path);
  run.err = read_file(err_path);
  unlink(out_path);
  unlink(err_path);
  return run;
}

ProgramSpec under_tide(ProgramSpec spec) {
  spec.environment.push_back(std::string("LD_PRELOAD=") + TIDE_MALLOC_SO);
  return spec;
}

}  // namespace tide::testing
