#pragma once
// The jsim subcommands: the options each was given, as plain values, and the function that runs
// it. CLI11 reads the command line into these in command_line.cpp alone, which keeps that heavy
// library out of every *_command.cpp (each compiles fast, and none rebuilds when an option moves).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace jsim::cli {

// Exit statuses of every command: 0 ok, 2 bad input, 1 other failure.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitBadInput = 2;

// The options every simulating command shares. Unset: the scenario's own population and seed.
struct PlanOptions {
  std::optional<std::uint64_t> agents, seed;
  std::optional<std::uint64_t> arrivals;  // timed scenarios: the load (cli/load_options.hpp)
  std::uint32_t threads = 0;
  bool quiet = false;  // no progress line
  bool force = false;  // run work estimated at more than a day (cli/work_estimate.hpp)
};

struct ValidateArgs {
  std::string file;
  std::vector<std::string> sets;
};

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

struct AnalyzeArgs {
  std::string file;
  bool json = false;
};

struct CompareArgs {
  std::string base;
  std::vector<std::string> whatifs;
  std::vector<std::string> sets;  // applied to the base and every what-if
  std::uint32_t replications = 10;
  PlanOptions plan;
  std::string out;
  bool json = false;
  bool independent = false;
};

struct SweepArgs {
  std::string file;
  std::vector<std::string> sets;
  std::vector<std::string> zips;
  std::string design = "grid";
  std::size_t points = 0;
  std::uint32_t replications = 3;
  std::optional<std::string> best;
  PlanOptions plan;
  std::string out;
  bool json = false;
};

struct FrictionArgs {
  std::string file;
  std::vector<std::string> sets;
  std::uint32_t replications = 5;
  std::size_t top = 10;
  PlanOptions plan;
  std::string out;
  bool json = false;
};

struct ShowArgs {
  std::string file;
  std::vector<std::string> sets;
};

struct GraphArgs {
  std::string file, out;
  std::optional<std::string> results;
  std::vector<std::string> sets;
};

struct AttributeArgs {
  std::string input;
  std::string models;  // empty: the default set
  int order = 1;
  bool no_merge = false;
  std::string level = "channel";
  bool level_given = false;  // --level was given (not just defaulted)
  std::uint32_t bootstrap = 0;
  std::string half_life;
  std::string out;
  bool json = false;
  // Path files.
  std::string path_column = "path";
  std::string separator = " > ";
  std::string delimiter = ",";
  // Event logs.
  std::string case_column = "case:concept:name", activity_column = "concept:name", timestamp_column = "time:timestamp";
  std::optional<std::string> channel_column, value_column, outcome_column;
  std::vector<std::string> conversions, ignored;
  std::string converted_value = "converted";
  // Scenarios.
  PlanOptions plan;
  std::uint32_t replications = 10;
  bool simulate = false;
};

struct DiscoverArgs {
  std::string input, out, name, channels_map;
  std::uint64_t seed = 1;
  bool untimed = false, no_affinity = false, no_repeats = false;
  std::string delimiter = ",";
  std::string path_column = "path", separator = " > ";
  std::optional<std::string> case_column, activity_column, timestamp_column, channel_column, stage_column, segment_column,
      customer_column, value_column, kind_column, outcome_column, end_column, wait_column, converted_value;
  std::vector<std::string> conversions, exits, ignored;
};

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

struct ReportArgs {
  std::vector<std::string> inputs;
  std::string out;
};

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

struct UncertaintyArgs {
  std::string file;
  std::vector<std::string> uncertain;
  std::uint32_t samples = 20;
  std::uint32_t replications = 5;
  bool sobol = false;
  std::string metric = "conversion_rate";
  PlanOptions plan;
  std::string out;
  bool json = false;
};

// Each runs its subcommand (in its *_command.cpp) and returns the exit status. A ScenarioError
// or other exception thrown is main's to report.
int run_validate(const ValidateArgs& args);
int run_run(const RunArgs& args);
int run_analyze(const AnalyzeArgs& args);
int run_compare(const CompareArgs& args);
int run_sweep(const SweepArgs& args);
int run_friction(const FrictionArgs& args);
int run_show(const ShowArgs& args);
int run_graph(const GraphArgs& args);
int run_attribute(const AttributeArgs& args);
int run_discover(const DiscoverArgs& args);
int run_fidelity(const FidelityArgs& args);
int run_report(const ReportArgs& args);
int run_optimize(const OptimizeArgs& args);
int run_uncertainty(const UncertaintyArgs& args);

}  // namespace jsim::cli
