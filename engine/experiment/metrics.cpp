#include "experiment/metrics.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <array>

#include "model/error.hpp"

namespace jsim {
namespace {

struct RunMetric {
  const char* name;
  double (*get)(const RunResult&);
  Better better;
};

// The run-level metrics, in report order.
const std::array<RunMetric, 13> kRunMetrics = {{
    {"conversion_rate", [](const RunResult& r) { return r.conversion_rate.estimate; }, Better::Higher},
    {"conversions", [](const RunResult& r) { return static_cast<double>(r.conversions); }, Better::Higher},
    {"revenue", [](const RunResult& r) { return r.revenue; }, Better::Higher},
    {"cost", [](const RunResult& r) { return r.cost; }, Better::Lower},
    {"profit", [](const RunResult& r) { return r.profit; }, Better::Higher},
    {"roi", [](const RunResult& r) { return r.roi; }, Better::Higher},
    {"aov", [](const RunResult& r) { return r.aov; }, Better::Higher},
    {"nps", [](const RunResult& r) { return r.business.nps.score.estimate; }, Better::Higher},
    {"retention_rate", [](const RunResult& r) { return r.business.retention_rate; }, Better::Higher},
    {"cltv", [](const RunResult& r) { return r.business.cltv; }, Better::Higher},
    {"cost_per_acquisition", [](const RunResult& r) { return r.business.cost_per_acquisition; }, Better::Lower},
    {"mean_frustration", [](const RunResult& r) { return r.business.mean_frustration; }, Better::Lower},
    {"abandonments", [](const RunResult& r) { return static_cast<double>(r.abandonments); }, Better::Lower},
}};

// Whether metric is `family` itself or one of its per-persona / per-touchpoint members.
bool of_family(std::string_view metric, std::string_view family) {
  return metric.substr(0, metric.find(':')) == family;
}

}  // namespace

std::vector<Metric> extract_metrics(const RunResult& r) {
  std::vector<Metric> out;
  for (const RunMetric& m : kRunMetrics) out.push_back({m.name, m.get(r)});
  for (const PersonaRow& p : r.personas) {
    out.push_back({metric_for("conversion_rate", p.id), p.conversion_rate.estimate});
    out.push_back({metric_for("revenue", p.id), p.revenue});
  }
  for (const TouchpointRow& t : r.touchpoints) {
    if (t.servers == 0) continue;  // queue statistics mean nothing without a queue
    out.push_back({metric_for("mean_wait", t.id), t.mean_wait});
    out.push_back({metric_for("utilisation", t.id), t.utilisation});
    out.push_back({metric_for("reneges", t.id), static_cast<double>(t.reneges)});
  }
  return out;
}

std::vector<std::string> metric_names(const Scenario& s) {
  // An empty result shaped like the scenario's runs, so the names come from extract_metrics alone.
  RunResult shape;
  for (const Persona& p : s.personas) shape.personas.emplace_back().id = p.id;
  for (const Touchpoint& t : s.touchpoints) {
    TouchpointRow& row = shape.touchpoints.emplace_back();
    row.id = t.id;
    row.servers = t.servers;
  }
  std::vector<std::string> names;
  for (Metric& m : extract_metrics(shape)) names.push_back(std::move(m.name));
  return names;
}

std::string metric_for(std::string_view metric, std::string_view id) {
  return std::string(metric).append(":").append(id);
}

std::string_view metric_id(std::string_view name) {
  const auto colon = name.find(':');
  return colon == std::string_view::npos ? std::string_view{} : name.substr(colon + 1);
}

Better better_direction(std::string_view metric) {
  if (of_family(metric, "mean_wait") || of_family(metric, "reneges")) return Better::Lower;
  if (of_family(metric, "utilisation")) return Better::Neither;
  for (const RunMetric& m : kRunMetrics)
    if (metric == m.name) return m.better;
  return Better::Higher;
}

bool is_proportion(std::string_view metric) {
  return of_family(metric, "conversion_rate") || of_family(metric, "retention_rate") ||
         of_family(metric, "utilisation");
}

bool is_duration(std::string_view metric) { return of_family(metric, "mean_wait"); }

void require_metric(const std::string& option, const std::string& metric, const std::vector<std::string>& known) {
  if (std::find(known.begin(), known.end(), metric) != known.end()) return;
  throw ScenarioError(
      {Diagnostic{option, 0, 0, fmt::format("unknown metric '{}'; expected one of: {}", metric, fmt::join(known, ", "))}});
}

}  // namespace jsim
