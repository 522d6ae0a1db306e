#pragma once
// An experiment killed in the middle, for the checkpoint tests (checkpoint_test.cpp, scale_out_test.cpp).
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <sys/wait.h>
#include <unistd.h>

namespace jsim::testing {

// The runs kept in a checkpoint file (lines that are not comments).
inline std::size_t lines_in(const std::filesystem::path& f) {
  std::ifstream in(f);
  std::size_t n = 0;
  for (std::string line; std::getline(in, line);) n += !line.empty() && line.front() != '#';
  return n;
}

// 12 runs of a few tenths of a second each, on one thread: long enough to kill in the middle.
inline const std::string kSweep =
    "sweep scenarios/retail_omnichannel.yaml --set 'design.integration=0,0.5,1' --replications 4 "
    "--arrivals 300000 --threads 1 --quiet --best profit --out ";

inline const std::vector<std::string> kFiles{"sweep.json", "sweep.csv", "sweep.h5", "replications.csv", "designs.csv"};

// Starts `command` (kSweep by default) into `out` and kills it (SIGKILL) once at least `runs`
// runs are kept. Returns how many were kept; false from `finished_first` when it ended first.
inline std::size_t kill_after(const std::filesystem::path& out, std::size_t runs, bool& finished_first,
                              const std::string& command = kSweep) {
  const std::filesystem::path checkpoint = out.parent_path() / ("." + out.filename().string() + ".jsim-checkpoint");
  const pid_t pid = ::fork();
  if (pid == 0) {
    const std::string cmd = std::string("cd ") + JSIM_SOURCE_DIR + " && exec " + JSIM_BINARY + " " + command +
                            out.string() + " >/dev/null 2>&1";
    ::execl("/bin/sh", "sh", "-c", cmd.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  int raw = 0;
  finished_first = false;
  while (lines_in(checkpoint) < runs) {
    if (::waitpid(pid, &raw, WNOHANG) == pid) {
      finished_first = true;
      return 0;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  ::kill(pid, SIGKILL);
  ::waitpid(pid, &raw, 0);
  return lines_in(checkpoint);
}

}  // namespace jsim::testing
