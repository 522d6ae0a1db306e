#include "experiment/replication.hpp"

#include <algorithm>
#include <limits>

#include "experiment/concurrent_runs.hpp"
#include "experiment/mean_interval.hpp"
#include "model/error.hpp"

namespace jsim {

void MetricSamples::add(const std::vector<Metric>& run) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (auto& row : values) row.push_back(nan);
  for (const Metric& m : run) {
    const auto it = std::find(names.begin(), names.end(), m.name);
    if (it == names.end()) {
      names.push_back(m.name);
      values.emplace_back(replications, nan).push_back(m.value);
    } else {
      values[static_cast<std::size_t>(it - names.begin())].back() = m.value;
    }
  }
  ++replications;
}

const std::vector<double>* MetricSamples::find(std::string_view name) const {
  const auto it = std::find(names.begin(), names.end(), name);
  return it == names.end() ? nullptr : &values[static_cast<std::size_t>(it - names.begin())];
}

std::vector<MetricEstimate> estimate(const MetricSamples& samples) {
  std::vector<MetricEstimate> out;
  for (std::size_t m = 0; m < samples.names.size(); ++m)
    out.push_back({samples.names[m], mean_interval(samples.values[m])});
  return out;
}

Replications replicate(const RunPlan& plan, std::uint32_t count) {
  if (count == 0) throw Error("replications must be at least 1");
  Replications out;
  // Runs end in any order; their metrics are added in replication order, as one after another would.
  std::vector<std::vector<Metric>> metrics(count);
  run_concurrently(
      count,
      [&](std::size_t r) {
        RunPlan p = plan;
        p.seed = replication_seed(plan.seed, static_cast<std::uint32_t>(r));
        if (r > 0) p.journeys = {};  // journeys are recorded for the run that is written: replication 0
        return p;
      },
      [&](std::size_t r, RunResult&& result) {
        metrics[r] = extract_metrics(result);
        if (r > 0) return;
        out.warnings = load_warnings(*plan.scenario, result);
        out.first = std::move(result);
      });
  for (const std::vector<Metric>& m : metrics) out.samples.add(m);
  return out;
}

}  // namespace jsim
