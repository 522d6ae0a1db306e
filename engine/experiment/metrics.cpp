#include "experiment/metrics.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cassert>
#include <deque>

#include "model/error.hpp"

namespace jsim {
namespace {

using S = MetricScope;
using U = MetricUnit;
using B = Better;

double count(std::uint64_t n) { return static_cast<double>(n); }
bool has_queue(const TouchpointRow& t) { return t.servers > 0; }

// How many definitions the table starts with: MetricFamily's named values.
constexpr std::size_t kStandardMetrics = static_cast<std::size_t>(MetricFamily::Reneges) + 1;

// The table: run metrics in report order, then persona and touchpoint metrics; the first entries
// in MetricFamily's order.
std::deque<MetricDefinition>& table() {
  static std::deque<MetricDefinition> t{
      {"conversion_rate", S::Run, U::Proportion, B::Higher, "journeys with a purchase / journeys",
       [](const RunResult& r, Index) { return r.conversion_rate.estimate; }},
      {"conversions", S::Run, U::Count, B::Higher, "journeys with a purchase",
       [](const RunResult& r, Index) { return count(r.conversions); }},
      {"revenue", S::Run, U::Currency, B::Higher, "order value of every purchase",
       [](const RunResult& r, Index) { return r.revenue; }},
      {"cost", S::Run, U::Currency, B::Lower, "cost of visits, fixed costs and staff",
       [](const RunResult& r, Index) { return r.cost; }},
      {"profit", S::Run, U::Currency, B::Higher, "revenue - cost", [](const RunResult& r, Index) { return r.profit; }},
      {"roi", S::Run, U::Ratio, B::Higher, "profit / cost", [](const RunResult& r, Index) { return r.roi; }},
      {"aov", S::Run, U::Currency, B::Higher, "average order value", [](const RunResult& r, Index) { return r.aov; }},
      {"nps", S::Run, U::Points, B::Higher, "net promoter score",
       [](const RunResult& r, Index) { return r.business.nps.score.estimate; }},
      {"retention_rate", S::Run, U::Proportion, B::Higher, "customers who come back for another journey",
       [](const RunResult& r, Index) { return r.business.retention_rate; }},
      {"cltv", S::Run, U::Currency, B::Higher, "customer lifetime value",
       [](const RunResult& r, Index) { return r.business.cltv; }},
      {"cost_per_acquisition", S::Run, U::Currency, B::Lower, "cost / converted customers",
       [](const RunResult& r, Index) { return r.business.cost_per_acquisition; }},
      {"mean_frustration", S::Run, U::Effort, B::Lower, "effort at the end of a journey, on average",
       [](const RunResult& r, Index) { return r.business.mean_frustration; }},
      {"abandonments", S::Run, U::Count, B::Lower, "journeys that ended in abandonment",
       [](const RunResult& r, Index) { return count(r.abandonments); }},
      {"conversion_rate", S::Persona, U::Proportion, B::Higher, "the persona's journeys with a purchase / its journeys",
       [](const RunResult& r, Index p) { return r.personas[p].conversion_rate.estimate; }},
      {"revenue", S::Persona, U::Currency, B::Higher, "the persona's order value",
       [](const RunResult& r, Index p) { return r.personas[p].revenue; }},
      {"mean_wait", S::Touchpoint, U::Seconds, B::Lower, "wait in the touchpoint's queue, on average",
       [](const RunResult& r, Index t) { return r.touchpoints[t].mean_wait; }, has_queue},
      {"utilisation", S::Touchpoint, U::Proportion, B::Neither, "busy server time / open server time",
       [](const RunResult& r, Index t) { return r.touchpoints[t].utilisation; }, has_queue},
      {"reneges", S::Touchpoint, U::Count, B::Lower, "customers who left the queue out of patience",
       [](const RunResult& r, Index t) { return count(r.touchpoints[t].reneges); }, has_queue},
  };
  // Checked once, when the table is made: definitions added later (add_metric_definition) follow.
  [[maybe_unused]] static const bool standard = [] {
    assert(t.size() == kStandardMetrics);
    return true;
  }();
  return t;
}

std::string name_of(const MetricDefinition& d, std::string_view id) {
  return d.scope == S::Run ? std::string(d.family) : metric_for(d.family, id);
}

MetricFamily family_at(std::size_t i) { return static_cast<MetricFamily>(i); }

}  // namespace

const std::deque<MetricDefinition>& metric_definitions() { return table(); }

const MetricDefinition& definition(MetricFamily family) { return table().at(static_cast<std::size_t>(family)); }

MetricFamily add_metric_definition(const MetricDefinition& d) {
  if (d.value == nullptr) throw Error(fmt::format("metric '{}' has no way to compute it", d.family));
  table().push_back(d);
  return family_at(table().size() - 1);
}

void remove_metric_definition(MetricFamily family) {
  const auto i = static_cast<std::size_t>(family);
  if (i + 1 != table().size() || i < kStandardMetrics)
    throw Error(fmt::format("metric definition {} is not the last one added", i));
  table().pop_back();
}

std::vector<Metric> extract_metrics(const RunResult& r) {
  std::vector<Metric> out;
  const std::deque<MetricDefinition>& t = table();
  for (std::size_t i = 0; i < t.size(); ++i) {
    const MetricDefinition& d = t[i];
    switch (d.scope) {
      case S::Run:
        out.push_back({name_of(d, {}), d.value(r, kNoIndex), {family_at(i), kNoIndex}});
        break;
      case S::Persona:
        for (Index p = 0; p < r.personas.size(); ++p)
          out.push_back({name_of(d, r.personas[p].id), d.value(r, p), {family_at(i), p}});
        break;
      case S::Touchpoint:
        for (Index k = 0; k < r.touchpoints.size(); ++k)
          if (d.applies == nullptr || d.applies(r.touchpoints[k]))
            out.push_back({name_of(d, r.touchpoints[k].id), d.value(r, k), {family_at(i), k}});
        break;
    }
  }
  // Report order: run metrics, then per persona, then per touchpoint (stable within each).
  std::stable_sort(out.begin(), out.end(), [&](const Metric& a, const Metric& b) {
    const auto scope = [&](const Metric& m) { return definition(m.key.family).scope; };
    if (scope(a) != scope(b)) return scope(a) < scope(b);
    if (scope(a) == S::Run) return false;
    return a.key.of < b.key.of;
  });
  return out;
}

std::string metric_name(const MetricKey& key, const Scenario& s) {
  const MetricDefinition& d = definition(key.family);
  switch (d.scope) {
    case S::Run: return name_of(d, {});
    case S::Persona: return name_of(d, s.personas.at(key.of).id);
    case S::Touchpoint: return name_of(d, s.touchpoints.at(key.of).id);
  }
  return name_of(d, {});
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

const MetricDefinition* definition_of(std::string_view name) {
  const auto colon = name.find(':');
  const std::string_view family = name.substr(0, colon);
  for (const MetricDefinition& d : table())
    if (d.family == family && (d.scope == S::Run) == (colon == std::string_view::npos)) return &d;
  return nullptr;
}

std::string metric_for(std::string_view family, std::string_view id) {
  return std::string(family).append(":").append(id);
}

std::string_view metric_id(std::string_view name) {
  const auto colon = name.find(':');
  return colon == std::string_view::npos ? std::string_view{} : name.substr(colon + 1);
}

Better better_direction(std::string_view metric) {
  const MetricDefinition* d = definition_of(metric);
  return d ? d->better : Better::Neither;
}

MetricUnit unit_of(std::string_view metric) {
  const MetricDefinition* d = definition_of(metric);
  return d ? d->unit : MetricUnit::Ratio;
}

std::string_view unit_name(MetricUnit u) {
  switch (u) {
    case U::Proportion: return "proportion";
    case U::Count: return "count";
    case U::Currency: return "currency";
    case U::Ratio: return "ratio";
    case U::Points: return "points";
    case U::Seconds: return "seconds";
    case U::Effort: return "effort";
  }
  return "ratio";
}

std::string_view better_name(Better b) {
  switch (b) {
    case B::Higher: return "higher";
    case B::Lower: return "lower";
    case B::Neither: return "neither";
  }
  return "neither";
}

void require_metric(const std::string& option, const std::string& metric, const std::vector<std::string>& known) {
  if (std::find(known.begin(), known.end(), metric) != known.end()) return;
  throw ScenarioError(
      {Diagnostic{option, 0, 0, fmt::format("unknown metric '{}'; expected one of: {}", metric, fmt::join(known, ", "))}});
}

}  // namespace jsim
