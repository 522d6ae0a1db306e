#pragma once
// jsim uncertainty: a scenario whose inputs are beliefs rather than numbers (model/uncertain_inputs).
// N input samples (Latin hypercube over the beliefs) × R replications each, replication r of every
// sample with seed S + r (common random numbers: samples differ only by their inputs); then each
// reported metric's variance split into input uncertainty and simulation noise
// (experiment/input_uncertainty.hpp), and optionally Sobol indices of one metric
// (experiment/sobol.hpp), each Saltelli point's output the mean of R replications.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "experiment/input_uncertainty.hpp"
#include "experiment/replication.hpp"
#include "experiment/sobol.hpp"
#include "experiment/sweep.hpp"
#include "model/uncertain_inputs.hpp"

namespace jsim {

struct UncertaintyPlan {
  std::vector<UncertainInput> inputs;
  std::uint32_t samples = 20;       // N: outer samples, and Sobol's base samples
  std::uint32_t replications = 5;   // R >= 2
  std::vector<std::string> metrics;  // whose variance is split (those the scenario has)
  std::optional<std::string> sobol;  // metric whose Sobol indices to estimate
  std::optional<std::uint64_t> seed;  // of the input samples and the first replication; default: the scenario's
  std::optional<std::uint64_t> population;
  RunProgress* progress = nullptr;
  std::function<void(std::uint64_t runs)> more_runs;  // told before each batch (progress line)
  FinishedRuns* finished = nullptr;  // optional: runs of a stopped study, and where to keep new ones
};

struct MetricSplit {
  std::string metric;
  VarianceSplit split;
};

struct UncertaintyStudy {
  UncertaintyPlan plan;
  std::string scenario;
  std::uint64_t first_seed = 0, population = 0;
  std::vector<std::vector<Override>> settings;  // per input sample: PATH=value for each input
  std::vector<MetricSamples> samples;           // per input sample: every metric, R replications
  std::vector<MetricSplit> splits;              // plan.metrics, in order
  std::optional<SobolIndices> sobol;
};

// Throws ScenarioError for a plan without inputs, an unknown metric (naming --metric), or a
// sample whose values the scenario rejects (the loader names the --set it came from).
[[nodiscard]] UncertaintyStudy run_uncertainty(const UncertaintyPlan& plan, const ScenarioForSettings& scenario_for);

}  // namespace jsim
