#pragma once
// How every JSON file jsim writes spells a number and an interval, and how they read back:
// one shape for all of them (run summaries, experiments, attribution).
//   a number:    a JSON number, or null where there is none (NaN, infinite: JSON has neither)
//   an interval: {"estimate", "low", "high"}, bounds null where there is no interval
#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "output/atomic_file.hpp"
#include "sim/run_result.hpp"  // Interval

namespace jsim {

[[nodiscard]] inline nlohmann::json json_number(double x) {
  return std::isfinite(x) ? nlohmann::json(x) : nlohmann::json(nullptr);
}

[[nodiscard]] inline nlohmann::json interval_json(const Interval& i) {
  return {{"estimate", json_number(i.estimate)}, {"low", json_number(i.low)}, {"high", json_number(i.high)}};
}

// An interval written by interval_json; NaN for what is null or missing. Files written before the
// one name ("estimate") called an experiment interval's centre "mean": read that too, so older
// results still redraw.
[[nodiscard]] inline Interval interval_from_json(const nlohmann::json& j) {
  const auto get = [&](const char* key) {
    return j.is_object() && j.contains(key) && j.at(key).is_number() ? j.at(key).get<double>() : std::nan("");
  };
  const bool old = j.is_object() && !j.contains("estimate") && j.contains("mean");
  return {get(old ? "mean" : "estimate"), get("low"), get("high")};
}

// A JSON file, indented by 2, written atomically (output/atomic_file.hpp).
inline void write_json(const nlohmann::json& j, const std::filesystem::path& file) {
  write_text_atomically(file, j.dump(2) + "\n");
}

}  // namespace jsim
