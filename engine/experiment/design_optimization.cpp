#include "experiment/design_optimization.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "experiment/concurrent_runs.hpp"
#include "model/error.hpp"

namespace jsim {

namespace {

void check_metric(const std::string& option, const std::string& metric, const std::vector<ScenarioPtr>& scenarios) {
  for (const ScenarioPtr& s : scenarios) require_metric(option, metric, metric_names(*s));
}

double value_of(const std::vector<Metric>& metrics, const std::string& name, std::size_t candidate, std::uint64_t seed) {
  for (const Metric& m : metrics)
    if (m.name == name) {
      if (std::isnan(m.value))
        throw Error(fmt::format("metric '{}' has no value for candidate {} with seed {} (nothing to divide by?)", name,
                                candidate, seed));
      return m.value;
    }
  throw Error(fmt::format("metric '{}' missing for candidate {}", name, candidate));
}

}  // namespace

Budget parse_budget(const std::string& text) {
  const auto at = text.find("<=");
  std::size_t used = 0;
  double bound = 0.0;
  bool number = false;
  if (at != std::string::npos && at > 0) {
    try {
      bound = std::stod(text.substr(at + 2), &used);
      number = used == text.size() - at - 2 && std::isfinite(bound);
    } catch (const std::exception&) {
    }
  }
  if (!number)
    throw ScenarioError({Diagnostic{"--budget " + text, 0, 0, "expected METRIC<=NUMBER, e.g. cost<=50000"}});
  return {text.substr(0, at), bound};
}

Optimization run_optimization(const OptimizationPlan& plan, const ScenarioForSettings& scenario_for) {
  Optimization out;
  out.plan = plan;
  out.settings = grid_points(plan.axes);
  std::vector<ScenarioPtr> scenarios;
  for (const auto& s : out.settings) scenarios.push_back(scenario_for(s));
  check_metric(plan.maximize ? "--maximize" : "--minimize", plan.objective, scenarios);
  if (plan.budget) check_metric("--budget", plan.budget->metric, scenarios);

  std::vector<RunPlan> runs;
  for (const ScenarioPtr& s : scenarios) {
    RunPlan run = default_plan(s);
    if (plan.seed) run.seed = *plan.seed;
    if (plan.population) run.population = *plan.population;
    run.threads = 0;  // the command's RunSession caps the threads of all runs together
    run.progress = plan.progress;
    runs.push_back(std::move(run));
  }
  out.scenario = scenarios.front()->name;
  out.first_seed = runs.front().seed;
  out.population = runs.front().population;

  // One stage: replications [first, first + count) of every listed candidate, all at once; each
  // result lands in its own slot, so the outcome is the same for any number of threads.
  const ObservationSource source = [&](std::span<const std::size_t> which, std::uint32_t first, std::uint32_t count) {
    std::vector<std::vector<Observation>> got(which.size(), std::vector<Observation>(count));
    if (plan.more_runs) plan.more_runs(std::uint64_t{which.size()} * count);
    const auto seed_of = [&](std::size_t n) {
      return replication_seed(runs[which[n / count]].seed, first + static_cast<std::uint32_t>(n % count));
    };
    // The objective and the budget's metric of each run; over MPI the runs of a stage are spread
    // over the ranks like any experiment's, and every rank goes on with the same numbers.
    const std::vector<std::vector<double>> numbers = run_numbers(
        which.size() * count,
        [&](std::size_t n) {
          RunPlan p = runs[which[n / count]];
          p.seed = seed_of(n);
          return p;
        },
        [&](std::size_t n, RunResult&& result) {
          const std::size_t candidate = which[n / count];
          const std::vector<Metric> metrics = extract_metrics(result);
          std::vector<double> v{value_of(metrics, plan.objective, candidate, seed_of(n))};
          if (plan.budget) v.push_back(value_of(metrics, plan.budget->metric, candidate, seed_of(n)));
          return v;
        },
        [](std::size_t) { return false; });
    for (std::size_t n = 0; n < numbers.size(); ++n) {
      Observation& o = got[n / count][n % count];
      o.objective = numbers[n].at(0);
      if (plan.budget) o.constraint = numbers[n].at(1);
    }
    return got;
  };
  SelectionPlan selection{.candidates = out.settings.size(),
                          .maximize = plan.maximize,
                          .delta = plan.delta,
                          .alpha = plan.alpha,
                          .first_stage = plan.first_stage,
                          .max_replications = plan.max_replications,
                          .budget = plan.budget ? std::optional<double>(plan.budget->bound) : std::nullopt};
  out.selection = select_best(selection, source);
  return out;
}

}  // namespace jsim

namespace jsim {

const char* feasibility_name(Feasibility f) {
  switch (f) {
    case Feasibility::Feasible: return "feasible";
    case Feasibility::Infeasible: return "infeasible";
    case Feasibility::Uncertain: return "uncertain";
    default: return "";
  }
}

std::string outcome_text(const CandidateRecord& c) {
  switch (c.fate) {
    case Fate::Chosen:
      return c.feasibility == Feasibility::Uncertain ? "chosen (feasibility uncertain)" : "chosen";
    case Fate::Eliminated:
      return fmt::format("eliminated after {} replications (by candidate {})", c.decided_at, *c.eliminated_by);
    case Fate::Infeasible: return fmt::format("infeasible after {} replications", c.decided_at);
    case Fate::Remaining:
      return c.feasibility == Feasibility::Uncertain ? "left at the cap (feasibility uncertain)" : "left at the cap";
  }
  return "";
}

std::string guarantee_sentence(const Optimization& o) {
  const Selection& s = o.selection;
  const std::string feasible = o.plan.budget ? " feasible" : "";
  if (!s.chosen) return "No candidate is feasible: every one's budget metric lies above the bound.";
  if (!s.guaranteed)
    return fmt::format(
        "Guarantee NOT established: {} replications per candidate (--max-replications) did not leave a single "
        "candidate{}; the chosen one is the best mean of those left, and may not be the best{} design.",
        s.plan.max_replications, o.plan.budget ? " confirmed feasible" : "", feasible);
  std::string text = fmt::format(
      "Guarantee: the chosen design is within δ={:.6g} of the best{} design with probability ≥ 1 − α = {:.6g} "
      "(Kim & Nelson's KN; assumes each candidate's replication outputs are roughly normal — means over many "
      "customers — and differences smaller than δ do not matter",
      s.delta, feasible, 1.0 - s.plan.alpha);
  if (o.plan.budget)
    text += fmt::format("; α is split: {:.4g} for the selection, {:.4g} for the feasibility checks, whose repeated "
                        "looks are not corrected for, so that half is approximate",
                        s.alpha_selection, s.plan.alpha - s.alpha_selection);
  if (s.delta_from_data) text += "; δ was not given (--delta), so it is 1% of the largest first-stage mean";
  return text + ").";
}

}  // namespace jsim
