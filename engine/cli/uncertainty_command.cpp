// jsim uncertainty FILE [--uncertain PATH=DIST(...)] [--sobol]: second-order Monte Carlo over
// the scenario's uncertain inputs (experiment/uncertainty_study.hpp): how much of each metric's
// uncertainty is not knowing the inputs and how much is simulation noise; Sobol indices.
#include <nlohmann/json.hpp>
#include <fmt/format.h>
#include <fmt/ostream.h>

#include <algorithm>
#include <cmath>
#include <iostream>
#include <memory>
#include <numeric>
#include <optional>
#include <utility>

#include "cli/command_args.hpp"
#include "cli/load_options.hpp"
#include "cli/run_session.hpp"
#include "experiment/metric_text.hpp"
#include "experiment/number_text.hpp"
#include "experiment/uncertainty_study.hpp"
#include "model/loader.hpp"
#include "output/uncertainty_writers.hpp"

namespace jsim::cli {

namespace {

void print_study(std::ostream& out, const UncertaintyStudy& u, const std::string& file) {
  const UncertaintyPlan& p = u.plan;
  fmt::print(out,
             "Input uncertainty of {}: {} uncertain input{}, {} input samples (Latin hypercube, seed {}) x {} "
             "replications of {} agents (seeds {}..{}, the same for every sample)\n",
             file, p.inputs.size(), p.inputs.size() == 1 ? "" : "s", p.samples, u.first_seed, p.replications,
             group_thousands(fmt::format("{}", u.population)), u.first_seed,
             replication_seed(u.first_seed, p.replications - 1));
  for (const UncertainInput& i : p.inputs) fmt::print(out, "  {} ~ {}\n", i.path, i.belief.text());
  fmt::print(out,
             "\nA {}-replication mean's variance, split (random-effects ANOVA, inputs x seeds): input = over the inputs of "
             "the conditional mean, noise = simulation noise (within-sample variance / {}).\n",
             p.replications, p.replications);
  fmt::print(out, "  {:>16}  {:>14}  {:>14}  {:>14}  {:>7}  {:>38}  {:>38}\n", "metric", "mean", "input sd", "noise sd",
             "share", "95% with input uncertainty", "95% simulation noise only");
  for (const MetricSplit& m : u.splits) {
    const VarianceSplit& s = m.split;
    fmt::print(out, "  {:>16}  {:>14}  {:>14}  {:>14}  {:>6.1f}%  {:>38}  {:>38}\n", m.metric,
               format_value(m.metric, s.mean), format_value(m.metric, std::sqrt(s.input_variance)),
               format_value(m.metric, std::sqrt(s.noise_variance)), 100 * s.input_share,
               format_interval(m.metric, s.with_inputs), format_interval(m.metric, s.noise_only));
  }
  if (!u.sobol || !p.sobol) return;
  const SobolIndices& s = *u.sobol;
  fmt::print(out,
             "\nSobol indices of {} ({} points x {} replications: Saltelli 2010 first order, Jansen total, 95% "
             "bootstrap intervals), ranked by total index:\n",
             *p.sobol, s.evaluations, p.replications);
  std::vector<std::size_t> order(p.inputs.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return s.total[a].estimate > s.total[b].estimate; });
  std::size_t width = 5;
  for (const UncertainInput& i : p.inputs) width = std::max(width, i.path.size());
  fmt::print(out, "  {:<{}}  {:>26}  {:>26}\n", "input", width, "first order", "total");
  const auto index = [](const Interval& i) { return fmt::format("{:.3f} [{:.3f}, {:.3f}]", i.estimate, i.low, i.high); };
  for (std::size_t i : order)
    fmt::print(out, "  {:<{}}  {:>26}  {:>26}\n", p.inputs[i].path, width, index(s.first[i]), index(s.total[i]));
  fmt::print(out,
             "Each point's output is a {}-replication mean, so simulation noise (variance {:.3g} of {:.3g}) is "
             "part of the output variance the indices share out.\n",
             p.replications,
             u.splits.empty() ? 0.0
                              : std::find_if(u.splits.begin(), u.splits.end(),
                                             [&](const MetricSplit& m) { return m.metric == *p.sobol; })
                                    ->split.noise_variance,
             s.variance);
}

}  // namespace

int run_uncertainty(const UncertaintyArgs& args) {
  UncertaintyPlan plan;
  std::vector<UncertainInput> extra;
  for (const std::string& spec : args.uncertain) extra.push_back(parse_uncertain(spec));
  plan.inputs = with_inputs(uncertain_inputs(args.file), extra);
  plan.samples = args.samples;
  plan.replications = args.replications;
  plan.metrics = {"conversion_rate", "revenue", "cost", "profit"};
  if (std::find(plan.metrics.begin(), plan.metrics.end(), args.metric) == plan.metrics.end())
    plan.metrics.push_back(args.metric);
  if (args.sobol) plan.sobol = args.metric;
  plan.seed = args.plan.seed;
  plan.population = population_option(args.plan);
  const std::unique_ptr<ResultsFolder> folder = RunSession::results_folder(args.out);
  RunSession session(args.plan.threads, args.plan.quiet, args.plan.force);
  plan.progress = session.progress();
  plan.finished = session.keep_finished_runs(folder.get());
  PointScenarios scenario_for(args.file, args.plan);
  plan.more_runs = [&](std::uint64_t runs) { session.add_work(runs, scenario_for.population(), scenario_for.last()); };
  const UncertaintyStudy u = run_uncertainty(plan, std::ref(scenario_for));
  session.end_runs();
  session.write_results(folder.get(), [&](const std::filesystem::path& dir) { write_uncertainty(u, dir); });
  session.check_interrupted();
  if (args.json) {
    std::cout << uncertainty_json(u).dump(2) << '\n';
    return kExitOk;
  }
  print_study(std::cout, u, args.file);
  if (!args.out.empty()) std::cout << "\nwrote " << args.out << "/{uncertainty.csv, uncertainty.json}\n";
  return kExitOk;
}

}  // namespace jsim::cli
