#include "experiment/finished_runs.hpp"

#include <functional>
#include <string>

#include "sim/run_info.hpp"

namespace jsim {

std::uint64_t run_key(const RunPlan& plan) {
  // Fields joined with a separator no field contains, so that no two runs give the same text.
  std::string what = std::string(kJsimVersion) + '\0' + plan.scenario->source_text + '\0';
  for (const std::string& setting : plan.scenario->settings) what += setting + '\x1f';
  what += '\0' + std::to_string(plan.seed) + '\0' + std::to_string(plan.population);
  return std::hash<std::string>{}(what);
}

}  // namespace jsim
