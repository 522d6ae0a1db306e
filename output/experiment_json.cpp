#include "output/experiment_json.hpp"

#include <nlohmann/json.hpp>

#include "model/error.hpp"
#include "output/json_values.hpp"

namespace jsim {

const nlohmann::json& ExperimentJson::at(const nlohmann::json& j, const char* key, const char* kind) const {
  if (!j.is_object() || !j.contains(key))
    throw Error(where + ": not a " + kind + " file: '" + key + "' is missing");
  return j.at(key);
}

MetricComparison metric_comparison_from_json(const nlohmann::json& j) {
  MetricComparison m;
  m.name = j.value("metric", std::string());
  m.base = interval_from_json(j.value("base", nlohmann::json::object()));
  m.whatif = interval_from_json(j.value("what_if", nlohmann::json::object()));
  m.difference = interval_from_json(j.value("difference", nlohmann::json::object()));
  m.identical = j.value("identical", false);
  m.distinguishable = j.value("distinguishable", false);
  return m;
}

}  // namespace jsim
