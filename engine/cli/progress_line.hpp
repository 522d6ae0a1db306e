#pragma once
// The progress line a simulating command draws on stderr while it works: how much is done, events
// per second, time left. Redrawn in place a few times a second by a small thread that only reads
// RunProgress's counters, from about a second in (short commands never show it); drawn only when
// stderr is a terminal; cleared when it stops, before the command prints anything else.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

#include "sim/run_progress.hpp"

namespace jsim::cli {

class ProgressLine {
 public:
  // shown = false (--quiet, or stderr is not a terminal): no thread, nothing drawn.
  ProgressLine(const RunProgress& progress, bool shown);
  ~ProgressLine();
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;

  // The work to do: runs, and customers over all of them (runs x population).
  void add_work(std::uint64_t runs, std::uint64_t agents);
  // Ends the thread and clears the line; idempotent.
  void stop();

  // The line's text after `elapsed` seconds (without the leading "\r").
  [[nodiscard]] std::string text(double elapsed) const;

 private:
  void draw_until_stopped();

  const RunProgress& progress_;
  std::atomic<std::uint64_t> runs_{0}, agents_{0};
  std::chrono::steady_clock::time_point start_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

// Whether standard error is a terminal (a progress line would otherwise fill a log with redraws).
[[nodiscard]] bool stderr_is_terminal();

}  // namespace jsim::cli
