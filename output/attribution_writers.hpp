#pragma once
// `jsim attribute --out DIR`: the credits of every model as one long table, and the files made of it
// (format in docs/results-format.md, "Attribution outputs"):
//   attribution.csv   one row per (model, level, state)
//   attribution.json  the same rows plus input, totals and notes
//   attribution.h5    the table as the compound dataset /attribution, input facts as root attributes
//   attribution.html  a self-contained page (the look of report.html): grouped bar chart with
//                     interval whiskers, then the table; inline SVG, no script
// Every file is written atomically (output/atomic_file.hpp). This layer knows nothing of the models:
// the command turns its results into an AttributionReport.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "data/attribution.hpp"

#include "output/result_tables.hpp"

namespace jsim {

struct AttributionRow {
  std::string model;    // first_touch, ..., markov_1, shapley, markov_exact, removal_simulated
  std::string level;    // "channel" or "touchpoint"
  std::string state;    // the credited channel or touchpoint
  std::string channel;  // its channel (the state itself at channel level)
  double conversions = 0.0, conversions_low = 0.0, conversions_high = 0.0;  // NaN bounds: no interval
  double value = 0.0, value_low = 0.0, value_high = 0.0;
  double removal_effect = 0.0;  // NaN for models without one
};

struct AttributionReport {
  std::string input;  // the file attributed
  std::string kind;   // "path_file", "event_log", "results_journeys", "scenario"
  std::string level;  // of the states: "channel" or "touchpoint"
  std::vector<std::string> models;  // in the order asked
  std::vector<std::string> states;  // in display order
  std::vector<AttributionRow> rows;  // model-major; touchpoint level adds channel-level roll-up rows
  double total_conversions = 0.0, total_value = 0.0;  // what the credits add up to
  std::uint64_t journeys = 0;                          // path inputs: journeys read; scenarios: agents
  std::vector<std::string> notes;
  nlohmann::json details = nlohmann::json::object();  // input-specific facts (bootstrap, scenario P, ...)
};

// Appends one row per (model, state) of a model result, and at touchpoint level the channel roll-up
// rows; sets the report's models, states and level.
void add_credit_rows(AttributionReport& report, const data::AttributionResult& result, data::PathLevel level,
                     const std::vector<std::string>& states, const std::vector<data::State>& state_channel,
                     const std::vector<std::string>& channels);
[[nodiscard]] std::string level_name(data::PathLevel level);  // "channel" or "touchpoint"

[[nodiscard]] Table attribution_table(const AttributionReport& report);
// The grouped bar chart (credit per state and model, interval whiskers) as inline SVG.
[[nodiscard]] std::string attribution_chart(const AttributionReport& report);
[[nodiscard]] nlohmann::json attribution_json(const AttributionReport& report);
[[nodiscard]] std::string attribution_html(const AttributionReport& report);

// Adds the table as the dataset /attribution to an HDF5 file being completed (a results.h5 part).
void add_attribution_table(const AttributionReport& report, const std::filesystem::path& hdf5_file);

// Creates dir if needed and writes the four files; throws jsim::Error naming the failing path.
void write_attribution(const AttributionReport& report, const std::filesystem::path& dir);

}  // namespace jsim
