// jsim sweep FILE --set PATH=SPEC ...: a design of overrides (a grid, with --zip axes varying
// together, or points sampled from ranges at random or by Latin hypercube), each point replicated
// under common random numbers; optionally the best point for one metric.
#include <nlohmann/json.hpp>
#include <fmt/format.h>
#include <fmt/ostream.h>

#include <algorithm>
#include <cmath>
#include <iostream>
#include <memory>
#include <optional>
#include <utility>

#include "cli/command_args.hpp"
#include "cli/console_report.hpp"
#include "cli/load_options.hpp"
#include "cli/run_session.hpp"
#include "experiment/sweep_design.hpp"
#include "experiment/mean_interval.hpp"
#include "experiment/metric_text.hpp"
#include "experiment/number_text.hpp"
#include "experiment/sweep.hpp"
#include "model/error.hpp"
#include "model/loader.hpp"
#include "output/experiment_writers.hpp"

namespace jsim::cli {

namespace {

void print_sweep(std::ostream& out, const Sweep& sweep, const std::string& file) {
  const SweepDesign& design = sweep.plan.design;
  if (design.kind != DesignKind::Grid)
    fmt::print(out, "Design: {} points sampled by {} from the ranges (design seed {})\n", sweep.points.size(),
               design.kind == DesignKind::LatinHypercube ? "Latin hypercube" : "uniform random draws", design.seed);
  fmt::print(out, "Sweep of {}: {} points x {} replications of {} agents, seeds {}..{}, common random numbers\n", file,
             sweep.points.size(), sweep.plan.replications, group_thousands(fmt::format("{}", sweep.population)),
             sweep.first_seed, replication_seed(sweep.first_seed, sweep.plan.replications - 1));
  if (sweep.plan.replications > 1)
    fmt::print(out, "Values: mean ± 95% half-width over {} replications.\n\n", sweep.plan.replications);
  else
    fmt::print(out, "Values: one replication each, so no intervals (--replications 2 or more gives them).\n\n");
  // The planner's view: what a setting earns and costs. Every metric is in --json / --out.
  std::vector<std::string> shown = {"conversion_rate", "revenue", "cost", "profit"};
  if (sweep.plan.best && std::find(shown.begin(), shown.end(), *sweep.plan.best) == shown.end())
    shown.push_back(*sweep.plan.best);
  fmt::print(out, "  {:>5}", "point");
  for (const SweepAxis& a : sweep.plan.axes)
    fmt::print(out, "  {:>{}}", a.path, std::max<std::size_t>(a.path.size(), 8));
  for (const std::string& m : shown) fmt::print(out, "  {:>24}", m);
  fmt::print(out, "\n");
  for (std::size_t i = 0; i < sweep.points.size(); ++i) {
    const SweepPoint& p = sweep.points[i];
    fmt::print(out, "  {:>5}", i);
    for (std::size_t k = 0; k < p.settings.size(); ++k)
      fmt::print(out, "  {:>{}}", p.settings[k].value, std::max<std::size_t>(sweep.plan.axes[k].path.size(), 8));
    for (const std::string& m : shown) {
      const std::vector<double>* v = p.samples.find(m);
      fmt::print(out, "  {:>24}", v ? format_plus_minus(m, mean_interval(*v)) : "n/a");
    }
    fmt::print(out, "{}\n", sweep.best && sweep.best->index == i ? "  <- best" : "");
  }
  if (!sweep.best) return;
  const BestPoint& b = *sweep.best;
  const std::string& metric = *sweep.plan.best;
  fmt::print(out, "\nBest {} ({} is better): point {} ({}): {}\n", metric,
             better_direction(metric) == Better::Lower ? "lower" : "higher", b.index,
             settings_text(sweep.points[b.index].settings), format_interval(metric, b.value));
  if (!b.runner_up || !b.versus_runner_up) return;
  const MetricComparison& d = *b.versus_runner_up;
  // The verdict rule of compare (MetricComparison), said for a best point and its runner-up.
  const char* judgement =
      d.identical ? "identical results: the setting makes no difference to this metric here (ties go to the earlier point)"
      : d.distinguishable ? "distinguishable: the best point is really better"
      : std::isnan(d.difference.low)
          ? "no interval: one replication cannot separate them; use --replications 2 or more"
          : "not distinguishable: more --replications (or --agents, untimed) are needed to separate them";
  fmt::print(out, "  vs runner-up point {} ({}): {} — {}\n", *b.runner_up, settings_text(sweep.points[*b.runner_up].settings),
             format_difference(metric, d.difference), judgement);
}

}  // namespace

int run_sweep(const SweepArgs& args) {
  SweepPlan plan;
  plan.axes = parse_axes(args.sets, args.zips);
  for (const std::string& s : args.sets) plan.settings.push_back(s);
  for (const std::string& z : args.zips) plan.settings.push_back("--zip " + z);
  plan.design.kind = *design_kind(args.design);  // CLI11 checked the name
  plan.design.points = args.points;
  if (plan.design.kind == DesignKind::Grid && args.points > 0)
    throw ScenarioError({Diagnostic{"--points", 0, 0, "--points is for --design random or lhs; a grid runs every combination"}});
  // The design's samples come from --seed, else the scenario's own seed (the file as written).
  if (plan.design.kind != DesignKind::Grid) plan.design.seed = args.plan.seed.value_or(load_scenario(args.file)->seed);
  plan.replications = args.replications;
  plan.seed = args.plan.seed;
  plan.population = population_option(args.plan);
  plan.best = args.best;
  const std::unique_ptr<ResultsFolder> folder = RunSession::results_folder(args.out);
  RunSession session(args.plan.threads, args.plan.quiet, args.plan.force);
  plan.progress = session.progress();
  plan.finished = session.keep_finished_runs(folder.get());
  // Every point's scenario is loaded before any run: each is checked and its work counted then.
  PointScenarios load_point(args.file, args.plan);
  load_point.preload(design_points(plan.axes, plan.design));  // several at once; the same errors, in order
  const auto scenario_for = [&](const std::vector<Override>& settings) {
    ScenarioPtr s = load_point(settings);
    session.add_work(plan.replications, load_point.population(), *s);
    return s;
  };
  const Sweep sweep = run_sweep(plan, scenario_for);
  session.end_runs();
  for (const SweepPoint& p : sweep.points) {
    for (const std::string& note : p.notes) std::cerr << "note: sweep point " << settings_text(p.settings) << ": " << note << '\n';
    print_load_warnings(std::cerr, p.warnings, "sweep point " + settings_text(p.settings));
  }
  session.write_results(folder.get(), [&](const std::filesystem::path& dir) { write_sweep(sweep, dir); });
  session.check_interrupted();
  if (args.json) {
    std::cout << sweep_json(sweep).dump(2) << '\n';
    return kExitOk;
  }
  print_sweep(std::cout, sweep, args.file);
  if (!args.out.empty()) std::cout << "\nwrote " << args.out << "/{sweep.html, sweep.json, sweep.csv, sweep.h5, replications.csv, designs.csv}\n";
  return kExitOk;
}

}  // namespace jsim::cli
