#pragma once
#include <vector>

#include "model/scenario.hpp"
#include "sim/capacity_queue.hpp"
#include "sim/journey_tables.hpp"
#include "sim/run_result.hpp"
#include "sim/tally.hpp"

namespace jsim {

// Turns the merged counters of a run into the RunResult tables that writers read.
[[nodiscard]] RunResult summarize(const Scenario& s, const JourneyTables& tables, const Tally& tally,
                                  const std::vector<CapacityQueue>& queues);

}  // namespace jsim
