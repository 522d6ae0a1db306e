#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <memory>
#include <optional>

#include "cli/commands.hpp"
#include "cli/console_report.hpp"
#include "experiment/metric_text.hpp"
#include "experiment/replication.hpp"
#include "model/error.hpp"
#include "model/loader.hpp"
#include "output/atomic_file.hpp"
#include "output/csv_writer.hpp"
#include "output/experiment_writers.hpp"
#include "output/hdf5_writer.hpp"
#include "output/html_report.hpp"
#include "output/json_summary.hpp"
#include "sim/simulation.hpp"

namespace jsim::cli {

namespace {

struct RunArgs {
  std::string file;
  PlanOptions plan;
  std::uint32_t replications = 1;
  std::string out;
  bool json = false;
};

void write_outputs(const RunResult& r, const std::filesystem::path& dir) {
  std::filesystem::create_directories(dir);
  write_hdf5(r, dir / "results.h5");
  write_csv(r, dir);
  write_file_atomically(dir / "summary.json", [&](const std::filesystem::path& tmp) {
    std::ofstream f(tmp);
    f << to_json(r).dump(2) << '\n';
    if (!f) throw Error("cannot write " + tmp.string());
  });
  write_html_report(r, dir / "report.html");
}

int execute(const RunArgs& args) {
  RunPlan plan = default_plan(load_scenario(args.file));
  if (args.plan.agents) plan.population = *args.plan.agents;
  if (args.plan.seed) plan.seed = *args.plan.seed;
  plan.threads = args.plan.threads;
  // Replication 0 is the run itself; the others (seeds S+1, ...) only add the spread across runs.
  const Replications reps = replicate(plan, args.replications);
  const RunResult& r = reps.first;
  const std::vector<MetricEstimate> estimates = estimate(reps.samples);
  if (!args.out.empty()) write_outputs(r, args.out);
  if (args.json) {
    nlohmann::json j = to_json(r);
    if (args.replications > 1) {
      j["replications"] = setup_json({args.replications, plan.seed, plan.population, Pairing::CommonRandomNumbers});
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
    if (!args.out.empty()) std::cout << "\nwrote " << args.out << "/{results.h5, summary.json, report.html, *.csv}\n";
  }
  return kExitOk;
}

}  // namespace

void add_run(CLI::App& app, std::function<int()>& run) {
  auto args = std::make_shared<RunArgs>();
  CLI::App* cmd = app.add_subcommand("run", "Simulate a scenario and summarise conversion, friction, queues");
  cmd->add_option("FILE", args->file, "scenario YAML")->required();
  add_plan_options(cmd, args->plan, "population (default: scenario.population)");
  cmd->add_option("--replications", args->replications,
                  "runs with seeds S, S+1, ...: adds each metric's mean and 95% interval (files and summary: seed S)")
      ->check(CLI::Range(1u, 100000u));
  cmd->add_option("--out", args->out, "directory for results.h5, summary.json, report.html and CSV tables (written atomically)");
  cmd->add_flag("--json", args->json, "print the machine-readable summary on stdout instead of the text summary");
  cmd->callback([&run, args] { run = [args] { return execute(*args); }; });
}

}  // namespace jsim::cli
