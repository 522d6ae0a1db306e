#pragma once
// How a run ran, apart from what it found (RunResult): threads, wall time, the program's version
// and the host. None of it is part of the deterministic result, so comparing two results for
// identity leaves it out, and the writers put it in run_info.json, not in results.h5.
#include <cstdint>
#include <string>

namespace jsim {

inline constexpr const char* kJsimVersion = "0.1.0";

struct RunInfo {
  std::uint32_t threads = 0;  // of this process (rank 0 in an MPI job)
  std::uint32_t ranks = 1;    // MPI ranks that shared the run's customers (sim/customer_share.hpp)
  double wall_seconds = 0.0;
  std::string jsim_version = kJsimVersion;
  std::string host;  // where it ran (gethostname), for reading timings later
};

// This process's host name; empty if the system does not say.
[[nodiscard]] std::string host_name();

}  // namespace jsim
