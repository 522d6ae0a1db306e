#include "cli/run_session.hpp"

#include <cstdio>

#include <tbb/info.h>

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
}

void RunSession::check_interrupted() const {
  if (progress_.stop.load()) throw Interrupted();
}

}  // namespace jsim::cli
