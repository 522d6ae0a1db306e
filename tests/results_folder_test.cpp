// Outputs survive faults (output/results_folder.hpp): a results set is replaced as a whole, a bad
// --out fails before any simulation, a failed write (a full disk) exits 1 naming the file and the
// reason with no crash and no partial set, and two runs on one --out do not mix.
#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <map>
#include <thread>

#include <sys/wait.h>
#include <unistd.h>

#include "cli_runner.hpp"
#include "test_files.hpp"

namespace jsim::testing {
namespace {

namespace fs = std::filesystem;

// Every file of a results folder but run_info.json (wall time), by name.
std::map<std::string, std::string> results_of(const fs::path& dir) {
  std::map<std::string, std::string> files;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().filename() != "run_info.json") files[e.path().filename().string()] = slurp(e.path());
  return files;
}

// Names next to `dir` that a results write leaves while it works (none should outlive it).
std::vector<std::string> leftovers(const fs::path& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir.parent_path()))
    if (e.path().filename().string().find("." + dir.filename().string() + ".jsim-staging") == 0)
      out.push_back(e.path().string());
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().filename().string().find(".tmp.") != std::string::npos) out.push_back(e.path().string());
  return out;
}

const std::string kRun = "run scenarios/tiny_funnel.yaml --quiet ";

TEST(ResultsFolder, OutThatIsAFileFailsBeforeSimulating) {
  const fs::path d = fresh_dir("out_is_file");
  std::ofstream(d.string()) << "not a folder";
  const auto start = std::chrono::steady_clock::now();
  const Outcome o = jsim(kRun + "--agents 500000000 --out " + d.string());  // minutes if it simulated
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), 5.0);
  EXPECT_EQ(o.status, 1);
  EXPECT_NE(o.err.find(d.string() + ": it exists and is not a folder"), std::string::npos) << o.err;
  EXPECT_EQ(slurp(d), "not a folder");
  fs::remove(d);
}

TEST(ResultsFolder, UnwritablePlaceFailsBeforeSimulating) {
  if (::geteuid() == 0) GTEST_SKIP() << "root writes anywhere: no unwritable folder to try";
  const Outcome o = jsim(kRun + "--agents 500000000 --out /proc/jsim-results");
  EXPECT_EQ(o.status, 1);
  EXPECT_NE(o.err.find("/proc/jsim-results"), std::string::npos) << o.err;
}

