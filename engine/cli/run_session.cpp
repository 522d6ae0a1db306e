#include "cli/run_session.hpp"

#include <tbb/info.h>

namespace jsim::cli {

RunSession::RunSession(std::uint32_t threads, bool quiet)
    : threads_(threads > 0 ? threads : static_cast<std::uint32_t>(tbb::info::default_concurrency())),
      line_(progress_, !quiet && stderr_is_terminal()) {
  // One cap for the whole command: runs go several at once and nest their loops in one arena.
  if (threads > 0) cap_.emplace(tbb::global_control::max_allowed_parallelism, threads);
}

void RunSession::end_runs() {
  line_.stop();
  check_interrupted();
}

void RunSession::check_interrupted() const {
  if (progress_.stop.load()) throw Interrupted();
}

}  // namespace jsim::cli
