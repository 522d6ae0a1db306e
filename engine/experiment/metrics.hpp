#pragma once
// The scalar metrics experiments compare: one flat, named list per run, built in one place.
//
//   conversion_rate, conversions, revenue, cost, profit, roi, aov, nps, retention_rate, cltv,
//   cost_per_acquisition, mean_frustration, abandonments
//   conversion_rate:<persona>, revenue:<persona>                 per persona, scenario order
//   mean_wait:<touchpoint>, utilisation:<touchpoint>, reneges:<touchpoint>
//                                                                per capacity-limited touchpoint
#include <string>
#include <string_view>
#include <vector>

#include "model/scenario.hpp"
#include "sim/run_result.hpp"

namespace jsim {

struct Metric {
  std::string name;
  double value = 0.0;
};

[[nodiscard]] std::vector<Metric> extract_metrics(const RunResult& r);

// The name of a per-persona or per-touchpoint metric: metric_for("conversion_rate", "digital_native")
// is "conversion_rate:digital_native".
[[nodiscard]] std::string metric_for(std::string_view metric, std::string_view id);
// The id part of such a name ("digital_native"); empty for a run-level metric.
[[nodiscard]] std::string_view metric_id(std::string_view name);

// The names extract_metrics gives for any run of this scenario, in the same order; lets a
// command check a metric named on the command line before spending time on runs.
[[nodiscard]] std::vector<std::string> metric_names(const Scenario& s);

// Throws ScenarioError naming `option` (the command-line option that named it, e.g. "--maximize")
// and listing `known` unless `metric` is one of them: a command checks before any run.
void require_metric(const std::string& option, const std::string& metric, const std::vector<std::string>& known);

// Which way is an improvement: lower for costs, waits, reneges, abandonments and frustration;
// neither for utilisation (busier staff is cheaper but means longer waits); higher otherwise.
enum class Better { Higher, Lower, Neither };

[[nodiscard]] Better better_direction(std::string_view metric);

// Fractions in [0, 1] (conversion and retention rates, utilisation): reports show them in
// percent and their differences in percentage points.
[[nodiscard]] bool is_proportion(std::string_view metric);

// Durations in seconds (mean waits): reports show them with a unit, "9.5 s", "2.8 min".
[[nodiscard]] bool is_duration(std::string_view metric);

}  // namespace jsim
