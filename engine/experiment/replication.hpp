#pragma once
// Replications: R runs of one design with seeds seed, seed+1, ..., seed+R−1.
//
// Replication r of every design uses the same seed, so designs run side by side get common
// random numbers (sim/random.hpp): each agent draws the same numbers wherever its path agrees.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "experiment/finished_runs.hpp"
#include "experiment/load_warnings.hpp"
#include "experiment/metrics.hpp"
#include "sim/simulation.hpp"

namespace jsim {

// Seed of replication r (0-based) for a plan whose first replication uses first_seed.
[[nodiscard]] inline std::uint64_t replication_seed(std::uint64_t first_seed, std::uint32_t r) {
  return first_seed + r;
}

// Every metric's value in every replication, metrics in first-seen order.
struct MetricSamples {
  std::vector<std::string> names;
  std::vector<std::vector<double>> values;  // [metric][replication]
  std::uint32_t replications = 0;

  // Appends one replication. A metric first seen now is NaN in earlier replications, and one
  // missing now is NaN in this one, so every row keeps one value per replication.
  void add(const std::vector<Metric>& run);
  // The replications of one metric, or nullptr if no run had it.
  [[nodiscard]] const std::vector<double>* find(std::string_view name) const;
};

// One metric's mean over the replications, with its 95% interval.
struct MetricEstimate {
  std::string name;
  Interval mean;
};

[[nodiscard]] std::vector<MetricEstimate> estimate(const MetricSamples& samples);

struct Replications {
  RunResult first;  // replication 0 in full, for reports that also show one run
  MetricSamples samples;
  std::vector<LoadWarning> warnings;  // of replication 0: queues its load crushes
};

// Runs plan with seeds plan.seed, plan.seed+1, ..., several at once (run_concurrently); the
// samples are in replication order whatever order the runs end in, so the result is the same as
// one run after another. Only replication 0 records journeys (plan.journeys). One run with
// plan.share_customers is made by every rank of an MPI job together; several are spread as runs.
[[nodiscard]] Replications replicate(const RunPlan& plan, std::uint32_t count);

// Whether replicate_each keeps each design's replication 0 in full (a sweep of many points keeps
// only their metrics: a full result is large).
enum class KeepFirst : bool { No, Yes };

// replicate() for every design, all runs of all designs in one batch: several at once on this
// machine, and spread over the ranks of an MPI job (cluster/spread_runs.hpp), where replication 0
// of every design runs on rank 0 when it is kept (rank 0 writes the files), and every rank ends
// with every design's samples and warnings. Results are the same for any thread or rank count.
// With `finished`, runs made before (a killed sweep's) are taken from it and every run made is
// added to it (experiment/finished_runs.hpp).
[[nodiscard]] std::vector<Replications> replicate_each(std::span<const RunPlan> designs, std::uint32_t count,
                                                       KeepFirst keep_first = KeepFirst::Yes,
                                                       FinishedRuns* finished = nullptr);

}  // namespace jsim
