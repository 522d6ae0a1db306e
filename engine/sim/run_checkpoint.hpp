#pragma once
// What a run does at each of its serial points, between blocks of customers (untimed) or time
// windows (timed): stop if asked, hand the threads' journey traces to the recorder, and report
// progress. One piece for both engines.
#include <cstdint>

#include <tbb/enumerable_thread_specific.h>

#include "sim/journey_recorder.hpp"
#include "sim/run_progress.hpp"
#include "sim/tally.hpp"

namespace jsim {

class RunCheckpoint {
 public:
  // recorder and progress may be null.
  RunCheckpoint(tbb::enumerable_thread_specific<Tally>& tallies, JourneyRecorder* recorder, RunProgress* progress)
      : tallies_(tallies), recorder_(recorder), progress_(progress) {}

  // Throws Interrupted once RunProgress::stop is set.
  void stop_if_asked() const {
    if (progress_ != nullptr && progress_->stop.load(std::memory_order_relaxed)) throw Interrupted();
  }
  // Drains the journey traces and adds `agents` (done or arrived since the last pass) and the
  // visits made since then to the progress counters.
  void pass(std::uint64_t agents);

 private:
  tbb::enumerable_thread_specific<Tally>& tallies_;
  JourneyRecorder* recorder_;
  RunProgress* progress_;
  std::uint64_t events_reported_ = 0;
};

}  // namespace jsim