// A full disk, without root or LD_PRELOAD: a file-size limit makes writes past it fail (EFBIG)
// once SIGXFSZ is ignored, as ENOSPC would. results.h5 is past the limit, the CSV files are not.
TEST(ResultsFolder, FailedWriteExits1NamingTheFileAndKeepsTheOldSet) {
  const fs::path d = fresh_dir("disk_full");
  ASSERT_EQ(jsim(kRun + "--agents 1000 --seed 1 --out " + d.string()).status, 0);
  const auto before = results_of(d);
  const Outcome o = jsim("--version >/dev/null; trap '' XFSZ; ulimit -f 40; " + std::string(JSIM_BINARY) + " " + kRun +
                         "--agents 20000 --seed 2 --out " + d.string());
  EXPECT_EQ(o.status, 1) << "no crash: exit 1, " << o.err;
  EXPECT_NE(o.err.find("results.h5"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("File too large"), std::string::npos) << o.err;
  EXPECT_EQ(results_of(d), before) << "a failed write changed the set before it";
  EXPECT_TRUE(leftovers(d).empty()) << leftovers(d).front();
  fs::remove_all(d);
}

TEST(ResultsFolder, OtherCommandsFilesStayAndStaleJourneysGo) {
  const fs::path d = fresh_dir("shared_out");
  ASSERT_EQ(jsim(kRun + "--agents 1000 --journeys --out " + d.string()).status, 0);
  ASSERT_TRUE(fs::exists(d / "events.csv"));
  ASSERT_EQ(jsim("friction scenarios/tiny_funnel.yaml --agents 1000 --replications 2 --quiet --out " + d.string()).status, 0);
  EXPECT_TRUE(fs::exists(d / "events.csv")) << "friction keeps the run's files";
  EXPECT_TRUE(fs::exists(d / "friction.json"));
  ASSERT_EQ(jsim(kRun + "--agents 1000 --out " + d.string()).status, 0);
  EXPECT_FALSE(fs::exists(d / "events.csv")) << "journeys of an earlier run would not match results.h5";
  EXPECT_TRUE(fs::exists(d / "friction.json"));
  EXPECT_TRUE(leftovers(d).empty());
  fs::remove_all(d);
}

TEST(ResultsFolder, ASecondRunOnTheSameOutIsRefused) {
  const fs::path d = fresh_dir("locked_out");
  const std::string err = d.string() + ".err";
  const pid_t pid = ::fork();
  if (pid == 0) {  // a long run holding d
    const std::string cmd = std::string("cd ") + JSIM_SOURCE_DIR + " && exec " + JSIM_BINARY + " " + kRun +
                            "--agents 3000000 --replications 50 --out " + d.string() + " 2>" + err;
    ::execl("/bin/sh", "sh", "-c", cmd.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (!fs::exists(d) && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  const Outcome second = jsim(kRun + "--agents 1000 --out " + d.string());
  ::kill(pid, SIGINT);
  int raw = 0;
  ::waitpid(pid, &raw, 0);
  EXPECT_EQ(second.status, 1);
  EXPECT_NE(second.err.find("another jsim is writing results there now"), std::string::npos) << second.err;
  EXPECT_TRUE(leftovers(d).empty());
  fs::remove_all(d);
  fs::remove(err);
}

// Killed with SIGKILL at any moment, writing included: the folder holds the old set or the new
// one, never a mix, and the staging folder the killed process left is gone after the next run.
TEST(ResultsFolder, KilledAtAnyMomentLeavesTheOldSetOrTheNew) {
  const fs::path d = fresh_dir("killed"), reference = fresh_dir("killed_reference");
  const std::string journeys = "--agents 60000 --journeys --out ";
  ASSERT_EQ(jsim(kRun + "--seed 1 " + journeys + d.string()).status, 0);
  ASSERT_EQ(jsim(kRun + "--seed 2 " + journeys + reference.string()).status, 0);
  const auto old_set = results_of(d), new_set = results_of(reference);
  ASSERT_NE(old_set, new_set);
  // How long a whole run takes here, so the kills spread over all of it.
  const auto t0 = std::chrono::steady_clock::now();
  ASSERT_EQ(jsim(kRun + "--seed 2 " + journeys + reference.string()).status, 0);
  const double whole = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  int saw_old = 0, saw_new = 0;
  constexpr int kTrials = 12;
  for (int trial = 0; trial < kTrials; ++trial) {
    const pid_t pid = ::fork();
    if (pid == 0) {
      const std::string cmd = std::string("cd ") + JSIM_SOURCE_DIR + " && exec " + JSIM_BINARY + " " + kRun +
                              "--seed 2 " + journeys + d.string() + " >/dev/null 2>&1";
      ::execl("/bin/sh", "sh", "-c", cmd.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    std::this_thread::sleep_for(std::chrono::duration<double>(whole * (0.2 + 0.9 * trial / kTrials)));
    ::kill(pid, SIGKILL);
    int raw = 0;
    ::waitpid(pid, &raw, 0);
    const auto now = results_of(d);
    if (now == old_set) {
      ++saw_old;
    } else {
      ASSERT_EQ(now, new_set) << "trial " << trial << ": a mix of old and new files";
      ++saw_new;
      fs::remove_all(d);  // back to the old set for the next trial
      ASSERT_EQ(jsim(kRun + "--seed 1 " + journeys + d.string()).status, 0);
    }
  }
  EXPECT_GT(saw_old, 0);
  // The next run clears what the killed ones left.
  ASSERT_EQ(jsim(kRun + "--seed 1 " + journeys + d.string()).status, 0);
  EXPECT_TRUE(leftovers(d).empty()) << leftovers(d).front();
  std::cout << "killed runs: " << saw_old << " left the old set, " << saw_new << " the new one\n";
  fs::remove_all(d);
  fs::remove_all(reference);
}

}  // namespace
}  // namespace jsim::testing
