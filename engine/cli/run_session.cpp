#include "cli/run_session.hpp"

#include <tbb/info.h>

namespace jsim::cli {

RunSession::RunSession(std::uint32_t threads, bool quiet)
    : threads_(threads > 0 ? threads : static_cast<std::uint32_t>(tbb::info::default_concurrency())),
      cap_(cap_threads(threads)), line_(progress_, !quiet && stderr_is_terminal()) {}

void RunSession::end_runs() {
  line_.stop();
  check_interrupted();
}

void RunSession::check_interrupted() const {
  if (progress_.stop.load()) throw Interrupted();
}

}  // namespace jsim::cli
