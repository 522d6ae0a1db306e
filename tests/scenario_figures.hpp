#pragma once
// The figures an example may promise (`# expect:` lines, scenario_expectations.hpp), named as the
// program reports them:
//   - simulated: every metric of extract_metrics (conversion_rate, nps, retention_rate, cltv,
//     utilisation:<touchpoint>, conversion_rate:<persona>, ...), plus the queue columns of a
//     capacity-limited touchpoint that `jsim run --json` prints and compare does not:
//     prob_wait:<touchpoint>, p95_wait:<touchpoint>, mean_queue_length:<touchpoint>;
//   - exact: `analyze.` and a top-level number of `jsim analyze --json`
//     (analyze.conversion_probability, analyze.expected_path_length, ...), or
//     analyze.conversion_probability:<persona>, analyze.expected_visits:<touchpoint>.
#include <optional>
#include <string>
#include <string_view>

#include "analysis/markov.hpp"
#include "experiment/metrics.hpp"
#include "model/scenario.hpp"
#include "sim/run_result.hpp"

namespace jsim::testing {

inline constexpr std::string_view kExactPrefix = "analyze.";

[[nodiscard]] inline bool is_exact_figure(std::string_view name) { return name.starts_with(kExactPrefix); }

// A simulated figure's value in one run; nullopt for a name the run does not report.
[[nodiscard]] inline std::optional<double> run_figure(const RunResult& r, std::string_view name) {
  for (const Metric& m : extract_metrics(r))
    if (m.name == name) return m.value;
  for (const TouchpointRow& t : r.touchpoints) {
    if (t.servers == 0) continue;
    if (name == metric_for("prob_wait", t.id)) return t.prob_wait;
    if (name == metric_for("p95_wait", t.id)) return t.p95_wait;
    if (name == metric_for("mean_queue_length", t.id)) return t.mean_queue_length;
  }
  return std::nullopt;
}

// The standard error one run gives on its own: from the 95% interval it reports (the Wilson
// interval of a conversion rate, the multinomial one of NPS). Any other figure has none: its
// scenario needs replications.
[[nodiscard]] inline std::optional<double> single_run_standard_error(const RunResult& r, std::string_view name) {
  constexpr double z = 1.959963984540054;  // the runs' intervals are 95%
  auto from = [&](const Interval& i) { return (i.high - i.low) / (2 * z); };
  if (name == "conversion_rate") return from(r.conversion_rate);
  if (name == "nps") return from(r.business.nps.score);
  for (const PersonaRow& p : r.personas)
    if (name == metric_for("conversion_rate", p.id)) return from(p.conversion_rate);
  return std::nullopt;
}

// An exact figure (`analyze.` names); nullopt for a name `jsim analyze` does not report.
[[nodiscard]] inline std::optional<double> exact_figure(const Scenario& s, const ExactAnalysis& a,
                                                        std::string_view name) {
  if (!is_exact_figure(name)) return std::nullopt;
  name.remove_prefix(kExactPrefix.size());
  if (name == "conversion_probability") return a.conversion_probability;
  if (name == "abandonment_probability") return a.abandonment_probability;
  if (name == "exit_probability") return a.exit_probability;
  if (name == "expected_path_length") return a.expected_path_length;
  for (const PersonaExact& p : a.personas)
    if (name == metric_for("conversion_probability", p.id)) return p.conversion_probability;
  for (std::size_t u = 0; u < s.touchpoints.size(); ++u)
    if (name == metric_for("expected_visits", s.touchpoints[u].id)) return a.expected_visits[u];
  return std::nullopt;
}

}  // namespace jsim::testing
