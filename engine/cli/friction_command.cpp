// jsim friction FILE: where to fix the journey first. Removes each friction point in turn and
// ranks them by the conversions that recovers, under common random numbers.
#include <nlohmann/json.hpp>
#include <fmt/format.h>
#include <fmt/ostream.h>

#include <iostream>
#include <memory>
#include <optional>

#include "cli/command_args.hpp"
#include "cli/console_report.hpp"
#include "cli/load_options.hpp"
#include "cli/run_session.hpp"
#include "experiment/friction_ranking.hpp"
#include "experiment/metric_text.hpp"
#include "experiment/number_text.hpp"
#include "model/loader.hpp"
#include "output/experiment_writers.hpp"

namespace jsim::cli {

namespace {

std::string where(const FrictionCandidate& c) {
  return fmt::format("{} {}", c.kind == FrictionCandidate::Kind::Touchpoint ? "touchpoint" : "channel", c.id);
}

void print_ranking(std::ostream& out, const std::vector<FrictionResult>& ranking, const ExperimentSetup& setup,
                   const std::string& scenario, std::size_t top) {
  fmt::print(out,
             "Where to fix the journey first: {}, {} replications of {} agents, seeds {}..{}, common random numbers\n",
             scenario, setup.replications, group_thousands(fmt::format("{}", setup.agents)), setup.first_seed,
             replication_seed(setup.first_seed, setup.replications - 1));
  if (ranking.empty()) {
    fmt::print(
        out, "No friction to remove: no touchpoint has friction or a queue, and every channel is fully integrated.\n");
    return;
  }
  fmt::print(out, "Each fix is simulated on its own against the base; base conversions {}.\n\n",
             format_interval("conversions", ranking.front().conversions.base));
  fmt::print(out, "  {:>4}  {:<32} {:<40} {:<36} {}\n", "rank", "where", "fix", "conversions recovered [95% CI]",
             "revenue recovered [95% CI]");
  for (std::size_t i = 0; i < ranking.size() && i < top; ++i) {
    const FrictionResult& r = ranking[i];
    fmt::print(out, "  {:>4}  {:<32} {:<40} {:<36} {}\n", i + 1, where(r.candidate), r.candidate.fix,
               format_difference("conversions", r.conversions.difference) + (r.conversions.distinguishable ? "" : " ?"),
               format_difference("revenue", r.revenue.difference));
    std::string personas;
    for (const MetricComparison& m : r.persona_conversion_rate)
      personas +=
          fmt::format("{}{} {:+.2f} pts", personas.empty() ? "" : ", ", metric_id(m.name), 100 * m.difference.estimate);
    fmt::print(out, "        conversion rate by persona: {}\n", personas);
  }
  if (ranking.size() > top) fmt::print(out, "  ... {} more (--top, --json, --out)\n", ranking.size() - top);
  fmt::print(out, "\n'?': the interval includes 0, so that fix is not distinguishable from no change at this size.\n");
}

}  // namespace

int run_friction(const FrictionArgs& args) {
  RunPlan plan = default_plan(load_scenario(args.file, parse_settings(args.sets)));
  print_setting_notes(std::cerr, *plan.scenario);
  plan.population = population_for(args.plan, *plan.scenario);
  if (args.plan.seed) plan.seed = *args.plan.seed;
  if (auto line = load_line(*plan.scenario, plan.population)) std::cerr << *line << '\n';
  const std::unique_ptr<ResultsFolder> folder = RunSession::results_folder(args.out);
  RunSession session(args.plan.threads, args.plan.quiet, args.plan.force);
  plan.progress = session.progress();
  const std::uint64_t runs = std::uint64_t{args.replications} * (1 + friction_candidates(*plan.scenario).size());
  session.add_work(runs, plan.population, *plan.scenario);
  const std::vector<FrictionResult> ranking = rank_friction(plan, args.replications, session.keep_finished_runs(folder.get()));
  session.end_runs();
  const ExperimentSetup setup{args.replications, plan.seed, plan.population, Pairing::CommonRandomNumbers,
                              plan.scenario->settings};
  const std::string& scenario = plan.scenario->name;
  session.write_results(folder.get(), [&](const std::filesystem::path& dir) { write_friction(ranking, scenario, setup, dir); });
  session.check_interrupted();
  if (args.json) {
    std::cout << friction_json(ranking, scenario, setup).dump(2) << '\n';
    return kExitOk;
  }
  print_ranking(std::cout, ranking, setup, scenario, args.top);
  if (!args.out.empty()) std::cout << "\nwrote " << args.out << "/{friction.html, friction.json, friction.csv}\n";
  return kExitOk;
}

}  // namespace jsim::cli
