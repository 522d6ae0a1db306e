#pragma once
// The pieces every experiment file shares (output/experiment_writers, optimize_writers,
// uncertainty_writers), so an interval reads the same in each: NAME, NAME_low, NAME_high columns
// in a CSV, {estimate, low, high} in JSON with NaN as null (output/json_values.hpp), JSON files written atomically.
#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <vector>

#include "experiment/metrics.hpp"
#include "experiment/sweep_grid.hpp"
#include "output/atomic_file.hpp"
#include "output/json_values.hpp"
#include "output/result_tables.hpp"

namespace jsim {


// What each metric named is, from the definition table (experiment/metrics.hpp), for the
// "metric_definitions" block of an experiment's JSON: {NAME: {unit, better, meaning}}.
[[nodiscard]] inline nlohmann::json metric_definitions_json(std::span<const std::string> names) {
  nlohmann::json out = nlohmann::json::object();
  for (const std::string& name : names)
    if (const MetricDefinition* d = definition_of(name))
      out[name] = {{"unit", unit_name(d->unit)}, {"better", better_name(d->better)}, {"meaning", d->meaning}};
  return out;
}

// NAME, NAME_low, NAME_high: the layout of every interval column.
template <class Row, class Get>
void add_interval(Table& t, const std::string& name, std::span<const Row> rows, Get get) {
  t.add(name, rows, [&](const Row& x) { return get(x).estimate; });
  t.add(name + "_low", rows, [&](const Row& x) { return get(x).low; });
  t.add(name + "_high", rows, [&](const Row& x) { return get(x).high; });
}

// A grid axis (sweep, optimize) as a float64 column when every value is a number (so plots need
// no parsing), else as the override text.
[[nodiscard]] inline Column axis_column(const std::string& path, const std::vector<std::string>& values) {
  std::vector<double> numbers;
  for (const std::string& v : values)
    if (const auto x = grid_number(v)) numbers.push_back(*x);
  if (numbers.size() == values.size()) return {path, std::move(numbers)};
  return {path, values};
}


}  // namespace jsim
