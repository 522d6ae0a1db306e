#pragma once
// The timed engine (v2): agents arrive over the horizon, wait at capacity-limited touchpoints and
// sleep through delays. See docs/model.md, "The timed engine", for the method.
#include <cstdint>

#include <tbb/enumerable_thread_specific.h>

#include "sim/capacity_queue.hpp"
#include "sim/customer_share.hpp"
#include "sim/journey_kernel.hpp"
#include "sim/run_checkpoint.hpp"
#include "sim/tally.hpp"

namespace jsim {

// Runs one timed scenario; the counters go to `tallies` (per thread), the queue statistics to
// `queues` (one per touchpoint, in scenario order). Returns the most agents held at once (asleep
// or at a queue). With a shared run (`share`), this rank walks and counts only its own customers,
// decides only the queues it owns (every rank sees every queue arrival and every decision, so all
// keep the same list), and at the end every queue's counts and the peak are the job's.
std::size_t run_timed(const Scenario& s, const JourneyKernel& kernel, std::uint64_t population, double window,
                      tbb::enumerable_thread_specific<Tally>& tallies, std::vector<CapacityQueue>& queues,
                      RunCheckpoint& checkpoint, CustomerShare share = {});

}  // namespace jsim
