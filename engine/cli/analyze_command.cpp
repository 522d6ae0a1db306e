#include <iostream>

#include <nlohmann/json.hpp>

#include "analysis/markov.hpp"
#include "cli/command_args.hpp"
#include "cli/console_report.hpp"
#include "model/loader.hpp"

namespace jsim::cli {

namespace {

nlohmann::json analysis_json(const Scenario& s, const ExactAnalysis& a) {
  nlohmann::json j;
  j["scenario"] = s.name;
  j["conversion_probability"] = a.conversion_probability;
  j["abandonment_probability"] = a.abandonment_probability;
  j["exit_probability"] = a.exit_probability;
  j["expected_path_length"] = a.expected_path_length;
  j["max_steps"] = s.max_steps;
  j["step_guard_probability"] = a.step_guard_probability;
  j["guarded_conversion_probability"] = a.guarded_conversion_probability;
  j["leaves_out"] = exact_analysis_caveats(s);
  nlohmann::json visits = nlohmann::json::object();
  for (std::size_t u = 0; u < s.touchpoints.size(); ++u) visits[s.touchpoints[u].id] = a.expected_visits[u];
  j["expected_visits"] = visits;
  j["personas"] = nlohmann::json::array();
  for (const auto& p : a.personas) {
    nlohmann::json pv = nlohmann::json::object();
    for (std::size_t u = 0; u < s.touchpoints.size(); ++u) pv[s.touchpoints[u].id] = p.expected_visits[u];
    j["personas"].push_back({{"id", p.id},
                             {"share", p.share},
                             {"conversion_probability", p.conversion_probability},
                             {"abandonment_probability", p.abandonment_probability},
                             {"exit_probability", p.exit_probability},
                             {"expected_path_length", p.expected_path_length},
                             {"path_length_sd", p.path_length_sd},
                             {"expected_order_value", p.expected_order_value},
                             {"expected_visits", pv}});
  }
  return j;
}

}  // namespace

int run_analyze(const AnalyzeArgs& args) {
  const ScenarioPtr s = load_scenario(args.file);
  const ExactAnalysis a = analyze_exact(*s);
  if (args.json)
    std::cout << analysis_json(*s, a).dump(2) << '\n';
  else
    print_analysis(std::cout, *s, a);
  return kExitOk;
}

}  // namespace jsim::cli
