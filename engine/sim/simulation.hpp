#pragma once
// Running a scenario: one RunPlan in, one RunResult out.
#include <cstdint>

#include "model/scenario.hpp"
#include "sim/journey_recorder.hpp"
#include "sim/run_progress.hpp"
#include "sim/run_result.hpp"

namespace jsim {

// One run as a value: which scenario, which seed, how many agents, how many threads.
struct RunPlan {
  ScenarioPtr scenario;
  std::uint64_t seed = 0;
  std::uint64_t population = 0;
  std::uint32_t threads = 0;  // 0 = all cores; never changes the result
  JourneyCollection journeys;  // optional: record sampled customers' journeys to a sink
  RunProgress* progress = nullptr;  // optional: counts work done; its stop flag interrupts the run
  // In an MPI job: every rank calls simulate() with this plan and walks a share of the customers
  // (sim/customer_share.hpp); rank 0's result is the run's. Not with journeys (rank 0 has only its own).
  bool share_customers = false;
};

// Plan with the scenario's own seed and population.
[[nodiscard]] RunPlan default_plan(ScenarioPtr scenario);

[[nodiscard]] RunResult simulate(const RunPlan& plan);

// The engine time window for a timed scenario (docs/model.md): the scenario's `window`, else 1 h.
// Only speed depends on it, never a result.
[[nodiscard]] double engine_window(const Scenario& s);

}  // namespace jsim
