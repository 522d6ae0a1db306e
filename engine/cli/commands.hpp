#pragma once
// The jsim subcommands. Each returns the process exit status: 0 ok, 2 bad input, 1 other failure.
#include <charconv>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "model/limits.hpp"

namespace jsim::cli {

// A whole number in [lo, hi], checked on the text before CLI11 converts it: CLI11 reads "-1" into
// an unsigned option as 2^64 - 1 and saturates a number too large, and either would then run.
// The message is one line: the range, and what was given (shortened).
inline CLI::Validator whole_number(std::uint64_t lo, std::uint64_t hi = std::numeric_limits<std::uint64_t>::max()) {
  const std::string range = hi == std::numeric_limits<std::uint64_t>::max()
                                ? "a whole number >= " + std::to_string(lo)
                                : "a whole number in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]";
  return CLI::Validator(
      [lo, hi, range](std::string& text) -> std::string {
        std::uint64_t v = 0;
        const char* end = text.data() + text.size();
        const auto [p, ec] = std::from_chars(text.data(), end, v);  // no sign: "-1" and "+1" are not read
        if (text.empty() || p != end || ec != std::errc() || v < lo || v > hi)
          return "expected " + range + ", got '" + (text.size() > 24 ? text.substr(0, 24) + "..." : text) + "'";
        return {};
      },
      "UINT", "whole number");
}

// The options every simulating command shares. Unset: the scenario's own population and seed.
struct PlanOptions {
  std::optional<std::uint64_t> agents, seed;
  std::optional<std::uint64_t> arrivals;  // timed scenarios: the load (cli/load_options.hpp)
  std::uint32_t threads = 0;
  bool quiet = false;  // no progress line
  bool force = false;  // run work estimated at more than a day (cli/work_estimate.hpp)
};

// Adds --agents, --seed and --threads; `agents_help` says what the population applies to.
inline void add_plan_options(CLI::App* cmd, PlanOptions& o, const std::string& agents_help) {
  cmd->add_option("--agents", o.agents, agents_help)->check(whole_number(1, limits::kMaxPopulation));
  cmd->add_option("--seed", o.seed, "base seed, of the first replication where there are several (default: the scenario's)")
      ->check(whole_number(0));
  cmd->add_option("--threads", o.threads, "worker threads (default: all cores); never changes results")
      ->check(whole_number(0, limits::kMaxThreads));
}

// Adds --arrivals (the load of a timed scenario, apart from --agents: cli/load_options.hpp) and
// --quiet (no progress line), for the commands that run experiments: run, compare, sweep, friction.
inline void add_experiment_options(CLI::App* cmd, PlanOptions& o) {
  CLI::Option* arrivals =
      cmd->add_option("--arrivals", o.arrivals,
                      "timed scenarios: arrivals over the horizon, changing the load on purpose (default: the "
                      "scenario's population; --agents is for untimed scenarios)")
          ->check(whole_number(1, limits::kMaxPopulation));
  if (CLI::Option* agents = cmd->get_option_no_throw("--agents")) arrivals->excludes(agents);
  cmd->add_flag("--quiet", o.quiet, "no progress line on stderr (it is drawn only on a terminal anyway)");
  cmd->add_flag("--force", o.force, "run even when the work is estimated at more than a day (refused otherwise)");
}

// The repeatable `--set PATH=VALUE` option of every scenario command, read by one parser
// (model/override_grammar.hpp; docs/scenario-format.md, "Command-line overrides"). `syntax` and
// `example` differ for a sweep, whose --set takes lists and ranges.
inline CLI::Option* add_set_option(CLI::App* cmd, std::vector<std::string>& sets, const std::string& purpose,
                                   const std::string& syntax = "PATH=VALUE",
                                   const std::string& example = "design.integration=0.5 or touchpoints.\"web.home\".servers=3") {
  return cmd->add_option("--set", sets, syntax + ": " + purpose + ", e.g. " + example + " (repeatable)")
      ->take_all()
      ->expected(1);
}

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitBadInput = 2;

// Each adds its subcommand to the app and sets `run` to what executes it once parsed.
void add_validate(CLI::App& app, std::function<int()>& run);
void add_run(CLI::App& app, std::function<int()>& run);
void add_analyze(CLI::App& app, std::function<int()>& run);
void add_compare(CLI::App& app, std::function<int()>& run);
void add_sweep(CLI::App& app, std::function<int()>& run);
void add_friction(CLI::App& app, std::function<int()>& run);
void add_show(CLI::App& app, std::function<int()>& run);
void add_graph(CLI::App& app, std::function<int()>& run);
void add_attribute(CLI::App& app, std::function<int()>& run);
void add_discover(CLI::App& app, std::function<int()>& run);
void add_fidelity(CLI::App& app, std::function<int()>& run);
void add_report(CLI::App& app, std::function<int()>& run);
void add_optimize(CLI::App& app, std::function<int()>& run);
void add_uncertainty(CLI::App& app, std::function<int()>& run);

}  // namespace jsim::cli
