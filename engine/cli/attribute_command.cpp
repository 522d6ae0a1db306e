// jsim attribute INPUT: multi-touch attribution of journeys (path file, event log, results.h5
// journeys) or of a scenario model itself (removal effects, exact or by paired simulation).
#include <fmt/format.h>
#include <fmt/ostream.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <limits>
#include <memory>
#include <optional>
#include <sstream>

#include "cli/command_args.hpp"
#include "cli/input_options.hpp"
#include "cli/thread_cap.hpp"
#include "data/attribution.hpp"
#include "data/csv_table.hpp"
#include "data/event_log.hpp"
#include "data/path_file.hpp"
#include "data/results_journeys.hpp"
#include "data/scenario_attribution.hpp"
#include "model/error.hpp"
#include "model/loader.hpp"
#include "output/attribution_writers.hpp"
#include "output/json_values.hpp"

namespace jsim::cli {

namespace {

namespace fs = std::filesystem;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kDefaultHalfLife = 7 * 86400.0;  // time decay: a week

enum class InputKind { PathFile, EventLog, ResultsJourneys, Scenario };

const char* kind_name(InputKind k) {
  switch (k) {
    case InputKind::PathFile: return "path_file";
    case InputKind::EventLog: return "event_log";
    case InputKind::ResultsJourneys: return "results_journeys";
    case InputKind::Scenario: return "scenario";
  }
  return "?";
}

// "7d", "3600s", "2h", "30min", "1.5w", or plain seconds.
std::optional<double> parse_half_life(const std::string& text) {
  if (text.empty()) return std::nullopt;
  std::size_t used = 0;
  double x = 0.0;
  try {
    x = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  const std::string unit = lower(text.substr(used));
  double scale = 0.0;
  if (unit.empty() || unit == "s") scale = 1.0;
  else if (unit == "m" || unit == "min") scale = 60.0;
  else if (unit == "h") scale = 3600.0;
  else if (unit == "d") scale = 86400.0;
  else if (unit == "w") scale = 7 * 86400.0;
  if (used == 0 || scale == 0.0 || !(x > 0.0) || !std::isfinite(x))
    throw ScenarioError({Diagnostic{"--half-life", 0, 0,
                                    "expected a positive duration such as 7d, 2h, 30min or 3600s, got '" + text + "'"}});
  return x * scale;
}

InputKind detect(const AttributeArgs& a) {
  const fs::path p(a.input);
  std::error_code ec;
  if (!fs::exists(p, ec)) bad_input(a.input, "no such file");
  if (fs::is_directory(p, ec)) bad_input(a.input, "is a directory, not an input file");
  const std::string ext = lower(p.extension().string());
  if (ext == ".yaml" || ext == ".yml") return InputKind::Scenario;
  if (ext == ".h5" || ext == ".hdf5") return InputKind::ResultsJourneys;
  if (ext == ".csv" || ext == ".tsv" || ext == ".txt") {
    const auto names = data::read_csv_header(a.input, delimiter_of(a.delimiter));
    return std::find(names.begin(), names.end(), a.path_column) != names.end() ? InputKind::PathFile
                                                                               : InputKind::EventLog;
  }
  bad_input(a.input, "unknown input kind '" + ext +
                         "': expected a scenario (.yaml, .yml), a results file with journeys (.h5) or a CSV path "
                         "file or event log (.csv)");
}

data::PathLevel level_of(const std::string& s) {
  return s == "touchpoint" ? data::PathLevel::Touchpoint : data::PathLevel::Channel;
}

struct Loaded {
  data::PathData data;
  std::vector<std::string> notes;
  std::optional<data::PathLevel> label;  // how to name the states when the data cannot say
};

Loaded read_paths(const AttributeArgs& a, InputKind kind, std::optional<double> half_life) {
  Loaded out;
  const data::PathLevel level = level_of(a.level);
  if (kind == InputKind::PathFile) {
    data::PathFileOptions o;
    o.path_column = a.path_column;
    o.separator = a.separator;
    o.delimiter = delimiter_of(a.delimiter);
    out.data = data::read_path_file(a.input, o);
    // A path file's states are its tokens, whatever they name: computed as given (no channel of
    // each state to roll up to), labelled as the user says.
    out.label = level;
    if (half_life) out.notes.push_back("--half-life ignored: a path file has no timestamps");
    return out;
  }
  if (kind == InputKind::ResultsJourneys) {
    out.data = data::read_results_journeys(a.input, level, half_life);
    return out;
  }
  data::EventLogOptions o;
  o.case_column = a.case_column;
  o.activity_column = a.activity_column;
  o.timestamp_column = a.timestamp_column;
  o.value_column = a.value_column;
  o.conversion_activities = a.conversions;
  o.ignored_activities = a.ignored;
  o.converted_outcome = a.converted_value;
  o.outcome_column = a.outcome_column;
  o.half_life = half_life;
  o.delimiter = delimiter_of(a.delimiter);
  o.level = level;
  o.channel_column = a.channel_column;
  const auto names = data::read_csv_header(a.input, o.delimiter);
  const auto has = [&](const std::string& c) { return std::find(names.begin(), names.end(), c) != names.end(); };
  // The simulator's own events.csv says which rows are purchases and exits (touchpoint_kind) and
  // carries order values and channels: use them unless told otherwise, so that reading it gives
  // the same paths as paths.csv and /journeys in results.h5.
  if (o.conversion_activities.empty() && !o.outcome_column && has("touchpoint_kind")) {
    o.kind_column = "touchpoint_kind";
    if (!o.value_column && has("order_value")) o.value_column = "order_value";
    out.notes.push_back("conversions: rows whose touchpoint_kind is 'conversion' (exits are not touches)");
  } else if (o.conversion_activities.empty() && !o.outcome_column && has("case:outcome")) {
    o.outcome_column = "case:outcome";
    out.notes.push_back("conversions: cases whose case:outcome is '" + o.converted_outcome + "'");
  }
  if (!o.channel_column && level == data::PathLevel::Channel) {
    if (has("channel")) {
      o.channel_column = "channel";
    } else if (a.level_given) {
      throw ScenarioError({Diagnostic{a.input, 1, 0,
                                      "channel level needs the channel of each event: pass --channel COLUMN (the file "
                                      "has no 'channel' column), or --level touchpoint"}});
    } else {
      o.level = data::PathLevel::Touchpoint;
      out.notes.push_back("no channel column: the states are the activities (touchpoint level); pass --channel COLUMN for channels");
    }
  }
  if (o.conversion_activities.empty() && !o.outcome_column && !o.kind_column)
    throw ScenarioError({Diagnostic{a.input, 1, 0,
                                    "which cases converted? pass --conversions ACTIVITY[,ACTIVITY...] and/or "
                                    "--outcome-column COLUMN (with --converted-value, default 'converted')"}});
  out.data = data::read_event_log(a.input, o);
  return out;
}

std::vector<data::ModelSpec> default_models(const data::PathData& d, int order, bool merge) {
  std::string list = "first_touch,last_touch,linear,position_based";
  if (d.timed) list += ",time_decay";
  list += ",markov";
  return data::parse_models(list, order, merge);
}

AttributionReport attribute_paths(const AttributeArgs& a, InputKind kind) {
  const std::optional<double> half_life = parse_half_life(a.half_life);
  std::vector<data::ModelSpec> models;
  try {
    if (!a.models.empty()) models = data::parse_models(a.models, a.order, !a.no_merge);
  } catch (const ScenarioError&) {
    throw;
  } catch (const Error& e) {
    throw ScenarioError({Diagnostic{"--models", 0, 0, e.what()}});
  }
  // Timestamps are kept with the default half-life too, so time_decay works without --half-life.
  const double effective_half_life = half_life.value_or(kDefaultHalfLife);
  Loaded in = read_paths(a, kind, kind == InputKind::PathFile ? half_life : std::optional<double>(effective_half_life));
  const data::PathData& d = in.data;
  if (a.models.empty()) models = default_models(d, a.order, !a.no_merge);

  data::AttributionOptions o;
  o.models = models;
  o.bootstrap = a.bootstrap;
  o.seed = a.plan.seed.value_or(1);
  const data::AttributionResult result = data::attribute(d, o);

  AttributionReport report;
  report.input = a.input;
  report.kind = kind_name(kind);
  report.total_conversions = static_cast<double>(d.total_conversions());
  report.total_value = d.total_value();
  report.journeys = d.total_conversions() + d.total_nulls();
  add_credit_rows(report, result, in.label.value_or(d.level), d.states, d.state_channel, d.channels);
  report.notes = in.notes;
  report.notes.insert(report.notes.end(), result.notes.begin(), result.notes.end());
  nlohmann::json details;
  details["distinct_paths"] = d.paths.size();
  details["conversions"] = d.total_conversions();
  details["nulls"] = d.total_nulls();
  details["timed"] = d.timed;
  if (d.timed) details["half_life_seconds"] = effective_half_life;
  details["bootstrap"] = a.bootstrap;
  if (a.bootstrap > 0) {
    details["seed"] = o.seed;
    details["interval"] = "95% bootstrap percentile interval over journeys";
  }
  nlohmann::json p = nlohmann::json::object();
  for (std::size_t i = 0; i < result.credits.size() && i < result.chain_conversion_probability.size(); ++i)
    if (std::isfinite(result.chain_conversion_probability[i]))
      p[result.credits[i].model] = result.chain_conversion_probability[i];
  details["chain_conversion_probability"] = p;
  report.details = details;
  return report;
}

AttributionReport attribute_model(const AttributeArgs& a) {
  const ScenarioPtr s = load_scenario(a.input);
  data::ScenarioAttributionOptions o;
  o.level = level_of(a.level);
  o.force_simulation = a.simulate;
  o.replications = a.replications;
  o.population = a.plan.agents;
  o.seed = a.plan.seed;
  // Simulated removals run several at once: one cap for all of them, each run sharing the arena.
  const auto cap = cap_threads(a.plan.threads);
  o.threads = 0;
  const data::ScenarioAttribution sa = data::attribute_scenario(s, o);

  AttributionReport report;
  report.input = a.input;
  report.kind = kind_name(InputKind::Scenario);
  report.total_conversions = sa.expected_conversions.estimate;
  report.total_value = sa.expected_value.estimate;
  report.journeys = sa.population;
  add_credit_rows(report, sa.result, sa.level, sa.states, sa.state_channel, sa.channels);
  if (!a.models.empty()) report.notes.push_back("--models ignored: a scenario is attributed by its own removal effects");
  report.notes.insert(report.notes.end(), sa.result.notes.begin(), sa.result.notes.end());
  nlohmann::json details;
  details["scenario"] = sa.scenario;
  details["method"] = sa.exact ? "exact" : "simulated";
  details["agents"] = sa.population;
  details["conversion_probability"] = interval_json(sa.conversion_probability);
  details["expected_conversions"] = interval_json(sa.expected_conversions);
  details["expected_value"] = interval_json(sa.expected_value);
  nlohmann::json removed = nlohmann::json::object();
  for (std::size_t i = 0; i < sa.states.size(); ++i) removed[sa.states[i]] = interval_json(sa.removed_conversion_probability[i]);
  details["removed_conversion_probability"] = removed;
  details["exact_leaves_out"] = sa.caveats;
  if (!sa.exact) {
    details["replications"] = sa.replications;
    details["first_seed"] = sa.first_seed;
    details["interval"] = "95% Student-t over paired replications (common random numbers) of the per-replication credit";
  }
  report.details = details;
  return report;
}

// Decimals of the console table: three for a handful of conversions, one for thousands.
int g_decimals = 3;

std::string amount(double x) {
  if (!std::isfinite(x)) return "n/a";
  return fmt::format("{:.{}f}", x, g_decimals);
}

std::string cell(const AttributionRow& r) {
  std::string s = amount(r.conversions);
  if (std::isfinite(r.conversions_low) && std::isfinite(r.conversions_high))
    s += fmt::format(" [{}, {}]", amount(r.conversions_low), amount(r.conversions_high));
  return s;
}

// One table: a row per state, a column per model, and the totals.
void print_credit_table(std::ostream& out, const AttributionReport& r, const std::string& level,
                        const std::vector<std::string>& states) {
  std::vector<std::size_t> widths;
  std::size_t state_w = std::max<std::size_t>(level.size(), 5);
  for (const auto& s : states) state_w = std::max(state_w, s.size());
  std::vector<std::vector<std::string>> cells(states.size());
  std::vector<double> totals(r.models.size(), 0.0);
  for (std::size_t k = 0; k < r.models.size(); ++k) {
    std::size_t w = r.models[k].size();
    for (std::size_t i = 0; i < states.size(); ++i) {
      std::string c;
      for (const auto& row : r.rows)
        if (row.level == level && row.model == r.models[k] && row.state == states[i]) {
          c = cell(row);
          if (std::isfinite(row.conversions)) totals[k] += row.conversions;
        }
      w = std::max(w, c.size());
      cells[i].push_back(std::move(c));
    }
    widths.push_back(w);
  }
  fmt::print(out, "  {:<{}}", level, state_w);
  for (std::size_t k = 0; k < r.models.size(); ++k) fmt::print(out, "  {:>{}}", r.models[k], widths[k]);
  fmt::print(out, "\n");
  for (std::size_t i = 0; i < states.size(); ++i) {
    fmt::print(out, "  {:<{}}", states[i], state_w);
    for (std::size_t k = 0; k < r.models.size(); ++k) fmt::print(out, "  {:>{}}", cells[i][k], widths[k]);
    fmt::print(out, "\n");
  }
  fmt::print(out, "  {:<{}}", "total", state_w);
  for (std::size_t k = 0; k < r.models.size(); ++k) fmt::print(out, "  {:>{}}", amount(totals[k]), widths[k]);
  fmt::print(out, "\n");

}

void print_report(std::ostream& out, const AttributionReport& r) {
  const auto& d = r.details;
  g_decimals = std::fabs(r.total_conversions) >= 1000.0 ? 1 : 3;
  if (r.kind == "scenario") {
    const bool exact = d.value("method", "") == "exact";
    fmt::print(out, "Attribution of scenario {} ({}), {} level: {}\n", d.value("scenario", ""), r.input, r.level,
               exact ? "exact removal effects of the absorbing chain"
                     : fmt::format("removal effects by {} paired replications (common random numbers)",
                                   d.value("replications", 0u)));
    fmt::print(out, "Conversion probability per journey {}; expected for {} agents: {} conversions, value {}\n",
               fmt::format("{:.6f}", d["conversion_probability"].value("estimate", kNaN)), r.journeys, amount(r.total_conversions),
               amount(r.total_value));
  } else {
    fmt::print(out, "Attribution of {} ({}, {} level): {} journeys, {} conversions, value {}\n", r.input, r.kind, r.level,
               r.journeys, amount(r.total_conversions), amount(r.total_value));
  }
  bool any_interval = false;
  for (const auto& row : r.rows) any_interval = any_interval || std::isfinite(row.conversions_low);
  fmt::print(out, "\nCredit in conversions{}:\n", any_interval ? " [95% interval]" : "");
  print_credit_table(out, r, r.level, r.states);
  std::size_t state_w = std::max<std::size_t>(r.level.size(), 5);
  for (const auto& s : r.states) state_w = std::max(state_w, s.size());
  if (r.level == "touchpoint") {
    std::vector<std::string> channels;
    for (const auto& row : r.rows)
      if (row.level == "channel" && std::find(channels.begin(), channels.end(), row.state) == channels.end())
        channels.push_back(row.state);
    if (!channels.empty()) {
      fmt::print(out, "\nPer channel (the sum of its touchpoints):\n");
      print_credit_table(out, r, "channel", channels);
    }
  }

  // Removal effects of the models that have them.
  std::vector<std::string> re_models;
  for (const auto& m : r.models)
    for (const auto& row : r.rows)
      if (row.model == m && std::isfinite(row.removal_effect)) {
        re_models.push_back(m);
        break;
      }
  if (!re_models.empty()) {
    fmt::print(out, "\nRemoval effect (1 - P(conversion | removed) / P(conversion)):\n  {:<{}}", r.level, state_w);
    for (const auto& m : re_models) fmt::print(out, "  {:>{}}", m, std::max<std::size_t>(m.size(), 8));
    fmt::print(out, "\n");
    for (const auto& s : r.states) {
      fmt::print(out, "  {:<{}}", s, state_w);
      for (const auto& m : re_models) {
        std::string c;
        for (const auto& row : r.rows)
          if (row.level == r.level && row.model == m && row.state == s) c = fmt::format("{:.1f}%", 100.0 * row.removal_effect);
        fmt::print(out, "  {:>{}}", c, std::max<std::size_t>(m.size(), 8));
      }
      fmt::print(out, "\n");
    }
  }
  if (!r.notes.empty()) {
    fmt::print(out, "\nNotes:\n");
    for (const auto& n : r.notes) fmt::print(out, "  - {}\n", n);
  }
}

}  // namespace

int run_attribute(const AttributeArgs& a) {
  const InputKind kind = detect(a);
  const AttributionReport report = kind == InputKind::Scenario ? attribute_model(a) : attribute_paths(a, kind);
  if (!a.out.empty()) write_attribution(report, a.out);
  if (a.json) {
    std::cout << attribution_json(report).dump(2) << '\n';
    return kExitOk;
  }
  print_report(std::cout, report);
  if (!a.out.empty())
    std::cout << "\nwrote " << a.out << "/{attribution.csv, attribution.json, attribution.h5, attribution.html}\n";
  return kExitOk;
}

}  // namespace jsim::cli
