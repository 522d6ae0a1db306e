// jsim compare BASE WHATIF [WHATIF...]: paired comparison under common random numbers.
#include <nlohmann/json.hpp>
#include <fmt/format.h>
#include <fmt/ostream.h>

#include <algorithm>
#include <iostream>
#include <memory>
#include <optional>

#include "cli/command_args.hpp"
#include "cli/console_report.hpp"
#include "cli/load_options.hpp"
#include "cli/run_session.hpp"
#include "experiment/comparison.hpp"
#include "experiment/metric_text.hpp"
#include "experiment/number_text.hpp"
#include "model/error.hpp"
#include "model/loader.hpp"
#include "output/experiment_writers.hpp"

namespace jsim::cli {

namespace {

// Without --agents or --arrivals every design runs with its own population, so they must agree:
// comparing 20000 customers with 175000 would report the population, not the design.
void check_populations(const ComparisonPlan& plan, const CompareArgs& args) {
  for (std::size_t i = 0; i < plan.whatifs.size(); ++i) {
    const std::uint64_t p = plan.whatifs[i]->population;
    if (p != plan.base.scenario->population)
      throw ScenarioError(
          {Diagnostic{args.whatifs[i], 0, 0,
                      fmt::format("population {} differs from the base's {} ({}): pass {} N to run "
                                  "every design with the same population",
                                  p, plan.base.scenario->population, args.base,
                                  plan.base.scenario->timed() ? "--arrivals" : "--agents")}});
  }
}

void print_comparison(std::ostream& out, const Comparison& c) {
  fmt::print(out, "\n{} (what-if) vs {} (base)\n", c.whatif_label, c.base_label);
  fmt::print(out, "  {:<34} {:>26} {:>26}   {:<48} {}\n", "metric", "base", "what-if", "difference [95% CI]",
             "verdict");
  // Distinguishable differences first, each group in metric order: the news, then the rest.
  std::vector<const MetricComparison*> rows;
  for (const MetricComparison& m : c.metrics) rows.push_back(&m);
  std::stable_partition(rows.begin(), rows.end(), [](const MetricComparison* m) { return m->distinguishable; });
  for (const MetricComparison* m : rows)
    fmt::print(out, "  {:<34} {:>26} {:>26}   {:<48} {}\n", m->name, format_plus_minus(m->name, m->base),
               format_plus_minus(m->name, m->whatif), format_difference(m->name, m->difference), verdict(*m));
}

}  // namespace

int run_compare(const CompareArgs& args) {
  ComparisonPlan plan;
  const std::vector<Override> settings = parse_settings(args.sets);
  plan.base = default_plan(load_scenario(args.base, settings));
  print_setting_notes(std::cerr, *plan.base.scenario, args.base);
  for (const std::string& f : args.whatifs) {
    plan.whatifs.push_back(load_scenario(f, settings));
    print_setting_notes(std::cerr, *plan.whatifs.back(), f);
  }
  check_load_option(args.plan, *plan.base.scenario);
  for (const ScenarioPtr& s : plan.whatifs) check_load_option(args.plan, *s);
  if (const auto population = population_option(args.plan))
    plan.base.population = *population;
  else
    check_populations(plan, args);
  if (args.plan.seed) plan.base.seed = *args.plan.seed;
  plan.replications = args.replications;
  plan.pairing = args.independent ? Pairing::Independent : Pairing::CommonRandomNumbers;
  if (auto line = load_line(*plan.base.scenario, plan.base.population)) std::cerr << *line << '\n';

  const std::unique_ptr<ResultsFolder> folder = RunSession::results_folder(args.out);
  RunSession session(args.plan.threads, args.plan.quiet, args.plan.force);
  plan.base.progress = session.progress();
  plan.finished = session.keep_finished_runs(folder.get());
  const std::uint64_t runs = std::uint64_t{plan.replications} * (1 + plan.whatifs.size());
  session.add_work(runs, plan.base.population, *plan.base.scenario);
  ComparisonReport report = run_comparison(plan);
  session.end_runs();
  print_load_warnings(std::cerr, report.warnings.front(), args.base);
  for (std::size_t i = 0; i < args.whatifs.size(); ++i) print_load_warnings(std::cerr, report.warnings[i + 1], args.whatifs[i]);
  for (std::size_t i = 0; i < report.comparisons.size(); ++i) {
    report.comparisons[i].base_label = args.base;
    report.comparisons[i].whatif_label = args.whatifs[i];
  }
  session.write_results(folder.get(), [&](const std::filesystem::path& dir) { write_comparison(report, dir); });
  session.check_interrupted();
  if (args.json) {
    std::cout << comparison_json(report).dump(2) << '\n';
    return kExitOk;
  }
  const std::uint64_t last_seed = replication_seed(plan.base.seed, plan.replications - 1);
  fmt::print(std::cout, "Paired comparison: {} replications of {} agents, seeds {}..{}{}\n", plan.replications,
             group_thousands(fmt::format("{}", plan.base.population)), plan.base.seed, last_seed,
             args.independent ? fmt::format(" (what-ifs: seeds +{}, independent)", kIndependentSeedOffset)
                              : ", common random numbers (every design sees the same customers)");
  fmt::print(std::cout, "Values: mean ± 95% half-width over {} replications; difference: what-if − base, paired t interval.\n",
             plan.replications);
  for (const Comparison& c : report.comparisons) print_comparison(std::cout, c);
  if (!args.out.empty()) std::cout << "\nwrote " << args.out << "/{compare.html, compare.json, compare.csv, compare.h5, replications.csv, designs.csv}\n";
  return kExitOk;
}

}  // namespace jsim::cli
