#pragma once
// Ctrl-C (SIGINT) and SIGTERM ask the runs to stop instead of killing the process, so that no
// output is left half-written: the handler only sets RunProgress::stop (an atomic store, which is
// async-signal-safe), the runs throw Interrupted at their next check, and the command exits
// 128 + the signal, as shells report it: 130 for Ctrl-C, 143 for SIGTERM (docs/user-guide.md).
// The handler is one-shot: a second Ctrl-C terminates at once.
#include "sim/run_progress.hpp"

namespace jsim::cli {

// Installs the handler for its lifetime and restores the previous ones after. One at a time.
// The exit status of a command stopped by a signal: 128 + the last stopping signal received,
// 130 (SIGINT) when the stop came some other way.
[[nodiscard]] int interrupted_exit_status();

class StopOnSignal {
 public:
  explicit StopOnSignal(RunProgress& progress);
  ~StopOnSignal();
  StopOnSignal(const StopOnSignal&) = delete;
  StopOnSignal& operator=(const StopOnSignal&) = delete;
};

}  // namespace jsim::cli
