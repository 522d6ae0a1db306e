// jsim optimize FILE --set AXIS... --maximize METRIC [--budget 'cost<=50000']: the best grid point
// under a budget, chosen by Kim & Nelson's fully sequential ranking and selection under common
// random numbers, with its guarantee stated (experiment/design_optimization.hpp).
#include <nlohmann/json.hpp>
#include <fmt/format.h>
#include <fmt/ostream.h>

#include <algorithm>
#include <iostream>
#include <memory>
#include <optional>
#include <utility>

#include "cli/command_args.hpp"
#include "cli/console_report.hpp"
#include "cli/load_options.hpp"
#include "cli/run_session.hpp"
#include "experiment/design_optimization.hpp"
#include "experiment/mean_interval.hpp"
#include "experiment/metric_text.hpp"
#include "experiment/number_text.hpp"
#include "model/error.hpp"
#include "model/loader.hpp"
#include "output/optimize_writers.hpp"

namespace jsim::cli {

namespace {

void print_optimization(std::ostream& out, const Optimization& o, const std::string& file) {
  const Selection& s = o.selection;
  const std::string& metric = o.plan.objective;
  fmt::print(out, "Optimise {} ({} is better) of {} over {} candidates (the grid of the --set axes)", metric,
             o.plan.maximize ? "higher" : "lower", file, s.candidates.size());
  if (o.plan.budget)
    fmt::print(out, ", subject to mean {} <= {}", o.plan.budget->metric,
               format_value(o.plan.budget->metric, o.plan.budget->bound));
  fmt::print(out, "\nReplications of {} agents, replication r with seed {}+r for every candidate (common random numbers)\n",
             group_thousands(fmt::format("{}", o.population)), o.first_seed);
  fmt::print(out, "KN (Kim & Nelson 2001): {} replications each, then one more per survivor at a time, up to {}; "
                  "δ = {:.6g}{}, α = {:.6g}",
             s.plan.first_stage, s.plan.max_replications, s.delta, s.delta_from_data ? " (1% of the best first-stage mean)" : "",
             s.plan.alpha);
  if (o.plan.budget) fmt::print(out, " ({:.4g} selection + {:.4g} feasibility)", s.alpha_selection, s.plan.alpha - s.alpha_selection);
  fmt::print(out, ", η = {:.4g}, h² = {:.4g}\nValues: mean ± 95% half-width over each candidate's replications.\n\n", s.eta, s.h2);

  fmt::print(out, "  {:>4}", "cand");
  for (const SweepAxis& a : o.plan.axes) fmt::print(out, "  {:>{}}", a.path, std::max<std::size_t>(a.path.size(), 8));
  fmt::print(out, "  {:>5}  {:>24}", "reps", metric);
  if (o.plan.budget) fmt::print(out, "  {:>24}", o.plan.budget->metric);
  fmt::print(out, "  outcome\n");
  for (std::size_t i = 0; i < s.candidates.size(); ++i) {
    const CandidateRecord& c = s.candidates[i];
    fmt::print(out, "  {:>4}", i);
    for (std::size_t k = 0; k < o.settings[i].size(); ++k)
      fmt::print(out, "  {:>{}}", o.settings[i][k].value, std::max<std::size_t>(o.plan.axes[k].path.size(), 8));
    fmt::print(out, "  {:>5}  {:>24}", c.objective.size(), format_plus_minus(metric, mean_interval(c.objective)));
    if (o.plan.budget)
      fmt::print(out, "  {:>24}", format_plus_minus(o.plan.budget->metric, mean_interval(c.constraint)));
    fmt::print(out, "  {}\n", outcome_text(c));
  }
  if (s.chosen) {
    const CandidateRecord& c = s.candidates[*s.chosen];
    fmt::print(out, "\nChosen: candidate {} ({}): {} {}", *s.chosen, settings_text(o.settings[*s.chosen]), metric,
               format_interval(metric, mean_interval(c.objective)));
    if (o.plan.budget)
      fmt::print(out, ", {} {}", o.plan.budget->metric, format_interval(o.plan.budget->metric, mean_interval(c.constraint)));
    fmt::print(out, "\n");
  }
  fmt::print(out, "{}\n", guarantee_sentence(o));
}

}  // namespace

int run_optimize(const OptimizeArgs& args) {
  if (args.maximize.has_value() == args.minimize.has_value())
    throw ScenarioError({Diagnostic{"--maximize", 0, 0, "give one of --maximize METRIC or --minimize METRIC"}});
  OptimizationPlan plan;
  plan.axes = parse_axes(args.sets);
  plan.maximize = args.maximize.has_value();
  plan.objective = plan.maximize ? *args.maximize : *args.minimize;
  if (args.budget) plan.budget = parse_budget(*args.budget);
  plan.delta = args.delta;
  plan.alpha = args.alpha;
  plan.first_stage = args.first_stage;
  plan.max_replications = std::max(args.max_replications, args.first_stage);
  plan.seed = args.plan.seed;
  plan.population = population_option(args.plan);
  const std::unique_ptr<ResultsFolder> folder = RunSession::results_folder(args.out);
  RunSession session(args.plan.threads, args.plan.quiet, args.plan.force);
  plan.progress = session.progress();
  PointScenarios scenario_for(args.file, args.plan);
  plan.more_runs = [&](std::uint64_t runs) { session.add_work(runs, scenario_for.population(), scenario_for.last()); };
  const Optimization o = run_optimization(plan, std::ref(scenario_for));
  session.end_runs();
  session.write_results(folder.get(), [&](const std::filesystem::path& dir) { write_optimization(o, dir); });
  session.check_interrupted();
  if (args.json) {
    std::cout << optimization_json(o).dump(2) << '\n';
    return kExitOk;
  }
  print_optimization(std::cout, o, args.file);
  if (!args.out.empty()) std::cout << "\nwrote " << args.out << "/{optimize.csv, optimize.json}\n";
  return kExitOk;
}

}  // namespace jsim::cli
