#pragma once
// Raw journey records of one thread, for the journeys of sampled customers (RunPlan::journeys).
// The kernel appends in whatever order its thread meets them; a JourneyRecorder drains every
// thread's trace at fixed points of the run, orders the records by (customer, visit) and hands
// complete journeys to a sink, so what is written never depends on the thread count.
#include <cstdint>
#include <vector>

#include "model/scenario.hpp"

namespace jsim {

// One touchpoint visit. `step` is the customer's visit index over all of its journeys (the
// address of its random draws), so (customer, step) orders visits.
struct TracedVisit {
  std::uint64_t customer = 0;
  std::uint32_t step = 0;
  Index touchpoint = 0;
  double time = 0.0;     // arrival at the touchpoint (or at its queue)
  double wait = 0.0;     // in the queue
  double service = 0.0;  // time served (0 when reneged, and in untimed runs)
  std::uint16_t journey = 0;  // 1-based journey number of the customer
  std::uint8_t flags = 0;     // kSilence | kContextLost | kReneged
  static constexpr std::uint8_t kSilence = 1, kContextLost = 2, kReneged = 4;
};

// A purchase made at the visit (customer, step).
struct TracedOrder {
  std::uint64_t customer = 0;
  std::uint32_t step = 0;
  std::int64_t value_cents = 0;
};

// The end of a journey, with Tally's outcome codes (Tally::kConverted ...).
struct TracedJourneyEnd {
  std::uint64_t customer = 0;
  std::uint16_t journey = 0;
  Index persona = 0;
  std::uint8_t outcome = 0;
  double start = 0.0, end = 0.0;
};

struct JourneyTrace {
  bool on = false;  // this run collects journeys
  std::vector<TracedVisit> visits;
  std::vector<TracedOrder> orders;
  std::vector<TracedJourneyEnd> ends;

  void clear() { visits.clear(), orders.clear(), ends.clear(); }
  [[nodiscard]] bool empty() const { return visits.empty() && orders.empty() && ends.empty(); }
};

}  // namespace jsim
