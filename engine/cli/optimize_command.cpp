// jsim optimize FILE --set AXIS... --maximize METRIC [--budget 'cost<=50000']: the best grid point
// under a budget, chosen by Kim & Nelson's fully sequential ranking and selection under common
// random numbers, with its guarantee stated (experiment/design_optimization.hpp).
#include <fmt/format.h>
#include <fmt/ostream.h>

#include <algorithm>
#include <iostream>
#include <memory>
#include <optional>
#include <utility>

#include "cli/commands.hpp"
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

struct OptimizeArgs {
  std::string file;
  std::vector<std::string> sets;
  std::optional<std::string> maximize, minimize, budget;
  std::optional<double> delta;
  double alpha = 0.05;
  std::uint32_t first_stage = 10;
  std::uint32_t max_replications = 200;
  PlanOptions plan;
  std::string out;
  bool json = false;
};

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

int execute(const OptimizeArgs& args) {
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

}  // namespace

void add_optimize(CLI::App& app, std::function<int()>& run) {
  auto args = std::make_shared<OptimizeArgs>();
  CLI::App* cmd = app.add_subcommand(
      "optimize", "Find the best grid point under a budget by ranking and selection (Kim & Nelson's KN), with a guarantee");
  cmd->add_option("FILE", args->file, "scenario YAML")->required();
  cmd->add_option("--set", args->sets,
                  "PATH=v1,v2,... or PATH=a..b:step: the candidates are the grid points, as in jsim sweep (repeatable)")
      ->required()
      ->take_all()
      ->expected(1);
  CLI::Option* max = cmd->add_option("--maximize", args->maximize, "metric to maximise, e.g. profit, conversion_rate");
  CLI::Option* min = cmd->add_option("--minimize", args->minimize, "metric to minimise, e.g. cost, mean_wait:call_centre");
  max->excludes(min);
  cmd->add_option("--budget", args->budget, "METRIC<=BOUND: a candidate is feasible when that metric's mean is at most BOUND, "
                                            "e.g. 'cost<=50000'");
  cmd->add_option("--delta", args->delta,
                  "indifference zone δ in the objective's unit: differences smaller than this do not matter "
                  "(default: 1% of the best first-stage mean)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--alpha", args->alpha, "1 − α is the probability of a correct selection (default 0.05)")
      ->check(CLI::Range(1e-6, 0.5));
  cmd->add_option("--first-stage", args->first_stage, "replications of every candidate before any elimination (n0, default 10)")
      ->check(CLI::Range(2u, 100000u));
  cmd->add_option("--max-replications", args->max_replications,
                  "cap on any candidate's replications; reached, the best mean is reported without the guarantee "
                  "(default 200)")
      ->check(CLI::Range(2u, 1000000u));
  add_plan_options(cmd, args->plan, "untimed scenarios: agents at every candidate (default: the scenario's)");
  add_experiment_options(cmd, args->plan);
  cmd->add_option("--out", args->out, "directory for optimize.csv and optimize.json (written atomically)");
  cmd->add_flag("--json", args->json, "print the result as JSON instead of text");
  cmd->callback([&run, args] { run = [args] { return execute(*args); }; });
}

}  // namespace jsim::cli
