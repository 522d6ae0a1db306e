#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <memory>
#include <optional>

#include "cli/commands.hpp"
#include "cli/console_report.hpp"
#include "cli/load_options.hpp"
#include "experiment/number_text.hpp"
#include "cli/run_session.hpp"
#include "experiment/metric_text.hpp"
#include "experiment/replication.hpp"
#include "model/error.hpp"
#include "model/loader.hpp"
#include "data/attribution.hpp"
#include "output/atomic_file.hpp"
#include "output/attribution_writers.hpp"
#include "output/csv_writer.hpp"
#include "output/experiment_writers.hpp"
#include "output/hdf5_writer.hpp"
#include "output/html_report.hpp"
#include "output/journey_export.hpp"
#include "output/json_summary.hpp"
#include "output/json_values.hpp"
#include "output/replication_table.hpp"
#include "output/results_folder.hpp"
#include "sim/simulation.hpp"

namespace jsim::cli {

namespace {

struct RunArgs {
  std::string file;
  std::vector<std::string> sets;
  PlanOptions plan;
  std::uint32_t replications = 1;
  std::string out;
  bool json = false;
  // Journeys out (docs/results-format.md, "Journeys").
  bool journeys = false;
  double journey_sample = 1.0;
  std::uint64_t max_journeys = 0;
  std::string path_level = "channel";
};

// Which channel earns the recorded conversions: the rule-based models and order-1 Markov over
// the recorded paths (jsim attribute adds intervals, Shapley and other options).
AttributionReport attribute_recorded(const data::PathData& paths) {
  data::AttributionOptions o;
  o.models = data::parse_models("first_touch,last_touch,linear,position_based,markov", 1, true);
  AttributionReport report;
  report.input = "paths.csv";
  report.kind = "path_file";
  report.total_conversions = static_cast<double>(paths.total_conversions());
  report.total_value = paths.total_value();
  report.journeys = paths.total_conversions() + paths.total_nulls();
  add_credit_rows(report, data::attribute(paths, o), paths.level, paths.states, paths.state_channel, paths.channels);
  return report;
}

void write_outputs(const RunResult& r, const Replications& reps, const std::filesystem::path& dir,
                   JourneyExport* journeys) {
  const std::vector<LoadWarning>& warnings = reps.warnings;
  const DesignRuns design{r.source_file, "", r.source_text, r.seed, &reps.samples};
  const Table replications = replications_table(std::span(&design, 1));
  std::optional<AttributionReport> attribution;
  if (journeys != nullptr) {
    const std::filesystem::path part = journeys->finish();
    attribution = attribute_recorded(journeys->paths());
    add_attribution_table(*attribution, part);
    write_hdf5(r, dir / "results.h5", part, &replications);
  } else {
    write_hdf5(r, dir / "results.h5", &replications);
  }
  write_csv(r, dir);
  write_csv_table(replications, dir / "replications.csv");
  write_json(to_json(r), dir / "summary.json");
  // How it ran, apart, so that the results files are byte-identical for any --threads.
  write_json(run_info_json(r, warnings), dir / "run_info.json");
  write_html_report(r, dir / "report.html", attribution ? &*attribution : nullptr, warnings);
}

int execute(const RunArgs& args) {
  RunPlan plan = default_plan(load_scenario(args.file, parse_settings(args.sets)));
  print_setting_notes(std::cerr, *plan.scenario);
  plan.population = population_for(args.plan, *plan.scenario);
  if (args.plan.seed) plan.seed = *args.plan.seed;
  if (auto line = load_line(*plan.scenario, plan.population)) std::cerr << *line << '\n';
  const std::unique_ptr<ResultsFolder> folder = RunSession::results_folder(args.out);
  if (folder && !args.journeys)  // journey files of an earlier run would no longer match results.h5
    for (const char* stale : {"events.csv", "paths.csv"}) folder->drop(stale);
  RunSession session(args.plan.threads, args.plan.quiet, args.plan.force);
  plan.progress = session.progress();
  session.add_work(args.replications, plan.population, *plan.scenario);
  std::unique_ptr<JourneyExport> journeys;
  if (args.journeys && folder) {  // in an MPI job only rank 0 has the folder, and runs replication 0
    JourneyExportOptions o;
    o.path_level = args.path_level == "touchpoint" ? data::PathLevel::Touchpoint : data::PathLevel::Channel;
    o.sample = args.journey_sample;
    o.max_journeys = args.max_journeys;
    journeys = std::make_unique<JourneyExport>(*plan.scenario, folder->staging(), o);
    plan.journeys = {journeys.get(), args.journey_sample, args.max_journeys};
  }
  // Replication 0 is the run itself; the others (seeds S+1, ...) only add the spread across runs.
  Replications reps = replicate(plan, args.replications);
  session.end_runs();
  RunResult& r = reps.first;
  r.info.threads = session.threads();  // the runs shared the session's threads (they ran with threads = 0)
  print_load_warnings(std::cerr, reps.warnings);
  const std::vector<MetricEstimate> estimates = estimate(reps.samples);
  session.write_results(folder.get(), [&](const std::filesystem::path& dir) { write_outputs(r, reps, dir, journeys.get()); });
  session.check_interrupted();
  if (args.json) {
    nlohmann::json j = to_json(r);
    j["run_info"] = run_info_json(r, reps.warnings);
    if (args.replications > 1) {
      j["replications"] = setup_json(
          {args.replications, plan.seed, plan.population, Pairing::CommonRandomNumbers, plan.scenario->settings});
      j["replications"]["metrics"] = estimates_json(estimates);
    }
    std::cout << j.dump(2) << '\n';
  } else {
    print_run(std::cout, r);
    if (args.replications > 1) {
      std::cout << "\nAcross " << args.replications << " replications (seeds " << plan.seed << ".."
                << replication_seed(plan.seed, args.replications - 1) << "): mean [95% CI]\n";
      for (const MetricEstimate& e : estimates)
        std::cout << "  " << std::left << std::setw(34) << e.name << format_interval(e.name, e.mean) << std::right << '\n';
    }
    if (journeys)
      std::cout << "\nrecorded " << group_thousands(std::to_string(journeys->journeys_written())) << " journeys ("
                << group_thousands(std::to_string(journeys->visits_written())) << " visits): " << args.out << "/{events.csv, paths.csv} and /journeys in results.h5\n";
    if (!args.out.empty()) std::cout << "\nwrote " << args.out << "/{results.h5, summary.json, report.html, replications.csv, *.csv; run_info.json}\n";
  }
  return kExitOk;
}

}  // namespace

void add_run(CLI::App& app, std::function<int()>& run) {
  auto args = std::make_shared<RunArgs>();
  CLI::App* cmd = app.add_subcommand("run", "Simulate a scenario and summarise conversion, friction, queues");
  cmd->add_option("FILE", args->file, "scenario YAML")->required();
  add_set_option(cmd, args->sets, "run it with one setting changed");
  add_plan_options(cmd, args->plan, "untimed scenarios: number of agents (default: scenario.population)");
  add_experiment_options(cmd, args->plan);
  cmd->add_option("--replications", args->replications,
                  "runs with seeds S, S+1, ...: adds each metric's mean and 95% interval (files and summary: seed S)")
      ->check(whole_number(1, limits::kMaxReplications));
  CLI::Option* out = cmd->add_option("--out", args->out, "directory for results.h5, summary.json, report.html and CSV tables (written atomically)");
  cmd->add_flag("--json", args->json, "print the machine-readable summary on stdout instead of the text summary");
  CLI::Option* journeys = cmd->add_flag("--journeys", args->journeys,
                "also write the journeys: events.csv (event log), paths.csv (ChannelAttribution paths) and /journeys in results.h5")
      ->needs(out);
  cmd->add_option("--journey-sample", args->journey_sample,
                  "share of customers whose journeys are written, chosen by customer id (the same customers in every design)")
      ->check(CLI::Range(0.0, 1.0))
      ->needs(journeys);
  cmd->add_option("--max-journeys", args->max_journeys, "stop writing after this many journeys (0: no limit)")
      ->check(whole_number(0))
      ->needs(journeys);
  cmd->add_option("--path-level", args->path_level, "states in paths.csv: channel or touchpoint")
      ->check(CLI::IsMember({"channel", "touchpoint"}))
      ->needs(journeys);
  cmd->callback([&run, args] { run = [args] { return execute(*args); }; });
}

}  // namespace jsim::cli
