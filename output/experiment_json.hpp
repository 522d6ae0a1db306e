#pragma once
// Reading back what the experiment writers put in their JSON (output/experiment_writers.hpp), for
// the experiment reports: one checked accessor per shape, each naming the file when it is wrong.
#include <nlohmann/json_fwd.hpp>
#include <string>

#include "experiment/comparison.hpp"

namespace jsim {

// The JSON a report is drawn from, with the file it came from for messages.
struct ExperimentJson {
  const nlohmann::json& doc;
  const std::string& where;

  // doc[key], or jsim::Error "WHERE: not a KIND file: 'key' is missing".
  [[nodiscard]] const nlohmann::json& at(const nlohmann::json& j, const char* key, const char* kind) const;
};


// One entry of compare.json's metrics (or friction.json's conversions): the paired comparison.
[[nodiscard]] MetricComparison metric_comparison_from_json(const nlohmann::json& j);

}  // namespace jsim
