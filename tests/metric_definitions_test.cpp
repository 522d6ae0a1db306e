// The metric definition table (experiment/metrics.hpp): a metric added as one definition shows up
// in every experiment output (JSON, CSV, HDF5, HTML) with its unit and direction, and the
// standard table's units and directions are what the reports rely on.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <numeric>

#include "experiment/comparison.hpp"
#include "experiment/metric_text.hpp"
#include "experiment/metrics.hpp"
#include "experiment/sweep.hpp"
#include "experiment/sweep_grid.hpp"
#include "model/error.hpp"
#include "output/experiment_writers.hpp"
#include "h5_fields.hpp"
#include "scenario_builders.hpp"
#include "test_files.hpp"

namespace jsim {
namespace {

double total_visits(const RunResult& r, Index) {
  return std::accumulate(r.touchpoints.begin(), r.touchpoints.end(), 0.0,
                         [](double sum, const TouchpointRow& t) { return sum + static_cast<double>(t.visits); });
}

double visits_at(const RunResult& r, Index t) { return static_cast<double>(r.touchpoints[t].visits); }

// Adds two metrics for the test's lifetime: one of the run, one of every touchpoint.
struct AddedMetrics {
  MetricFamily run = add_metric_definition({"visits", MetricScope::Run, MetricUnit::Count, Better::Lower,
                                            "touchpoint visits, all journeys", total_visits});
  MetricFamily per_touchpoint = add_metric_definition(
      {"touchpoint_visits", MetricScope::Touchpoint, MetricUnit::Count, Better::Neither, "visits here", visits_at});
  ~AddedMetrics() {
    remove_metric_definition(per_touchpoint);
    remove_metric_definition(run);
  }
};

RunPlan small_plan(ScenarioPtr s) {
  RunPlan plan = default_plan(std::move(s));
  plan.population = 800;
  plan.threads = 2;
  return plan;
}

TEST(MetricDefinitions, AnAddedMetricIsComputedNamedAndTyped) {
  const AddedMetrics added;
  const auto s = testing::random_graph(3, 6, 2);
  const std::vector<std::string> names = metric_names(*s);
  ASSERT_NE(std::find(names.begin(), names.end(), "visits"), names.end());
  // Run metrics come first, then personas', then touchpoints': the new run metric precedes them.
  EXPECT_LT(std::find(names.begin(), names.end(), "visits") - names.begin(),
            std::find(names.begin(), names.end(), "conversion_rate:" + s->personas[0].id) - names.begin());
  for (const Touchpoint& t : s->touchpoints)
    EXPECT_NE(std::find(names.begin(), names.end(), metric_for("touchpoint_visits", t.id)), names.end()) << t.id;

  const RunResult r = simulate(small_plan(s));
  const std::vector<Metric> metrics = extract_metrics(r);
  const auto visits = std::find_if(metrics.begin(), metrics.end(), [](const Metric& m) { return m.name == "visits"; });
  ASSERT_NE(visits, metrics.end());
  EXPECT_EQ(visits->key.family, added.run);
  EXPECT_EQ(visits->value, total_visits(r, kNoIndex));
  EXPECT_GT(visits->value, 0.0);
  EXPECT_EQ(metric_name({added.per_touchpoint, 2}, *s), "touchpoint_visits:" + s->touchpoints[2].id);
  EXPECT_EQ(better_direction("visits"), Better::Lower);
  EXPECT_EQ(unit_of("touchpoint_visits:" + s->touchpoints[0].id), MetricUnit::Count);
}

TEST(MetricDefinitions, AnAddedMetricAppearsInEveryExperimentOutput) {
  const AddedMetrics added;
  const auto s = testing::random_graph(5, 6, 2);
  auto whatif = std::make_shared<Scenario>(*s);
  whatif->design.integration = 1.0;
  const ComparisonReport report = run_comparison({small_plan(s), {whatif}, 3});
  const auto dir = testing::fresh_dir("added_metric_compare");
  write_comparison(report, dir);

  const nlohmann::json j = nlohmann::json::parse(testing::slurp(dir / "compare.json"));
  bool in_json = false;
  for (const nlohmann::json& m : j["comparisons"][0]["metrics"]) in_json = in_json || m["metric"] == "visits";
  EXPECT_TRUE(in_json);
  EXPECT_EQ(j["metric_definitions"]["visits"]["unit"], "count");
  EXPECT_EQ(j["metric_definitions"]["visits"]["better"], "lower");
  EXPECT_EQ(j["metric_definitions"]["visits"]["meaning"], "touchpoint visits, all journeys");
  EXPECT_GT(testing::occurrences(testing::slurp(dir / "compare.csv"), ",visits,"), 0u);
  EXPECT_GT(testing::occurrences(testing::slurp(dir / "replications.csv"), "visits"), 0u);
  EXPECT_GT(testing::occurrences(testing::slurp(dir / "compare.html"), "visits"), 0u);

  SweepPlan plan;
  plan.axes = parse_axes({"design.integration=0,1"});
  plan.replications = 2;
  plan.population = 600;
  plan.threads = 2;
  plan.best = "visits";  // a direction from the definition: the fewest visits is best
  const Sweep sweep = run_sweep(plan, [&](const std::vector<Override>& o) {
    auto v = std::make_shared<Scenario>(*s);
    v->design.integration = std::stod(o.at(0).value);
    return ScenarioPtr(v);
  });
  const auto sweep_dir = testing::fresh_dir("added_metric_sweep");
  write_sweep(sweep, sweep_dir);
  const std::vector<double> visits = testing::read_field<double>(sweep_dir / "sweep.h5", "points", "visits");
  ASSERT_EQ(visits.size(), 2u);
  EXPECT_EQ(sweep.best->index, visits[0] <= visits[1] ? 0u : 1u);
  EXPECT_GT(testing::occurrences(testing::slurp(sweep_dir / "sweep.csv"), "visits_low"), 0u);
  const nlohmann::json sj = nlohmann::json::parse(testing::slurp(sweep_dir / "sweep.json"));
  EXPECT_TRUE(sj["points"][0]["metrics"].contains("visits"));
  EXPECT_TRUE(sj["points"][0]["metrics"].contains("touchpoint_visits:" + s->touchpoints[0].id));
  EXPECT_EQ(sj["metric_definitions"]["visits"]["unit"], "count");
  EXPECT_GT(testing::occurrences(testing::slurp(sweep_dir / "sweep.html"), "visits"), 0u);
  std::filesystem::remove_all(dir);
  std::filesystem::remove_all(sweep_dir);
}

TEST(MetricDefinitions, EveryStandardMetricHasAUnitADirectionAndAMeaning) {
  for (const MetricDefinition& d : metric_definitions()) {
    EXPECT_FALSE(d.meaning.empty()) << d.family;
    EXPECT_NE(d.value, nullptr) << d.family;
  }
  EXPECT_EQ(definition(MetricFamily::Reneges).family, "reneges");
  EXPECT_EQ(definition(MetricFamily::PersonaConversionRate).scope, MetricScope::Persona);
  EXPECT_EQ(unit_of("conversion_rate"), MetricUnit::Proportion);
  EXPECT_EQ(unit_of("mean_wait:call_centre"), MetricUnit::Seconds);
  EXPECT_EQ(unit_of("no_such_metric"), MetricUnit::Ratio);
  EXPECT_EQ(definition_of("mean_wait"), nullptr) << "a touchpoint metric needs its id";
  EXPECT_THROW(remove_metric_definition(MetricFamily::Reneges), Error);
  // The unit decides how a value reads.
  EXPECT_EQ(format_value("utilisation:desk", 0.5), "50.00%");
  EXPECT_EQ(format_value("mean_wait:desk", 9.5), "9.5 s");
}

TEST(MetricDefinitions, TheExperimentsGuideListsEveryDefinition) {
  const std::string doc = testing::slurp(std::string(JSIM_SOURCE_DIR) + "/docs/experiments.md");
  const std::string table = doc.substr(doc.find("## Metrics"), doc.find("## Replications") - doc.find("## Metrics"));
  for (const MetricDefinition& d : metric_definitions()) {
    const char* suffix = d.scope == MetricScope::Persona ? ":<persona>" : d.scope == MetricScope::Touchpoint ? ":<touchpoint>" : "";
    EXPECT_NE(table.find("`" + std::string(d.family) + suffix + "`"), std::string::npos) << d.family << suffix;
  }
}

}  // namespace
}  // namespace jsim
