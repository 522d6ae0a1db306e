#include "cli/run_session.hpp"

#include <cstdio>

#include <tbb/info.h>

#include "cluster/ranks.hpp"
#include "model/error.hpp"

namespace jsim::cli {

RunSession::RunSession(std::uint32_t threads, bool quiet, bool force)
    : threads_(threads > 0 ? threads : static_cast<std::uint32_t>(tbb::info::default_concurrency())),
      estimate_(force),
      cap_(cap_threads(threads)), line_(progress_, !quiet && stderr_is_terminal()) {
  // Allowed (results never depend on it), but more threads than cores only add switching.
  if (const auto cores = static_cast<std::uint32_t>(tbb::info::default_concurrency()); threads > cores)
    std::fprintf(stderr, "note: --threads %u is more than the %u cores available\n", threads, cores);
}

void RunSession::end_runs() {
  line_.stop();
  check_interrupted();
  if (checkpoint_ && checkpoint_->reused() > 0)
    std::fprintf(stderr, "resumed: %zu runs were kept from an earlier command that did not finish (%s)\n",
                 checkpoint_->reused(), checkpoint_->file().c_str());
}

FinishedRuns* RunSession::keep_finished_runs(const ResultsFolder* folder) {
  if (folder == nullptr) return nullptr;
  checkpoint_ = std::make_unique<CheckpointFile>(folder->checkpoint_file());
  return checkpoint_.get();
}

void RunSession::check_interrupted() const {
  if (progress_.stop.load()) throw Interrupted();
}

std::unique_ptr<ResultsFolder> RunSession::results_folder(const std::string& out) {
  // In an MPI job only rank 0 writes (engine/cluster): the others compute their share of the runs.
  return out.empty() || !cluster::writes() ? nullptr : std::make_unique<ResultsFolder>(out);
}

void RunSession::write_results(ResultsFolder* folder, const std::function<void(const std::filesystem::path&)>& write) {
  if (!folder) return;
  try {
    write(folder->staging());
  } catch (const Error& e) {
    // Name the file where the user will look for it, not in the hidden staging folder.
    std::string message = e.what();
    const std::string staging = folder->staging().string(), dir = folder->dir().string();
    for (auto at = message.find(staging); at != std::string::npos; at = message.find(staging, at + dir.size()))
      message.replace(at, staging.size(), dir);
    throw Error(message);
  }
  check_interrupted();
  folder->commit();
  if (checkpoint_) checkpoint_->remove();  // its runs are in the results now
}

}  // namespace jsim::cli
