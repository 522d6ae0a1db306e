#pragma once
// What a simulating command (run, compare, sweep, friction) holds while its runs go: the
// --threads cap over all its runs together, the RunProgress they share, Ctrl-C turned into a
// request to stop, and the progress line. Runs get threads = 0 and the session's progress.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <tbb/global_control.h>

#include "cli/progress_line.hpp"
#include "cli/stop_on_signal.hpp"
#include "cli/thread_cap.hpp"
#include "cli/work_estimate.hpp"
#include "output/checkpoint_file.hpp"
#include "output/results_folder.hpp"
#include "sim/run_progress.hpp"

namespace jsim::cli {

class RunSession {
 public:
  // threads: --threads (0: all cores); quiet: --quiet (no progress line); force: --force (work of days allowed).
  RunSession(std::uint32_t threads, bool quiet, bool force);

  [[nodiscard]] RunProgress* progress() { return &progress_; }
  // Threads the runs share: --threads, or all cores.
  [[nodiscard]] std::uint32_t threads() const { return threads_; }
  // The work ahead, for the progress line: `runs` runs of `s` with `agents` customers each. Throws
  // ScenarioError (exit 2) when the work would take days and --force was not given (cli/work_estimate.hpp).
  void add_work(std::uint64_t runs, std::uint64_t agents, const Scenario& s) {
    estimate_.add(runs, agents, s);
    line_.add_work(runs, runs * agents);
  }
  // The runs are over: the progress line goes, before the command prints; a Ctrl-C that came
  // after the runs' last check ends the command now, before anything is written (Interrupted).
  void end_runs();
  // Once the outputs are written: a Ctrl-C that came while they were ends the command now
  // (throws Interrupted: exit 130), the outputs complete.
  void check_interrupted() const;

  // The --out folder (none when `out` is empty, or on an MPI rank other than 0), checked and
  // locked now, before the runs, so a bad --out fails at once (output/results_folder.hpp).
  [[nodiscard]] static std::unique_ptr<ResultsFolder> results_folder(const std::string& out);
  // An experiment's finished runs, kept beside the folder as they end, so that the same command
  // after a kill makes only the missing ones (output/checkpoint_file.hpp; docs/experiments.md, "A
  // killed sweep resumes"). None without a folder. Kept until write_results() has replaced the
  // folder's files; end_runs() says how many runs came from an earlier, stopped command.
  [[nodiscard]] FinishedRuns* keep_finished_runs(const ResultsFolder* folder);
  // write(staging folder), then, unless a Ctrl-C came meanwhile (Interrupted), the new set
  // replaces the folder's old one at once. Nothing happens without a folder.
  void write_results(ResultsFolder* folder, const std::function<void(const std::filesystem::path&)>& write);

 private:
  std::uint32_t threads_;
  WorkEstimate estimate_;
  std::unique_ptr<tbb::global_control> cap_;
  RunProgress progress_;
  StopOnSignal signals_{progress_};
  ProgressLine line_;
  std::unique_ptr<CheckpointFile> checkpoint_;
};

}  // namespace jsim::cli
