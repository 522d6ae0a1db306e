// jsim discover LOG: fit a scenario YAML to observed journeys (an event log or a path file).
// Estimators: engine/data/discovery.cpp, docs/discover.md.
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include "analysis/markov.hpp"
#include "cli/command_args.hpp"
#include "cli/input_options.hpp"
#include "data/csv_table.hpp"
#include "data/discovery.hpp"
#include "data/journey_log.hpp"
#include "data/path_file.hpp"
#include "model/calendar_time.hpp"
#include "model/error.hpp"
#include "model/loader.hpp"

namespace fs = std::filesystem;

namespace jsim::cli {

namespace {

data::OptionalColumn column(const std::optional<std::string>& given, const std::string& fallback) {
  if (given) return {*given, !given->empty()};  // named by the user: required ('' turns it off)
  return {fallback, false};
}

std::map<std::string, std::string> read_channel_map(const std::string& file) {
  std::map<std::string, std::string> m;
  YAML::Node root;
  try {
    root = YAML::LoadFile(file);
  } catch (const YAML::BadFile&) {
    bad_input(file, "cannot read the --channels mapping");
  } catch (const YAML::Exception& e) {
    throw ScenarioError({Diagnostic{file, e.mark.line + 1, e.mark.column + 1, e.msg}});
  }
  if (!root.IsMap()) bad_input(file, "expected a mapping activity: channel");
  for (const auto& kv : root) {
    if (!kv.second.IsScalar())
      throw ScenarioError({Diagnostic{file, kv.second.Mark().line + 1, kv.second.Mark().column + 1,
                                      "expected a channel name for activity '" + kv.first.as<std::string>() + "'"}});
    m[kv.first.as<std::string>()] = kv.second.as<std::string>();
  }
  return m;
}

std::string sanitize_name(const std::string& s) {
  std::string id;
  for (const char c : s) id.push_back(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.' ? c : '_');
  if (id.empty() || !(std::isalpha(static_cast<unsigned char>(id[0])) || id[0] == '_')) id = "d_" + id;
  return id;
}

}  // namespace

int run_discover(const DiscoverArgs& a) {
  std::error_code ec;
  if (!fs::exists(a.input, ec)) bad_input(a.input, "no such file");
  if (fs::is_directory(a.input, ec)) bad_input(a.input, "is a directory; expected an event log or a path file (.csv)");
  const char delim = delimiter_of(a.delimiter);
  data::DiscoveryOptions o;
  o.name = sanitize_name(a.name.empty() ? fs::path(a.input).stem().string() + "_discovered" : a.name);
  o.source = a.input;
  o.seed = a.seed;
  o.untimed = a.untimed;
  o.affinity = !a.no_affinity;
  o.repeats = !a.no_repeats;

  const auto header = data::read_csv_header(a.input, delim);
  const bool path_file = std::find(header.begin(), header.end(), a.path_column) != header.end();
  data::DiscoveredScenario d;
  if (path_file) {
    data::PathFileOptions po;
    po.path_column = a.path_column;
    po.separator = a.separator;
    po.delimiter = delim;
    d = data::discover_from_paths(data::read_path_file(a.input, po), a.input, o);
  } else {
    data::JourneyLogOptions lo;
    if (a.case_column) lo.case_column = *a.case_column;
    if (a.activity_column) lo.activity_column = *a.activity_column;
    if (a.timestamp_column) lo.timestamp_column = *a.timestamp_column;
    lo.channel_column = column(a.channel_column, lo.channel_column.name);
    lo.stage_column = column(a.stage_column, lo.stage_column.name);
    lo.segment_column = column(a.segment_column, lo.segment_column.name);
    lo.customer_column = column(a.customer_column, lo.customer_column.name);
    lo.value_column = column(a.value_column, lo.value_column.name);
    lo.kind_column = column(a.kind_column, lo.kind_column.name);
    lo.outcome_column = column(a.outcome_column, lo.outcome_column.name);
    lo.end_timestamp_column = column(a.end_column, "");
    lo.wait_column = column(a.wait_column, lo.wait_column.name);
    if (a.converted_value) lo.converted_outcome = *a.converted_value;
    lo.conversion_activities = a.conversions;
    lo.exit_activities = a.exits;
    lo.ignored_activities = a.ignored;
    lo.delimiter = delim;
    if (!a.channels_map.empty()) {
      lo.channel_map = read_channel_map(a.channels_map);
      if (!a.channel_column) lo.channel_column = {};  // the mapping names the channels
    }
    d = data::discover_from_log(data::read_journey_log(a.input, lo), o);
  }

  const auto now = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  const std::string date = format_iso8601(std::floor(now)).substr(0, 10);
  const std::string label = a.out.empty() ? "<discovered>" : a.out;

  // Load what we wrote (validation) and compute its exact conversion for the header.
  data::DiscoveryCheck check;
  try {
    const ScenarioPtr s = load_scenario_text(data::write_discovered_yaml(d, std::nullopt, date), label);
    const ExactAnalysis ex = analyze_exact(*s);
    check.conversion_exact = ex.conversion_probability;
    for (const auto& p : ex.personas) check.persona_conversion_exact.push_back(p.conversion_probability);
  } catch (const Error& e) {
    std::cerr << "jsim discover: internal error: the discovered scenario is not valid:\n" << e.what() << '\n';
    return kExitFailure;
  }
  const std::string text = data::write_discovered_yaml(d, check, date);

  std::ostream& info = a.out.empty() ? std::cerr : std::cout;
  if (a.out.empty()) {
    (void)load_scenario_text(text, label);
    std::cout << text;
  } else {
    // Written beside the target, validated by loading it, then renamed: no half-written file.
    const fs::path out(a.out);
    if (!out.parent_path().empty()) fs::create_directories(out.parent_path());
    const fs::path tmp = out.string() + ".tmp-" + std::to_string(::getpid());
    {
      std::ofstream f(tmp, std::ios::binary);
      f << text;
      if (!f) {
        fs::remove(tmp, ec);
        throw Error("cannot write " + tmp.string());
      }
    }
    try {
      (void)load_scenario(tmp);
    } catch (const Error& e) {
      fs::remove(tmp, ec);
      std::cerr << "jsim discover: internal error: the written scenario does not load:\n" << e.what() << '\n';
      return kExitFailure;
    }
    fs::rename(tmp, out);
  }
  auto observed_text = [](std::uint64_t c, std::uint64_t n, std::uint64_t censored) {
    std::ostringstream s;
    s << (n ? double(c) / double(n) : 0.0);
    if (censored && n > censored) s << " (" << double(c) / double(n - censored) << " of finished journeys)";
    return s.str();
  };
  info << "discover: " << d.journeys << " journeys, " << d.touchpoints.size() << " touchpoints, " << d.channels.size()
       << " channels, " << d.personas.size() << " persona(s), " << (d.timed ? "timed" : "untimed") << "\n";
  info << "conversion: observed " << observed_text(d.conversions, d.journeys, d.censored) << ", exact of the scenario " << check.conversion_exact << "\n";
  if (d.personas.size() > 1)
    for (std::size_t p = 0; p < d.personas.size(); ++p) {
      const auto& per = d.personas[p];
      info << "  " << per.id << ": observed " << observed_text(per.conversions, per.journeys, per.censored) << ", exact "
           << check.persona_conversion_exact[p] << " (n=" << per.journeys << ")\n";
    }
  if (!a.out.empty()) info << "wrote " << a.out << "\n";
  return kExitOk;
}

}  // namespace jsim::cli
