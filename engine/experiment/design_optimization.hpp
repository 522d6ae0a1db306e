#pragma once
// Optimising a design under a budget (jsim optimize): the candidates are the grid points of
// sweep axes, replicated under common random numbers (replication r of every candidate uses seed
// S + r, as in a sweep), and chosen by ranking and selection (experiment/ranking_selection.hpp):
// the best mean of one metric subject to another metric's mean staying within a bound.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "experiment/ranking_selection.hpp"
#include "experiment/sweep.hpp"

namespace jsim {

// `metric <= bound`: the mean of a metric no candidate may exceed.
struct Budget {
  std::string metric;
  double bound = 0.0;
};

// "cost<=50000" as a Budget; ScenarioError naming --budget for anything else.
[[nodiscard]] Budget parse_budget(const std::string& text);

struct OptimizationPlan {
  std::vector<SweepAxis> axes;
  std::string objective;
  bool maximize = true;
  std::optional<Budget> budget;
  std::optional<double> delta;  // default: 1% of the largest first-stage mean (SelectionPlan)
  double alpha = 0.05;
  std::uint32_t first_stage = 10;
  std::uint32_t max_replications = 200;
  std::optional<std::uint64_t> seed;        // first replication's seed; default: the scenario's
  std::optional<std::uint64_t> population;  // default: the scenario's
  RunProgress* progress = nullptr;          // shared by every run
  std::function<void(std::uint64_t runs)> more_runs;  // told before each stage's runs (progress line)
};

struct Optimization {
  OptimizationPlan plan;
  std::string scenario;                        // name of candidate 0's scenario
  std::uint64_t first_seed = 0, population = 0;  // of candidate 0
  std::vector<std::vector<Override>> settings;   // per candidate, grid order
  Selection selection;
};

// Loads every candidate's scenario first (a bad path or value, an unknown metric fail before any
// run: ScenarioError naming --maximize/--minimize or --budget); then runs the selection, each
// stage's runs at once. A replication in which the objective or the budget metric has no value
// (NaN, e.g. cost_per_acquisition without conversions) throws jsim::Error naming it.
[[nodiscard]] Optimization run_optimization(const OptimizationPlan& plan, const ScenarioForSettings& scenario_for);

}  // namespace jsim

namespace jsim {

// "the chosen design is within δ=0.01 of the best feasible design with probability ≥ 1 − α = 0.95",
// with its assumptions; or why the guarantee was not established (the cap, nothing feasible).
[[nodiscard]] std::string guarantee_sentence(const Optimization& o);

// What became of a candidate: "chosen", "eliminated after 23 replications (by candidate 2)",
// "infeasible after 10 replications", "left at the cap (feasibility uncertain)", ...
[[nodiscard]] std::string outcome_text(const CandidateRecord& c);

// "feasible", "infeasible", "uncertain", or "" without a budget.
[[nodiscard]] const char* feasibility_name(Feasibility f);

}  // namespace jsim
