#pragma once
// A parameter sweep: every point of a design of overrides (a grid, or points sampled from ranges:
// experiment/sweep_design.hpp), replicated with common random numbers
// (replication r of every point uses the same seed); points and replications run several at once.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "experiment/comparison.hpp"
#include "experiment/finished_runs.hpp"
#include "experiment/replication.hpp"
#include "experiment/sweep_design.hpp"

namespace jsim {

struct SweepPoint {
  std::vector<Override> settings;  // one per axis, axis order
  std::vector<std::string> notes;  // what the settings also changed (persona shares rescaled to sum to 1)
  MetricSamples samples;
  std::vector<LoadWarning> warnings;  // of replication 0: queues its load crushes
  ScenarioPtr scenario;               // what the point ran (its text is recorded in the results)
};

struct SweepPlan {
  std::vector<SweepAxis> axes;
  SweepDesign design;                 // which points of the axes: the grid by default
  std::vector<std::string> settings;  // the --set and --zip arguments, recorded in the results
  std::uint32_t replications = 3;
  std::optional<std::uint64_t> seed;        // first replication's seed; default: the scenario's
  std::optional<std::uint64_t> population;  // default: the scenario's
  std::uint32_t threads = 0;
  RunProgress* progress = nullptr;  // optional: shared by every run (RunPlan::progress)
  std::optional<std::string> best;  // metric whose best point to find (best_point)
  FinishedRuns* finished = nullptr;  // optional: runs of a killed sweep, and where to keep new ones
};

struct BestPoint {
  std::size_t index = 0;
  Interval value;                                    // the best point's mean with its interval
  std::optional<std::size_t> runner_up;              // absent with a single point
  std::optional<MetricComparison> versus_runner_up;  // paired difference best − runner-up
};

struct Sweep {
  SweepPlan plan;
  std::string scenario;              // name of the first point's scenario
  std::uint64_t first_seed = 0;      // of point 0 (every point's, unless the seed is swept)
  std::uint64_t population = 0;      // of point 0
  std::vector<SweepPoint> points;    // design order (design_points)
  std::vector<std::string> metrics;  // union over points, first-seen order
  std::optional<BestPoint> best;     // when plan.best names a metric
};

// Builds the scenario of one grid point (the command loads the file with these overrides).
using ScenarioForSettings = std::function<ScenarioPtr(const std::vector<Override>&)>;

// Loads every point's scenario first, so a bad path or value, or a plan.best metric that no
// point's scenario has (ScenarioError naming --best), fails before any run; then runs them.
[[nodiscard]] Sweep run_sweep(const SweepPlan& plan, const ScenarioForSettings& scenario_for);

// The point with the best mean of `metric` (lowest for cost-like metrics, else highest:
// better_direction) and
// how sure that is against the runner-up. Points where the metric is NaN are skipped; of equal
// means the earlier grid point wins.
// Throws ScenarioError naming --best if no point has a value for the metric.
[[nodiscard]] BestPoint best_point(const Sweep& sweep, const std::string& metric);

}  // namespace jsim
