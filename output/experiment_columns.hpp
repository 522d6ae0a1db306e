#pragma once
// The pieces every experiment file shares (output/experiment_writers, optimize_writers,
// uncertainty_writers), so an interval reads the same in each: NAME, NAME_low, NAME_high columns
// in a CSV, {mean, low, high} in JSON with NaN as null, JSON files written atomically.
#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <vector>

#include "experiment/sweep_grid.hpp"
#include "output/atomic_file.hpp"
#include "output/result_tables.hpp"

namespace jsim {

// A number, or null where it has none (NaN, infinite): JSON has no NaN.
[[nodiscard]] inline nlohmann::json json_number(double x) {
  return std::isfinite(x) ? nlohmann::json(x) : nlohmann::json(nullptr);
}

[[nodiscard]] inline nlohmann::json interval_json(const Interval& i) {
  return {{"mean", json_number(i.estimate)}, {"low", json_number(i.low)}, {"high", json_number(i.high)}};
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

inline void write_json(const nlohmann::json& j, const std::filesystem::path& file) {
  write_text_atomically(file, j.dump(2) + "\n");
}

}  // namespace jsim
