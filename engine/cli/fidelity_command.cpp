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

#include "cli/command_args.hpp"
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

}  // namespace

int run_fidelity(const FidelityArgs& a) {
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

}  // namespace jsim::cli
