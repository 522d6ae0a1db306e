#include "experiment/replication.hpp"

#include <algorithm>
#include <limits>

#include "experiment/concurrent_runs.hpp"
#include "experiment/load_warnings.hpp"
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
  if (plan.share_customers && count == 1) {
    // One run shared by every rank of the job (sim/customer_share.hpp): all of them make it.
    Replications out;
    out.first = simulate(plan);
    out.warnings = load_warnings(*plan.scenario, out.first);
    out.samples.add(extract_metrics(out.first));
    return out;
  }
  RunPlan each = plan;
  each.share_customers = false;  // several runs: spread over the ranks as runs instead
  return std::move(replicate_each(std::span<const RunPlan>(&each, 1), count).front());
}

std::vector<Replications> replicate_each(std::span<const RunPlan> designs, std::uint32_t count, KeepFirst keep_first,
                                         FinishedRuns* finished) {
  if (count == 0) throw Error("replications must be at least 1");
  const std::size_t runs = designs.size() * count;
  const auto design_of = [&](std::size_t i) { return i / count; };
  const auto replication_of = [&](std::size_t i) { return static_cast<std::uint32_t>(i % count); };
  std::vector<Replications> out(designs.size());
  const auto plan_of = [&](std::size_t i) {
    RunPlan p = designs[design_of(i)];
    p.seed = replication_seed(p.seed, replication_of(i));
    if (replication_of(i) > 0) p.journeys = {};  // journeys are recorded for the run that is written: replication 0
    return p;
  };
  // Replication 0 of a design is kept whole when asked for: it is run where the files are written.
  const auto kept_whole = [&](std::size_t i) { return keep_first == KeepFirst::Yes && replication_of(i) == 0; };
  // The metrics a run of each design gives, by name.
  std::vector<std::vector<std::string>> names;
  for (const RunPlan& p : designs) names.push_back(metric_names(*p.scenario));
  // A run gives its metric values, then its load warnings as numbers, so that they can come from
  // any MPI rank (engine/cluster) or a checkpoint (every run, so that what is kept does not depend
  // on its place in the batch). A full result stays where it was made: when it is kept,
  // replication 0 runs on rank 0, which writes; otherwise any rank may take it, which keeps the
  // ranks evenly loaded when there are many designs.
  std::vector<std::vector<double>> values = run_numbers(
      runs, plan_of,
      [&](std::size_t i, RunResult&& result) {
        std::vector<double> v;
        for (const Metric& m : extract_metrics(result)) v.push_back(m.value);
        const Scenario& s = *designs[design_of(i)].scenario;
        const std::vector<double> w = warning_numbers(s, load_warnings(s, result));
        v.insert(v.end(), w.begin(), w.end());
        if (kept_whole(i)) out[design_of(i)].first = std::move(result);
        return v;
      },
      kept_whole, finished);
  // Each design's runs in replication order: its metrics, named, then (replication 0) its warnings.
  for (std::size_t d = 0; d < designs.size(); ++d) {
    for (std::uint32_t r = 0; r < count; ++r) {
      const std::vector<double>& v = values[d * count + r];
      if (v.size() < names[d].size())
        throw Error("a run gave " + std::to_string(v.size()) + " numbers, expected at least " + std::to_string(names[d].size()));
      std::vector<Metric> run;
      for (std::size_t m = 0; m < names[d].size(); ++m) run.push_back({names[d][m], v[m], {}});
      out[d].samples.add(run);
      if (r == 0)
        out[d].warnings = warnings_from_numbers(*designs[d].scenario, std::span<const double>(v).subspan(names[d].size()));
    }
  }
  return out;
}

}  // namespace jsim
