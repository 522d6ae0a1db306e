#pragma once
// Every replication of an experiment in long format, as pandas and Mesa's batch_run users expect:
// one row per (design point, replication, metric), plus one row per design point recording its
// settings and scenario text. `run --replications`, `compare` and `sweep` write both tables to
// CSV and HDF5 (docs/results-format.md, "Long format").
#include <cstdint>
#include <span>
#include <string>

#include "experiment/replication.hpp"
#include "output/result_tables.hpp"

namespace jsim {

// One design point of an experiment: the base or a what-if of a comparison, a point of a sweep,
// the single design of a replicated run.
struct DesignRuns {
  std::string label;             // scenario file (compare, run) or the point's settings (sweep)
  std::string settings;          // "PATH=VALUE, ..." applied on top of the scenario; empty if none
  std::string scenario_text;     // the scenario as written and resolved (Scenario::source_text)
  std::uint64_t first_seed = 0;  // replication r ran with first_seed + r
  const MetricSamples* samples = nullptr;
};

// point, design, replication, seed, metric, value: metrics in the samples' order within each
// replication, replications in order within each point. A metric a replication lacks is NaN.
[[nodiscard]] Table replications_table(std::span<const DesignRuns> designs);

// point, design, settings, first_seed, replications, scenario: one row per design point.
[[nodiscard]] Table designs_table(std::span<const DesignRuns> designs);

}  // namespace jsim
