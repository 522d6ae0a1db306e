// jsim fidelity OBSERVED SIMULATED: how faithfully a simulation reproduces observed journeys
// (docs/fidelity.md). OBSERVED is an event log; SIMULATED an event log or a scenario, simulated
// in-process with as many agents as the observed log has customers.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <future>
#include <iostream>
#include <memory>
#include <optional>

#include "cli/commands.hpp"
#include "cli/input_options.hpp"
#include "data/fidelity.hpp"
#include "data/fidelity_sources.hpp"
#include "data/journey_log.hpp"
#include "model/error.hpp"
#include "model/loader.hpp"
#include "output/fidelity_writers.hpp"

namespace jsim::cli {

namespace {

namespace fs = std::filesystem;

struct FidelityArgs {
  std::string observed, simulated;
  std::string out;
  bool json = false;
  double flag_ratio = 2.0;
  std::size_t path_length_bins = 30;
  // Event logs (both inputs).
  std::string case_column = "case:concept:name", activity_column = "concept:name", timestamp_column = "time:timestamp";
  std::optional<std::string> customer_column, kind_column, outcome_column;
  std::vector<std::string> conversions, exits, ignored;
  std::string converted_value = "converted";
  std::string delimiter = ",";
  // Scenarios.
  PlanOptions plan;
};

void check_file(const std::string& file) {
  std::error_code ec;
  if (!fs::exists(file, ec)) bad_input(file, "no such file");
  if (fs::is_directory(file, ec)) bad_input(file, "is a directory, not an input file");
}

bool is_scenario(const std::string& file) {
  const std::string ext = lower(fs::path(file).extension().string());
  return ext == ".yaml" || ext == ".yml";
}

data::JourneyLogOptions log_options(const FidelityArgs& a) {
  data::JourneyLogOptions o;
  o.case_column = a.case_column;
  o.activity_column = a.activity_column;
  o.timestamp_column = a.timestamp_column;
  if (a.customer_column) o.customer_column = {*a.customer_column, true};
  if (a.kind_column) o.kind_column = {*a.kind_column, true};
  if (a.outcome_column) o.outcome_column = {*a.outcome_column, true};
  o.conversion_activities = a.conversions;
  o.exit_activities = a.exits;
  o.ignored_activities = a.ignored;
  o.converted_outcome = a.converted_value;
  o.delimiter = delimiter_of(a.delimiter);
  return o;
}

int execute(const FidelityArgs& a) {
  check_file(a.observed);
  check_file(a.simulated);
  if (is_scenario(a.observed))
    bad_input(a.observed, "OBSERVED must be an event log (.csv), not a scenario; a scenario goes second, as SIMULATED");
  const data::JourneyLogOptions lo = log_options(a);
  // Two logs are read at the same time; the observed log's errors are reported first.
  std::future<data::FidelityLog> simulated_log;
  if (!is_scenario(a.simulated))
    simulated_log = std::async(std::launch::async, [&] { return data::read_fidelity_log(a.simulated, lo); });
  data::FidelityLog observed;
  try {
    observed = data::read_fidelity_log(a.observed, lo);
  } catch (...) {
    if (simulated_log.valid()) simulated_log.wait();
    throw;
  }

  FidelityReport report;
  report.observed = a.observed;
  report.simulated = a.simulated;
  data::JourneySet simulated;
  if (is_scenario(a.simulated)) {
    const ScenarioPtr s = load_scenario(a.simulated);
    const std::uint64_t agents = a.plan.agents.value_or(observed.customers);
    const std::uint64_t seed = a.plan.seed.value_or(s->seed);
    report.simulated_kind = "scenario";
    report.simulation = {{"scenario", s->name}, {"agents", agents}, {"seed", seed}};
    report.notes.push_back(fmt::format("simulated {} agents of scenario {} with seed {} ({})", agents, s->name, seed,
                                       a.plan.agents ? "--agents" : "as many as the observed log has customers"));
    simulated = data::simulate_journey_set(s, agents, seed, a.plan.threads);
  } else {
    report.simulated_kind = "event_log";
    simulated = simulated_log.get().journeys;
  }

  data::FidelityOptions fo;
  fo.flag_ratio = a.flag_ratio;
  fo.path_length_bins = a.path_length_bins;
  report.result = data::measure_fidelity(observed.journeys, simulated, fo);

  if (!a.out.empty()) write_fidelity(report, a.out);
  if (a.json) {
    std::cout << fidelity_json(report).dump(2) << '\n';
    return kExitOk;
  }
  print_fidelity(std::cout, report);
  if (!a.out.empty()) std::cout << "\nwrote " << a.out << "/{fidelity.csv, fidelity.json, fidelity.html}\n";
  return kExitOk;
}

}  // namespace

void add_fidelity(CLI::App& app, std::function<int()>& run) {
  auto a = std::make_shared<FidelityArgs>();
  CLI::App* cmd = app.add_subcommand(
      "fidelity",
      "How faithfully a simulation reproduces observed journeys: conversion, touchpoints, path lengths, n-gram, "
      "duration and arrival distances, each distance with a split-half reference of the observed log");
  cmd->add_option("OBSERVED", a->observed, "observed event log (.csv; defaults read jsim's own events.csv)")->required();
  cmd->add_option("SIMULATED", a->simulated,
                  "simulated event log (.csv), or a scenario (.yaml) simulated here with as many agents as OBSERVED "
                  "has customers")
      ->required();
  cmd->add_option("--out", a->out, "directory for fidelity.csv, fidelity.json and fidelity.html (written atomically)");
  cmd->add_flag("--json", a->json, "print JSON instead of text");
  cmd->add_option("--flag-ratio", a->flag_ratio, "flag a distance above this multiple of its split-half reference (default 2)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--path-length-bins", a->path_length_bins, "path lengths 1 .. N-1 and N or more (default 30)")
      ->check(CLI::Range(2, 100000));
  cmd->add_option("--case", a->case_column, "event logs: case column (default case:concept:name)");
  cmd->add_option("--activity", a->activity_column, "event logs: activity column (default concept:name)");
  cmd->add_option("--timestamp", a->timestamp_column, "event logs: timestamp column (default time:timestamp; '' for none)");
  cmd->add_option("--customer", a->customer_column, "event logs: customer column (default 'customer' if present)");
  cmd->add_option("--kind-column", a->kind_column,
                  "event logs: column marking conversion/exit rows (default 'touchpoint_kind' if present)");
  cmd->add_option("--conversions", a->conversions, "event logs: conversion activities, comma separated")
      ->take_all()
      ->expected(1)
      ->delimiter(',');
  cmd->add_option("--exits", a->exits, "event logs: exit activities, comma separated")->take_all()->expected(1)->delimiter(',');
  cmd->add_option("--ignore", a->ignored, "event logs: activities whose rows are dropped")->take_all()->expected(1)->delimiter(',');
  cmd->add_option("--outcome-column", a->outcome_column,
                  "event logs: a column whose value --converted-value marks converted cases (default case:outcome if present)");
  cmd->add_option("--converted-value", a->converted_value, "event logs: the converted outcome (default 'converted')");
  cmd->add_option("--delimiter", a->delimiter, "CSV field delimiter (default ','; \\t for tabs)");
  add_plan_options(cmd, a->plan, "scenario: agents to simulate (default: the observed log's customers)");
  cmd->callback([&run, a] { run = [a] { return execute(*a); }; });
}

}  // namespace jsim::cli
