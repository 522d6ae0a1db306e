#include "experiment/sweep.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "experiment/mean_interval.hpp"
#include "model/error.hpp"

namespace jsim {

namespace {

// Appends the names not yet in `into`, keeping first-seen order.
void add_new(std::vector<std::string>& into, const std::vector<std::string>& names) {
  for (const std::string& name : names)
    if (std::find(into.begin(), into.end(), name) == into.end()) into.push_back(name);
}

}  // namespace

Sweep run_sweep(const SweepPlan& plan, const ScenarioForSettings& scenario_for) {
  const std::vector<std::vector<Override>> settings = design_points(plan.axes, plan.design);
  std::vector<ScenarioPtr> scenarios;
  for (const auto& s : settings) scenarios.push_back(scenario_for(s));
  if (plan.best) {
    std::vector<std::string> known;
    for (const ScenarioPtr& s : scenarios) add_new(known, metric_names(*s));
    require_metric("--best", *plan.best, known);
  }

  Sweep sweep;
  sweep.plan = plan;
  sweep.scenario = scenarios.front()->name;
  std::vector<RunPlan> runs;
  for (const ScenarioPtr& s : scenarios) {
    RunPlan run = default_plan(s);
    if (plan.seed) run.seed = *plan.seed;
    if (plan.population) run.population = *plan.population;
    run.threads = plan.threads;
    run.progress = plan.progress;
    runs.push_back(std::move(run));
  }
  sweep.first_seed = runs.front().seed;
  sweep.population = runs.front().population;
  // Every point at once, each replicated at once; kept in grid order.
  std::vector<Replications> results = replicate_each(runs, plan.replications, KeepFirst::No, plan.finished);
  for (std::size_t i = 0; i < settings.size(); ++i) {
    SweepPoint point{settings[i], scenarios[i]->setting_notes, std::move(results[i].samples),
                     std::move(results[i].warnings), scenarios[i]};
    add_new(sweep.metrics, point.samples.names);
    sweep.points.push_back(std::move(point));
  }
  if (plan.best) sweep.best = best_point(sweep, *plan.best);
  return sweep;
}

BestPoint best_point(const Sweep& sweep, const std::string& metric) {
  const bool lower = better_direction(metric) == Better::Lower;
  // Points with a value, ordered best first.
  std::vector<std::pair<double, std::size_t>> ranked;
  for (std::size_t i = 0; i < sweep.points.size(); ++i) {
    const std::vector<double>* v = sweep.points[i].samples.find(metric);
    if (v == nullptr) continue;
    const double mean = mean_interval(*v).estimate;
    if (!std::isnan(mean)) ranked.emplace_back(lower ? mean : -mean, i);
  }
  if (ranked.empty()) {
    require_metric("--best", metric, sweep.metrics);
    throw ScenarioError(
        {Diagnostic{"--best", 0, 0, fmt::format("metric '{}' has no value at any sweep point", metric)}});
  }
  std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  BestPoint best;
  best.index = ranked[0].second;
  best.value = mean_interval(*sweep.points[best.index].samples.find(metric));
  if (ranked.size() > 1) {
    best.runner_up = ranked[1].second;
    const Comparison c = compare(sweep.points[*best.runner_up].samples, sweep.points[best.index].samples);
    if (const MetricComparison* m = c.find(metric)) best.versus_runner_up = *m;
  }
  return best;
}

}  // namespace jsim
