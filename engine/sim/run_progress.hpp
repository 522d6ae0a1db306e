#pragma once
// What a run reports while it goes, and how it is asked to stop. The engine only adds to these
// counters and reads the flag at its serial points (between windows or blocks of customers); a
// front end (the CLI's progress line, a signal handler) reads and sets them. One RunProgress can
// be shared by every run of an experiment.
#include <atomic>
#include <cstdint>
#include <stdexcept>

namespace jsim {

struct RunProgress {
  std::atomic<std::uint64_t> agents{0};  // customers walked (untimed) or arrived (timed) so far
  std::atomic<std::uint64_t> events{0};  // touchpoint visits so far
  std::atomic<std::uint64_t> runs{0};    // runs finished: added by experiments (run_concurrently), not by simulate()
  std::atomic<bool> stop{false};         // set (e.g. on Ctrl-C): runs throw Interrupted at their next check
};

// Thrown by simulate() when RunProgress::stop is set; nothing of the run is kept.
struct Interrupted : std::runtime_error {
  Interrupted() : std::runtime_error("interrupted") {}
};

}  // namespace jsim
