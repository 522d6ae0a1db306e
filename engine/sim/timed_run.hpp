#pragma once
// The timed engine (v2): agents arrive over the horizon, wait at capacity-limited touchpoints and
// sleep through delays. See docs/model.md, "The timed engine", for the method.
#include <cstdint>

#include <tbb/enumerable_thread_specific.h>

#include "sim/capacity_queue.hpp"
#include "sim/journey_kernel.hpp"
#include "sim/journey_recorder.hpp"
#include "sim/run_progress.hpp"
#include "sim/tally.hpp"

namespace jsim {

struct TimedRunStats {
  std::size_t peak_in_flight = 0;  // most agents held at once (asleep or at a queue)
  std::uint64_t windows = 0;       // windows that held any agent
  std::uint64_t rounds = 0;        // queue orderings tried, over all windows
};

// Hands every thread's journey trace (and the serial one) to the recorder, if there is one.
void drain_traces(JourneyRecorder* recorder, tbb::enumerable_thread_specific<Tally>& tallies, Tally& serial);

// Runs one timed scenario; the counters go to `tallies` (per thread) and `serial`, the queue
// statistics to `queues` (one per touchpoint, in scenario order).
TimedRunStats run_timed(const Scenario& s, const JourneyKernel& kernel, std::uint64_t population, double window,
                        tbb::enumerable_thread_specific<Tally>& tallies, Tally& serial, std::vector<CapacityQueue>& queues,
                        JourneyRecorder* recorder, RunProgress* progress);

}  // namespace jsim
