#include "experiment/uncertainty_study.hpp"

#include <fmt/format.h>


#include "model/error.hpp"

namespace jsim {

namespace {

// Runs every scenario R times (replication r with seed first_seed + r), all at once; results in
// the scenarios' order.
std::vector<MetricSamples> replicate_all(const std::vector<ScenarioPtr>& scenarios, const UncertaintyPlan& plan,
                                         std::uint64_t first_seed) {
  if (plan.more_runs) plan.more_runs(std::uint64_t{scenarios.size()} * plan.replications);
  std::vector<RunPlan> runs;
  for (const ScenarioPtr& s : scenarios) {
    RunPlan& run = runs.emplace_back(default_plan(s));
    run.seed = first_seed;
    if (plan.population) run.population = *plan.population;
    run.progress = plan.progress;
  }
  std::vector<MetricSamples> out;
  for (Replications& r : replicate_each(runs, plan.replications, KeepFirst::No, plan.finished)) out.push_back(std::move(r.samples));
  return out;
}

std::vector<double> replications_of(const MetricSamples& s, const std::string& metric) {
  const std::vector<double>* v = s.find(metric);
  if (v == nullptr) throw Error("metric '" + metric + "' missing from a run");
  return *v;
}

}  // namespace

UncertaintyStudy run_uncertainty(const UncertaintyPlan& plan, const ScenarioForSettings& scenario_for) {
  if (plan.inputs.empty())
    throw ScenarioError({Diagnostic{"--uncertain", 0, 0,
                                    "no uncertain inputs: write a value as {uncertain: {dist: uniform, min: A, max: "
                                    "B}} in the scenario, or give --uncertain PATH=uniform(A,B)"}});
  if (plan.replications < 2 || plan.samples < 2) throw Error("input uncertainty needs at least 2 samples and 2 replications");
  UncertaintyStudy out;
  out.plan = plan;
  // The scenario at the beliefs' centres names the run and fixes the seed and the metrics.
  std::vector<Override> centre;
  for (const UncertainInput& i : plan.inputs) centre.push_back({i.path, fmt::format("{:.17g}", i.belief.mean())});
  const ScenarioPtr base = scenario_for(centre);
  out.scenario = base->name;
  out.first_seed = plan.seed.value_or(base->seed);
  out.population = plan.population.value_or(base->population);
  const std::vector<std::string> known = metric_names(*base);
  std::vector<std::string> wanted = plan.metrics;
  if (plan.sobol) wanted.push_back(*plan.sobol);
  for (const std::string& m : wanted) require_metric("--metric", m, known);

  std::vector<ScenarioPtr> scenarios;
  for (const std::vector<double>& u : latin_hypercube(plan.samples, plan.inputs.size(), out.first_seed)) {
    out.settings.push_back(sample_overrides(plan.inputs, u));
    scenarios.push_back(scenario_for(out.settings.back()));
  }
  out.samples = replicate_all(scenarios, plan, out.first_seed);
  for (const std::string& m : plan.metrics) {
    std::vector<std::vector<double>> y;
    for (const MetricSamples& s : out.samples) y.push_back(replications_of(s, m));
    out.splits.push_back({m, split_variance(y)});
  }
  if (plan.sobol) {
    const BatchModel model = [&](const std::vector<std::vector<double>>& points) {
      std::vector<ScenarioPtr> batch;
      for (const std::vector<double>& u : points) batch.push_back(scenario_for(sample_overrides(plan.inputs, u)));
      std::vector<double> f;
      for (const MetricSamples& s : replicate_all(batch, plan, out.first_seed)) {
        const std::vector<double> v = replications_of(s, *plan.sobol);
        double sum = 0.0;
        for (double x : v) sum += x;
        f.push_back(sum / static_cast<double>(v.size()));
      }
      return f;
    };
    out.sobol = sobol_indices({.inputs = plan.inputs.size(), .base_samples = plan.samples, .seed = out.first_seed + 1,
                               .bootstrap = 500},
                              model);
  }
  return out;
}

}  // namespace jsim
