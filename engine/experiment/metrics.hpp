#pragma once
// The scalar metrics experiments compare, defined in one table (metrics.cpp): each definition
// gives a metric's family name, what it is of (the run, a persona, a touchpoint), its unit, which
// way is better and how to compute it from a RunResult. Experiments, writers and the CLI ask the
// table; adding a metric is one definition and the code that computes it.
//
// A metric of a run is named after its family ("revenue"); one of a persona or touchpoint adds
// the id ("conversion_rate:digital_native", "mean_wait:call_centre"). Names identify a metric
// across designs (a what-if may add a persona); a MetricKey identifies it within one run.
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "model/scenario.hpp"
#include "sim/run_result.hpp"

namespace jsim {

enum class MetricScope : std::uint8_t { Run, Persona, Touchpoint };

// The unit decides how a value reads (experiment/metric_text.hpp) and is written beside it.
enum class MetricUnit : std::uint8_t {
  Proportion,  // in [0, 1]: shown in percent, differences in percentage points
  Count,       // customers, journeys, events
  Currency,    // the scenario's money
  Ratio,       // a plain number (ROI)
  Points,      // NPS points, in [-100, 100]
  Seconds,     // durations: shown as "9.5 s", "2.8 min"
  Effort,      // the effort model's frustration units (docs/model.md)
};

// Which way is an improvement. Utilisation has none: busier staff is cheaper but waits longer.
enum class Better : std::uint8_t { Higher, Lower, Neither };

// Which definition: the standard ones by name; add_metric_definition() hands out further values.
enum class MetricFamily : std::uint16_t {
  ConversionRate, Conversions, Revenue, Cost, Profit, Roi, Aov, Nps, RetentionRate, Cltv,
  CostPerAcquisition, MeanFrustration, Abandonments,
  PersonaConversionRate, PersonaRevenue,
  MeanWait, Utilisation, Reneges,
};

struct MetricDefinition {
  std::string_view family;  // the name, or its part before ':'
  MetricScope scope = MetricScope::Run;
  MetricUnit unit = MetricUnit::Count;
  Better better = Better::Higher;
  std::string_view meaning;  // one line, for docs and listings
  // The value for the run (of = kNoIndex), or persona / touchpoint `of` (index into the result's rows).
  double (*value)(const RunResult&, Index of) = nullptr;
  // Whether a touchpoint has this metric at all (queue metrics need a queue); nullptr: every one.
  bool (*applies)(const TouchpointRow&) = nullptr;
};

// Every definition, the standard ones first, indexed by MetricFamily. A deque: references stay
// valid when a definition is added.
[[nodiscard]] const std::deque<MetricDefinition>& metric_definitions();
[[nodiscard]] const MetricDefinition& definition(MetricFamily family);

// Appends a definition and returns its family: a new metric then appears in every experiment's
// outputs. Call before any run starts (the table is read without locks while runs go on).
MetricFamily add_metric_definition(const MetricDefinition& d);
// Removes the definition add_metric_definition added last (a test's own metric); throws
// jsim::Error for any other family, so the standard table cannot shrink.
void remove_metric_definition(MetricFamily family);

// Which metric of one run: a family, and for a persona or touchpoint metric, whose.
struct MetricKey {
  MetricFamily family = MetricFamily::ConversionRate;
  Index of = kNoIndex;
  friend auto operator<=>(const MetricKey&, const MetricKey&) = default;
};

struct Metric {
  std::string name;
  double value = 0.0;
  MetricKey key;
};

// Every metric of the run, in table order; persona and touchpoint metrics in scenario order.
[[nodiscard]] std::vector<Metric> extract_metrics(const RunResult& r);

// The name of a metric of a run of this scenario: ({Revenue}) is "revenue",
// ({PersonaConversionRate, 1}) "conversion_rate:" and the id of persona 1.
[[nodiscard]] std::string metric_name(const MetricKey& key, const Scenario& s);

// The names extract_metrics gives for any run of this scenario, in the same order; lets a
// command check a metric named on the command line before spending time on runs.
[[nodiscard]] std::vector<std::string> metric_names(const Scenario& s);

// The definition a metric name belongs to (by family and whether it names an id), or nullptr for
// a name no definition gives (a file written by another version).
[[nodiscard]] const MetricDefinition* definition_of(std::string_view name);

// The name of a persona or touchpoint metric: metric_for("conversion_rate", "digital_native") is
// "conversion_rate:digital_native".
[[nodiscard]] std::string metric_for(std::string_view family, std::string_view id);
// The id part of a persona or touchpoint metric's name ("digital_native"); empty for a run metric.
[[nodiscard]] std::string_view metric_id(std::string_view name);

// Throws ScenarioError naming `option` (the command-line option that named it, e.g. "--maximize")
// and listing `known` unless `metric` is one of them: a command checks before any run.
void require_metric(const std::string& option, const std::string& metric, const std::vector<std::string>& known);

// Which way is better for the metric named; Neither for a name no definition gives.
[[nodiscard]] Better better_direction(std::string_view metric);
// The unit of the metric named; Ratio (a plain number) for a name no definition gives.
[[nodiscard]] MetricUnit unit_of(std::string_view metric);

// The words writers put beside a value: "proportion", "seconds", ...; "higher", "lower", "neither".
[[nodiscard]] std::string_view unit_name(MetricUnit u);
[[nodiscard]] std::string_view better_name(Better b);

}  // namespace jsim
