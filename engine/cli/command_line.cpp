// Every jsim subcommand's options, read with CLI11. This is the one file that includes CLI11 (a
// heavy header-only library): the commands themselves (*_command.cpp) see only command_args.hpp.
#include "cli/command_line.hpp"

#include <charconv>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli/command_args.hpp"
#include "model/limits.hpp"
#include "sim/run_info.hpp"

namespace jsim::cli {

namespace {

// A whole number in [lo, hi], checked on the text before CLI11 converts it: CLI11 reads "-1" into
// an unsigned option as 2^64 - 1 and saturates a number too large, and either would then run.
// The message is one line: the range, and what was given (shortened).
CLI::Validator whole_number(std::uint64_t lo, std::uint64_t hi = std::numeric_limits<std::uint64_t>::max()) {
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

// Adds --agents, --seed and --threads; `agents_help` says what the population applies to.
void add_plan_options(CLI::App* cmd, PlanOptions& o, const std::string& agents_help) {
  cmd->add_option("--agents", o.agents, agents_help)->check(whole_number(1, limits::kMaxPopulation));
  cmd->add_option("--seed", o.seed, "base seed, of the first replication where there are several (default: the scenario's)")
      ->check(whole_number(0));
  cmd->add_option("--threads", o.threads, "worker threads (default: all cores); never changes results")
      ->check(whole_number(0, limits::kMaxThreads));
}

// Adds --arrivals (the load of a timed scenario, apart from --agents: cli/load_options.hpp) and
// --quiet (no progress line), for the commands that run experiments: run, compare, sweep, friction.
void add_experiment_options(CLI::App* cmd, PlanOptions& o) {
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
CLI::Option* add_set_option(CLI::App* cmd, std::vector<std::string>& sets, const std::string& purpose,
                            const std::string& syntax = "PATH=VALUE",
                            const std::string& example = "design.integration=0.5 or touchpoints.\"web.home\".servers=3") {
  return cmd->add_option("--set", sets, syntax + ": " + purpose + ", e.g. " + example + " (repeatable)")
      ->take_all()
      ->expected(1);
}

// Adds subcommand `name`: `options` declares its options, read into a new Args; once it is the
// one parsed (the whole command line read and checked), `parsed` names it and runs `run` on them.
template <class Args>
void add_command(CLI::App& app, ParsedCommand& parsed, const std::string& name, const std::string& description,
                 void (*options)(CLI::App*, Args&), int (*run)(const Args&)) {
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand(name, description);
  options(cmd, *args);
  cmd->callback([&parsed, args, run, name] {
    parsed.name = name;
    parsed.run = [args, run] { return run(*args); };
  });
}

// Each declares one subcommand's options (cli/command_args.hpp says what each holds).
void validate_options(CLI::App* cmd, ValidateArgs& args) {
  cmd->add_option("FILE", args.file, "scenario YAML")->required();
  add_set_option(cmd, args.sets, "check with one setting changed");
}

void run_options(CLI::App* cmd, RunArgs& args) {
  cmd->add_option("FILE", args.file, "scenario YAML")->required();
  add_set_option(cmd, args.sets, "run it with one setting changed");
  add_plan_options(cmd, args.plan, "untimed scenarios: number of agents (default: scenario.population)");
  add_experiment_options(cmd, args.plan);
  cmd->add_option("--replications", args.replications,
                  "runs with seeds S, S+1, ...: adds each metric's mean and 95% interval (files and summary: seed S)")
      ->check(whole_number(1, limits::kMaxReplications));
  CLI::Option* out = cmd->add_option("--out", args.out, "directory for results.h5, summary.json, report.html and CSV tables (written atomically)");
  cmd->add_flag("--json", args.json, "print the machine-readable summary on stdout instead of the text summary");
  CLI::Option* journeys = cmd->add_flag("--journeys", args.journeys,
                "also write the journeys: events.csv (event log), paths.csv (ChannelAttribution paths) and /journeys in results.h5")
      ->needs(out);
  cmd->add_option("--journey-sample", args.journey_sample,
                  "share of customers whose journeys are written, chosen by customer id (the same customers in every design)")
      ->check(CLI::Range(0.0, 1.0))
      ->needs(journeys);
  cmd->add_option("--max-journeys", args.max_journeys, "stop writing after this many journeys (0: no limit)")
      ->check(whole_number(0))
      ->needs(journeys);
  cmd->add_option("--path-level", args.path_level, "states in paths.csv: channel or touchpoint")
      ->check(CLI::IsMember({"channel", "touchpoint"}))
      ->needs(journeys);
}

void analyze_options(CLI::App* cmd, AnalyzeArgs& args) {
  cmd->add_option("FILE", args.file, "scenario YAML")->required();
  cmd->add_flag("--json", args.json, "print JSON");
}

void compare_options(CLI::App* cmd, CompareArgs& args) {
  cmd->add_option("BASE", args.base, "base scenario YAML")->required();
  cmd->add_option("WHATIF", args.whatifs, "what-if scenario YAML (one or more)")->required();
  add_set_option(cmd, args.sets, "applied to the base and every what-if");
  cmd->add_option("--replications", args.replications, "replications per design (seeds S, S+1, ...; default 10)")
      ->check(whole_number(2, limits::kMaxReplications));
  add_plan_options(cmd, args.plan, "untimed scenarios: agents in every design (default: the scenarios', which must agree)");
  add_experiment_options(cmd, args.plan);
  cmd->add_option("--out", args.out, "directory for compare.html, compare.json/.csv/.h5 and the long-format replications.csv (written atomically)");
  cmd->add_flag("--json", args.json, "print the comparison as JSON instead of text");
  cmd->add_flag("--independent", args.independent,
                "give what-ifs their own seeds (offset 1000003) instead of common random numbers: wider intervals");
}

void sweep_options(CLI::App* cmd, SweepArgs& args) {
  cmd->add_option("FILE", args.file, "scenario YAML")->required();
  add_set_option(cmd, args.sets, "one axis (repeat for a grid)", "PATH=v1,v2,... or PATH=a..b:step or PATH=a..b",
                 "design.integration=0,0.5,1 or touchpoints.call_centre.servers=8..20:4; PATH=a..b (a range) for "
                 "--design random or lhs")
      ->required();
  cmd->add_option("--zip", args.zips,
                  "PATH=v1,v2,... (or a..b:step): axes that vary together, value i of each at the same point, crossed "
                  "with the --set axes as one axis; every --zip needs as many values (repeatable)")
      ->take_all()
      ->expected(1);
  cmd->add_option("--design", args.design,
                  "grid (default: every combination), random or lhs (Latin hypercube): --points N sampled from "
                  "--set PATH=a..b ranges, seeded by --seed")
      ->check(CLI::IsMember({"grid", "random", "lhs"}));
  cmd->add_option("--points", args.points, "points of a random or lhs design")->check(CLI::Range(1, 100000));
  cmd->add_option("--replications", args.replications, "replications per point (seeds S, S+1, ...; default 3)")
      ->check(whole_number(1, limits::kMaxReplications));
  cmd->add_option("--best", args.best,
                  "metric to optimise (e.g. profit; lowest wins for cost, cost_per_acquisition, mean_wait:*, "
                  "reneges:*, abandonments, mean_frustration)");
  add_plan_options(cmd, args.plan, "untimed scenarios: agents at every point (default: the scenario's)");
  add_experiment_options(cmd, args.plan);
  cmd->add_option("--out", args.out, "directory for sweep.html, sweep.json/.csv/.h5 and the long-format replications.csv (written atomically)");
  cmd->add_flag("--json", args.json, "print the sweep as JSON instead of text");
}

void friction_options(CLI::App* cmd, FrictionArgs& args) {
  cmd->add_option("FILE", args.file, "scenario YAML")->required();
  add_set_option(cmd, args.sets, "applied to the scenario first");
  cmd->add_option("--replications", args.replications, "replications per variant (seeds S, S+1, ...; default 5)")
      ->check(whole_number(2, limits::kMaxReplications));
  cmd->add_option("--top", args.top, "candidates shown in the text table (default 10; --json and --out have all)")
      ->check(whole_number(1));
  add_plan_options(cmd, args.plan, "untimed scenarios: number of agents (default: the scenario's)");
  add_experiment_options(cmd, args.plan);
  cmd->add_option("--out", args.out, "directory for friction.html, friction.json and friction.csv (written atomically)");
  cmd->add_flag("--json", args.json, "print the ranking as JSON instead of text");
}

void show_options(CLI::App* cmd, ShowArgs& args) {
  cmd->add_option("FILE", args.file, "scenario YAML")->required();
  add_set_option(cmd, args.sets, "show it with one setting changed");
}

void graph_options(CLI::App* cmd, GraphArgs& o) {
  cmd->add_option("FILE", o.file, "scenario YAML")->required();
  cmd->add_option("-o,--out", o.out, "picture to write: .dot (Graphviz text) or .svg (laid out)")->required();
  cmd->add_option("--results", o.results,
                  "results.h5 of a run of this scenario (or the --out folder of `jsim run`): draw its moves, visits "
                  "and drop-offs");
  add_set_option(cmd, o.sets, "draw it with one setting changed");
}

void attribute_options(CLI::App* cmd, AttributeArgs& a) {
  cmd->add_option("INPUT", a.input,
                  "scenario .yaml (model removal effects), results .h5 (jsim run --journeys), or .csv: a path file if "
                  "it has a 'path' column, else an event log")
      ->required();
  cmd->add_option("--models", a.models,
                  "comma list of first_touch,last_touch,linear,time_decay,position_based,markov,shapley (default: the "
                  "heuristics, time_decay when timed, and markov)");
  cmd->add_option("--order", a.order, "Markov chain order (1-4, default 1)")->check(CLI::Range(1, 4));
  cmd->add_flag("--no-merge", a.no_merge, "Markov: keep repeated touches (a > a > b) instead of merging them");
  cmd->add_option("--level", a.level, "states: channel (default) or touchpoint")
      ->check(CLI::IsMember({"channel", "touchpoint"}))
      ->each([&a](const std::string&) { a.level_given = true; });
  cmd->add_option("--bootstrap", a.bootstrap, "bootstrap replicates over journeys for 95% intervals (default 0: none)")
      ->check(CLI::Range(0u, 100000u));
  cmd->add_option("--half-life", a.half_life, "time decay half-life: 7d, 2h, 30min, 3600s (default 7d)");
  cmd->add_option("--out", a.out,
                  "directory for attribution.csv, .json, .h5 and .html (written atomically)");
  cmd->add_flag("--json", a.json, "print JSON instead of text");
  // Path files.
  cmd->add_option("--path-column", a.path_column, "path file: the path column (default 'path')");
  cmd->add_option("--separator", a.separator, "path file: token separator (default ' > ')");
  cmd->add_option("--delimiter", a.delimiter, "CSV field delimiter (default ','; \\t for tabs)");
  // Event logs.
  cmd->add_option("--case", a.case_column, "event log: case column (default case:concept:name)");
  cmd->add_option("--activity", a.activity_column, "event log: activity column (default concept:name)");
  cmd->add_option("--timestamp", a.timestamp_column, "event log: timestamp column (default time:timestamp; '' for none)");
  cmd->add_option("--channel", a.channel_column, "event log: channel column (default 'channel' if present)");
  cmd->add_option("--value", a.value_column, "event log: conversion value column");
  cmd->add_option("--conversions", a.conversions, "event log: conversion activities, comma separated")
      ->take_all()
      ->expected(1)
      ->delimiter(',');
  cmd->add_option("--ignore", a.ignored, "event log: activities that are neither touches nor conversions")
      ->take_all()
      ->expected(1)
      ->delimiter(',');
  cmd->add_option("--outcome-column", a.outcome_column,
                  "event log: a column whose value --converted-value marks converted cases (default case:outcome if present)");
  cmd->add_option("--converted-value", a.converted_value, "event log: the converted outcome (default 'converted')");
  // Scenarios.
  add_plan_options(cmd, a.plan, "scenario: agents per run (default: the scenario's population)");
  cmd->add_option("--replications", a.replications,
                  "scenario, simulated: paired replications (default 10)")
      ->check(CLI::Range(2u, 100000u));
  cmd->add_flag("--simulate", a.simulate, "scenario: simulate removals even where the exact answer applies");
}

void discover_options(CLI::App* cmd, DiscoverArgs& a) {
  cmd->add_option("INPUT", a.input, "event log .csv (default columns: jsim's events.csv) or path file (a 'path' column)")
      ->required();
  cmd->add_option("--out", a.out, "scenario file to write (default: print to stdout)");
  cmd->add_option("--name", a.name, "scenario name (default: the input's name + _discovered)");
  cmd->add_option("--seed", a.seed, "scenario.seed to write (default 1)");
  cmd->add_flag("--untimed", a.untimed, "write an untimed scenario even when the log has timestamps");
  cmd->add_flag("--no-affinity", a.no_affinity,
                "segments: pool the transition weights (counts) instead of fitting per-persona channel affinities");
  cmd->add_flag("--no-repeats", a.no_repeats,
                "timed logs with customers: every case is its own agent (no repeat_probability / repeat_delay)");
  cmd->add_option("--delimiter", a.delimiter, "CSV field delimiter (default ','; \\t for tabs)");
  cmd->add_option("--path-column", a.path_column, "path file: the path column (default 'path')");
  cmd->add_option("--separator", a.separator, "path file: token separator (default ' > ')");
  cmd->add_option("--case", a.case_column, "event log: case column (default case:concept:name)");
  cmd->add_option("--activity", a.activity_column, "event log: activity column (default concept:name)");
  cmd->add_option("--timestamp", a.timestamp_column, "event log: timestamp column (default time:timestamp; '' for none)");
  cmd->add_option("--channel", a.channel_column, "event log: channel column (default 'channel' if present; '' for none)");
  cmd->add_option("--channels", a.channels_map, "event log: YAML mapping activity: channel (for logs without a channel column)");
  cmd->add_option("--stage", a.stage_column, "event log: stage column (default 'stage' if present)");
  cmd->add_option("--segment", a.segment_column, "event log: segment column, one persona per value (default 'persona' if present)");
  cmd->add_option("--customer", a.customer_column, "event log: customer column (default 'customer' if present)");
  cmd->add_option("--value", a.value_column, "event log: order value column (default 'order_value' if present)");
  cmd->add_option("--kind", a.kind_column, "event log: regular/conversion/exit column (default 'touchpoint_kind' if present)");
  cmd->add_option("--outcome-column", a.outcome_column, "event log: case outcome column (default 'case:outcome' if present)");
  cmd->add_option("--converted-value", a.converted_value, "event log: the converted outcome (default 'converted')");
  cmd->add_option("--end", a.end_column, "event log: service end timestamp column (default: timestamp + wait + service columns if present)");
  cmd->add_option("--wait", a.wait_column,
                  "event log: seconds queued before service (default 'wait' if present): service starts after it, "
                  "and where anyone waited the servers are fitted");
  cmd->add_option("--conversions", a.conversions, "event log: conversion activities, comma separated")
      ->take_all()
      ->expected(1)
      ->delimiter(',');
  cmd->add_option("--exits", a.exits, "event log: exit activities, comma separated")->take_all()->expected(1)->delimiter(',');
  cmd->add_option("--ignore", a.ignored, "event log: activities to drop, comma separated")
      ->take_all()
      ->expected(1)
      ->delimiter(',');
}

void fidelity_options(CLI::App* cmd, FidelityArgs& a) {
  cmd->add_option("OBSERVED", a.observed, "observed event log (.csv; defaults read jsim's own events.csv)")->required();
  cmd->add_option("SIMULATED", a.simulated,
                  "simulated event log (.csv), or a scenario (.yaml) simulated here with as many agents as OBSERVED "
                  "has customers")
      ->required();
  cmd->add_option("--out", a.out, "directory for fidelity.csv, fidelity.json and fidelity.html (written atomically)");
  cmd->add_flag("--json", a.json, "print JSON instead of text");
  cmd->add_option("--flag-ratio", a.flag_ratio, "flag a distance above this multiple of its split-half reference (default 2)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--path-length-bins", a.path_length_bins, "path lengths 1 .. N-1 and N or more (default 30)")
      ->check(CLI::Range(2, 100000));
  cmd->add_option("--case", a.case_column, "event logs: case column (default case:concept:name)");
  cmd->add_option("--activity", a.activity_column, "event logs: activity column (default concept:name)");
  cmd->add_option("--timestamp", a.timestamp_column, "event logs: timestamp column (default time:timestamp; '' for none)");
  cmd->add_option("--customer", a.customer_column, "event logs: customer column (default 'customer' if present)");
  cmd->add_option("--kind-column", a.kind_column,
                  "event logs: column marking conversion/exit rows (default 'touchpoint_kind' if present)");
  cmd->add_option("--conversions", a.conversions, "event logs: conversion activities, comma separated")
      ->take_all()
      ->expected(1)
      ->delimiter(',');
  cmd->add_option("--exits", a.exits, "event logs: exit activities, comma separated")->take_all()->expected(1)->delimiter(',');
  cmd->add_option("--ignore", a.ignored, "event logs: activities whose rows are dropped")->take_all()->expected(1)->delimiter(',');
  cmd->add_option("--outcome-column", a.outcome_column,
                  "event logs: a column whose value --converted-value marks converted cases (default case:outcome if present)");
  cmd->add_option("--converted-value", a.converted_value, "event logs: the converted outcome (default 'converted')");
  cmd->add_option("--delimiter", a.delimiter, "CSV field delimiter (default ','; \\t for tabs)");
  add_plan_options(cmd, a.plan, "scenario: agents to simulate (default: the observed log's customers)");
}

void report_options(CLI::App* cmd, ReportArgs& args) {
  cmd->add_option("RESULTS", args.inputs, "a folder written with --out, or one of its JSON files (one or more)")
      ->required();
  cmd->add_option("-o,--output", args.out, "the HTML file to write (one input only; default: next to the results)");
}

void optimize_options(CLI::App* cmd, OptimizeArgs& args) {
  cmd->add_option("FILE", args.file, "scenario YAML")->required();
  cmd->add_option("--set", args.sets,
                  "PATH=v1,v2,... or PATH=a..b:step: the candidates are the grid points, as in jsim sweep (repeatable)")
      ->required()
      ->take_all()
      ->expected(1);
  CLI::Option* max = cmd->add_option("--maximize", args.maximize, "metric to maximise, e.g. profit, conversion_rate");
  CLI::Option* min = cmd->add_option("--minimize", args.minimize, "metric to minimise, e.g. cost, mean_wait:call_centre");
  max->excludes(min);
  cmd->add_option("--budget", args.budget, "METRIC<=BOUND: a candidate is feasible when that metric's mean is at most BOUND, "
                                            "e.g. 'cost<=50000'");
  cmd->add_option("--delta", args.delta,
                  "indifference zone δ in the objective's unit: differences smaller than this do not matter "
                  "(default: 1% of the best first-stage mean)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--alpha", args.alpha, "1 − α is the probability of a correct selection (default 0.05)")
      ->check(CLI::Range(1e-6, 0.5));
  cmd->add_option("--first-stage", args.first_stage, "replications of every candidate before any elimination (n0, default 10)")
      ->check(CLI::Range(2u, 100000u));
  cmd->add_option("--max-replications", args.max_replications,
                  "cap on any candidate's replications; reached, the best mean is reported without the guarantee "
                  "(default 200)")
      ->check(CLI::Range(2u, 1000000u));
  add_plan_options(cmd, args.plan, "untimed scenarios: agents at every candidate (default: the scenario's)");
  add_experiment_options(cmd, args.plan);
  cmd->add_option("--out", args.out, "directory for optimize.csv and optimize.json (written atomically)");
  cmd->add_flag("--json", args.json, "print the result as JSON instead of text");
}

void uncertainty_options(CLI::App* cmd, UncertaintyArgs& args) {
  cmd->add_option("FILE", args.file, "scenario YAML (values written as {uncertain: {dist: ...}} are sampled)")->required();
  cmd->add_option("--uncertain", args.uncertain,
                  "PATH=uniform(MIN,MAX), normal(MEAN,SD) or triangular(MIN,MODE,MAX): a belief for a scenario "
                  "number, added to (or replacing) those in the file (repeatable)")
      ->take_all()
      ->expected(1);
  cmd->add_option("--samples", args.samples, "input samples N (Latin hypercube; Sobol: base samples; default 20)")
      ->check(CLI::Range(2u, 100000u));
  cmd->add_option("--replications", args.replications, "replications per input sample R (seeds S, S+1, ...; default 5)")
      ->check(CLI::Range(2u, 100000u));
  cmd->add_flag("--sobol", args.sobol, "also first-order and total Sobol indices of --metric (N(d+2) more samples)");
  cmd->add_option("--metric", args.metric, "metric for the Sobol indices, also split (default conversion_rate)");
  add_plan_options(cmd, args.plan, "untimed scenarios: agents per run (default: the scenario's)");
  add_experiment_options(cmd, args.plan);
  cmd->add_option("--out", args.out, "directory for uncertainty.csv and uncertainty.json (written atomically)");
  cmd->add_flag("--json", args.json, "print the study as JSON instead of text");
}

}  // namespace

ParsedCommand parse_command_line(int argc, char** argv) {
  CLI::App app{"JourneySim: agent-based customer journey simulation.\n"
               "Exit status: 0 ok, 2 bad input (scenario or arguments), 1 other failure, 130 interrupted (Ctrl-C).\n"
               "Docs: docs/user-guide.md, docs/scenario-format.md, docs/results-format.md, docs/model.md, docs/experiments.md",
               "jsim"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("jsim ") + kJsimVersion);
  ParsedCommand parsed;
  add_command(app, parsed, "validate",
              "Check a scenario (an overlay: as resolved onto its base); print every error as FILE:LINE:COL: "
              "message (exit 2)",
              validate_options, run_validate);
  add_command(app, parsed, "run", "Simulate a scenario and summarise conversion, friction, queues", run_options, run_run);
  add_command(app, parsed, "analyze",
              "Exact conversion probability, expected visits and path length (absorbing Markov chain, v1 semantics)",
              analyze_options, run_analyze);
  add_command(app, parsed, "compare",
              "Compare what-if scenarios with a base: paired replications under common random numbers",
              compare_options, run_compare);
  add_command(app, parsed, "sweep",
              "Run a grid of parameter settings, each replicated under common random numbers; find the best point",
              sweep_options, run_sweep);
  add_command(app, parsed, "friction",
              "Rank friction points (touchpoint friction, queues, context lost between channels) by what fixing "
              "each recovers",
              friction_options, run_friction);
  add_command(app, parsed, "show",
              "Print the scenario as it runs, as YAML: an overlay merged onto its base, the persona include inlined, "
              "--set applied (validated first: errors exit 2)",
              show_options, run_show);
  add_command(app, parsed, "graph",
              "Draw the designed journey: stages left to right, touchpoints coloured by channel, transitions with "
              "their probabilities, converted and abandoned sinks; with --results, a run's simulated flow instead",
              graph_options, run_graph);
  add_command(app, parsed, "attribute",
              "Multi-touch attribution: credit per channel or touchpoint from a path file, an event log or results.h5 "
              "journeys, or of a scenario model itself (removal effects)",
              attribute_options, run_attribute);
  add_command(app, parsed, "discover",
              "Fit a scenario YAML to observed journeys: an event log (one row per event) or a path file "
              "(docs/discover.md)",
              discover_options, run_discover);
  add_command(app, parsed, "fidelity",
              "How faithfully a simulation reproduces observed journeys: conversion, touchpoints, path lengths, n-gram, "
              "duration and arrival distances, each distance with a split-half reference of the observed log",
              fidelity_options, run_fidelity);
  add_command(app, parsed, "report",
              "Redraw HTML reports from results files: a run's summary.json, compare.json, sweep.json, friction.json",
              report_options, run_report);
  add_command(app, parsed, "optimize",
              "Find the best grid point under a budget by ranking and selection (Kim & Nelson's KN), with a guarantee",
              optimize_options, run_optimize);
  add_command(app, parsed, "uncertainty",
              "Input uncertainty: sample the scenario's uncertain inputs, split each metric's variance into input "
              "uncertainty and simulation noise; Sobol indices",
              uncertainty_options, run_uncertainty);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);  // prints the help, version or error
    return ParsedCommand{{}, {}, code == 0 ? kExitOk : kExitBadInput};
  }
  return parsed;
}

}  // namespace jsim::cli
