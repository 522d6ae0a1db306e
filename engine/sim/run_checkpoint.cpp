#include "sim/run_checkpoint.hpp"

#include <vector>

namespace jsim {

void RunCheckpoint::pass(std::uint64_t agents) {
  if (recorder_ != nullptr) {
    std::vector<JourneyTrace*> traces;
    for (Tally& t : tallies_)
      if (!t.trace.empty()) traces.push_back(&t.trace);
    if (!traces.empty()) recorder_->drain(traces);
  }
  if (progress_ == nullptr) return;
  std::uint64_t events = 0;
  for (const Tally& t : tallies_) events += t.events;
  progress_->events.fetch_add(events - events_reported_, std::memory_order_relaxed);
  events_reported_ = events;
  progress_->agents.fetch_add(agents, std::memory_order_relaxed);
}

}  // namespace jsim
