// Ctrl-C and SIGTERM: a command interrupted while it simulates exits 130 (143 for SIGTERM) and
// writes nothing, so complete outputs of an earlier run in the same --out stay as they were, byte
// for byte, and no temporary folder is left.
#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <thread>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli_runner.hpp"

extern char** environ;

namespace jsim {
namespace {

namespace fs = std::filesystem;

std::map<std::string, std::string> snapshot(const fs::path& dir) {
  std::map<std::string, std::string> files;
  for (const auto& e : fs::directory_iterator(dir)) files[e.path().filename().string()] = testing::slurp(e.path());
  return files;
}

// Whether pid has a handler for SIGINT (Linux: the SigCgt mask in /proc/PID/status), i.e. jsim
// has started its runs: a signal before that would kill it as any program.
bool catches_sigint(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(status, line);)
    if (line.rfind("SigCgt:", 0) == 0) return (std::stoull(line.substr(7), nullptr, 16) >> (SIGINT - 1)) & 1;
  return false;
}

// Runs `jsim run` on a long job into d, sends `signal` once it is well into its runs, and checks
// the exit status, that it ended soon, said why, and left d exactly as it was.
void interrupt_run(int signal, int expected_status, const std::string& name) {
  const fs::path d = testing::fresh_dir(name);
  const std::string scenario = std::string(JSIM_SOURCE_DIR) + "/scenarios/tiny_funnel.yaml";
  const testing::Outcome first = testing::jsim("run " + scenario + " --agents 1000 --out " + d.string());
  ASSERT_EQ(first.status, 0) << first.err;
  const auto before = snapshot(d);
  ASSERT_GE(before.size(), 5u);

  // Minutes of work if it ran to the end (200 runs of 2 M agents): it cannot finish before the signal.
  const std::string err = (d.parent_path() / ("jsim_interrupt_err_" + std::to_string(::getpid()))).string();
  const std::vector<std::string> args = {JSIM_BINARY, "run",  scenario, "--agents", "2000000", "--replications",
                                         "200",       "--out", d.string()};
  std::vector<char*> argv;
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  posix_spawn_file_actions_t files;
  posix_spawn_file_actions_init(&files);
  posix_spawn_file_actions_addopen(&files, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&files, STDERR_FILENO, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  pid_t pid = 0;
  ASSERT_EQ(posix_spawn(&pid, JSIM_BINARY, &files, nullptr, argv.data(), environ), 0);
  posix_spawn_file_actions_destroy(&files);

  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (!catches_sigint(pid) && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // well into the runs
  const auto sent = std::chrono::steady_clock::now();
  ::kill(pid, signal);
  int raw = 0;
  ASSERT_EQ(::waitpid(pid, &raw, 0), pid);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - sent).count();
  const std::string stderr_text = testing::slurp(err);
  fs::remove(err);

  ASSERT_TRUE(WIFEXITED(raw)) << "killed by signal " << WTERMSIG(raw);
  EXPECT_EQ(WEXITSTATUS(raw), expected_status) << stderr_text;
  EXPECT_EQ(stderr_text, "interrupted\n");
  // The runs in flight end first; a run here takes well under a second.
  EXPECT_LT(seconds, 5.0);
  EXPECT_EQ(snapshot(d), before) << "an interrupted run changed the outputs of the one before";
  // No staging folder (output/results_folder.hpp) is left next to the results.
  for (const auto& e : fs::directory_iterator(d.parent_path()))
    EXPECT_EQ(e.path().filename().string().find("." + d.filename().string() + ".jsim-staging"), std::string::npos)
        << e.path();
  fs::remove_all(d);
}

TEST(Interrupt, CtrlCExits130AndLeavesEarlierOutputsIntact) { interrupt_run(SIGINT, 130, "interrupt_int"); }

TEST(Interrupt, SigtermExits143AndLeavesEarlierOutputsIntact) { interrupt_run(SIGTERM, 143, "interrupt_term"); }

}  // namespace
}  // namespace jsim
