#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <memory>
#include <optional>

#include "cli/command_args.hpp"
#include "cli/console_report.hpp"
#include "cli/load_options.hpp"
#include "experiment/number_text.hpp"
#include "cli/run_session.hpp"
#include "cluster/ranks.hpp"
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

}  // namespace

int run_run(const RunArgs& args) {
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
  // Under mpirun one run is shared by the ranks, customers split between them (not with journeys:
  // rank 0 records only its own); several replications are spread over them as runs.
  plan.share_customers = cluster::size() > 1 && args.replications == 1 && !args.journeys;
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

}  // namespace jsim::cli
