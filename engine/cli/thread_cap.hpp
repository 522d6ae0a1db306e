#pragma once
// --threads for a whole command: its runs go several at once (experiment/concurrent_runs.hpp), each
// with threads = 0, sharing one arena; a cap on the process holds them all to T threads together.
#include <cstdint>
#include <memory>

#include <tbb/global_control.h>

namespace jsim::cli {

// At most `threads` threads until the result is destroyed; nothing for 0 (all cores).
[[nodiscard]] inline std::unique_ptr<tbb::global_control> cap_threads(std::uint32_t threads) {
  if (threads == 0) return nullptr;
  return std::make_unique<tbb::global_control>(tbb::global_control::max_allowed_parallelism, threads);
}

}  // namespace jsim::cli
