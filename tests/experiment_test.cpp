// Experiments: metrics, the replication interval, paired comparisons under common random numbers,
// sweep grids and sweeps, friction ranking. Scenarios are built in code (scenario_builders.hpp)
// with small populations and few replications.
#include <nlohmann/json.hpp>
#include <gtest/gtest.h>
#include <fmt/format.h>

#include <cmath>
#include <cstdio>
#include <string>

#include "experiment/comparison.hpp"
#include "experiment/friction_ranking.hpp"
#include "experiment/mean_interval.hpp"
#include "experiment/metrics.hpp"
#include "experiment/replication.hpp"
#include "experiment/sweep.hpp"
#include "experiment/sweep_grid.hpp"
#include "model/error.hpp"
#include "model/validation.hpp"
#include "output/experiment_writers.hpp"
#include "scenario_builders.hpp"
#include "test_files.hpp"

namespace jsim {
namespace {

RunPlan small_plan(ScenarioPtr s, std::uint64_t population = 3000) {
  RunPlan plan = default_plan(std::move(s));
  plan.population = population;
  plan.threads = 2;
  return plan;
}

double width(const Interval& i) { return i.high - i.low; }

// The message of the ScenarioError that f throws ("" if it throws none).
template <class F>
std::string scenario_error(F f) {
  try {
    f();
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "";
}

// ---- metrics ----------------------------------------------------------------------------------

TEST(Metrics, NamesForAScenarioAreThoseOfItsRuns) {
  auto s = testing::random_graph(3, 8, 2);
  s->horizon_days = 2;
  s->arrivals.hourly.fill(1.0);
  s->arrivals.weekly.fill(1.0);
  s->touchpoints[2].servers = 2;
  s->touchpoints[2].service = Distribution::exponential(60);
  const std::vector<Metric> run = extract_metrics(simulate(small_plan(s, 2000)));
  const std::vector<std::string> names = metric_names(*s);
  ASSERT_EQ(run.size(), names.size());
  for (std::size_t i = 0; i < names.size(); ++i) EXPECT_EQ(run[i].name, names[i]);
  for (const char* expected :
       {"conversion_rate", "conversions", "revenue", "cost", "profit", "roi", "aov", "nps", "retention_rate", "cltv",
        "cost_per_acquisition", "mean_frustration", "abandonments", "conversion_rate:persona0", "revenue:persona1",
        "mean_wait:tp2", "utilisation:tp2", "reneges:tp2"})
    EXPECT_NE(std::find(names.begin(), names.end(), expected), names.end()) << expected;
  EXPECT_EQ(names.size(), 13u + 2 * 2 + 3);
}

TEST(Metrics, DirectionAndUnits) {
  for (const char* lower :
       {"cost", "cost_per_acquisition", "mean_wait:call_centre", "reneges:x", "abandonments", "mean_frustration"})
    EXPECT_EQ(better_direction(lower), Better::Lower) << lower;
  EXPECT_EQ(better_direction("utilisation:x"), Better::Neither);
  for (const char* higher : {"profit", "conversion_rate", "revenue:p", "nps"})
    EXPECT_EQ(better_direction(higher), Better::Higher) << higher;
  EXPECT_EQ(unit_of("conversion_rate:p"), MetricUnit::Proportion);
  EXPECT_EQ(unit_of("utilisation:call_centre"), MetricUnit::Proportion);
  EXPECT_EQ(unit_of("revenue"), MetricUnit::Currency);
  EXPECT_EQ(metric_for("revenue", "p"), "revenue:p");
  EXPECT_EQ(metric_id("revenue:p"), "p");
  EXPECT_EQ(metric_id("revenue"), "");
}

// ---- statistics -------------------------------------------------------------------------------

TEST(MeanInterval, StudentTWithNMinusOneDegreesOfFreedom) {
  const std::vector<double> x = {1, 2, 3, 4, 5};
  const Interval i = mean_interval(x);
  // sd = sqrt(2.5), se = sqrt(0.5), t(0.975, 4) = 2.776445
  EXPECT_DOUBLE_EQ(i.estimate, 3.0);
  EXPECT_NEAR(i.high - 3.0, 2.776445 * std::sqrt(0.5), 1e-5);
  EXPECT_NEAR(3.0 - i.low, 2.776445 * std::sqrt(0.5), 1e-5);
  const std::vector<double> one = {7.5};
  const Interval p = mean_interval(one);  // one sample: an estimate, but no spread and no interval
  EXPECT_EQ(p.estimate, 7.5);
  EXPECT_TRUE(std::isnan(p.low));
  EXPECT_TRUE(std::isnan(p.high));
  EXPECT_FALSE(excludes_zero(p));
  const std::vector<double> with_nan = {1, NAN};
  EXPECT_TRUE(std::isnan(mean_interval(with_nan).estimate));
  EXPECT_TRUE(excludes_zero({1, 0.5, 1.5}));
  EXPECT_FALSE(excludes_zero({1, -0.5, 1.5}));
}

TEST(MetricSamples, KeepsOneValuePerReplicationEvenWhenAMetricIsMissing) {
  MetricSamples s;
  s.add({{"a", 1}, {"b", 2}});
  s.add({{"a", 3}, {"c", 4}});
  ASSERT_EQ(s.replications, 2u);
  EXPECT_EQ(*s.find("a"), (std::vector<double>{1, 3}));
  EXPECT_TRUE(std::isnan((*s.find("b"))[1]));
  EXPECT_TRUE(std::isnan((*s.find("c"))[0]));
  EXPECT_EQ((*s.find("c"))[1], 4);
  EXPECT_EQ(s.find("d"), nullptr);
}

TEST(Replications, SeedsAreConsecutiveAndReplicationZeroIsThePlainRun) {
  const RunPlan plan = small_plan(testing::random_graph(4, 8, 2), 1000);
  const Replications reps = replicate(plan, 3);
  EXPECT_EQ(reps.first.seed, plan.seed);
  ASSERT_EQ(reps.samples.replications, 3u);
  for (std::uint32_t r = 0; r < 3; ++r) {
    RunPlan p = plan;
    p.seed = replication_seed(plan.seed, r);
    EXPECT_EQ((*reps.samples.find("conversions"))[r], static_cast<double>(simulate(p).conversions)) << r;
  }
}

// ---- paired comparison ------------------------------------------------------------------------

TEST(Comparison, PairsReplicationByReplication) {
  MetricSamples base, whatif;
  for (double x : {1.0, 2.0, 3.0}) base.add({{"m", x}, {"gone", 1}});
  for (double x : {2.0, 3.1, 4.2}) whatif.add({{"m", x}});
  const Comparison c = compare(base, whatif);
  ASSERT_EQ(c.metrics.size(), 1u);  // "gone" is not in the what-if
  const MetricComparison& m = c.metrics[0];
  EXPECT_NEAR(m.difference.estimate, 1.1, 1e-12);
  // sd of the differences 1, 1.1, 1.2 is 0.1; t(0.975, 2) = 4.302653
  EXPECT_NEAR(m.difference.high - m.difference.estimate, 4.302653 * 0.1 / std::sqrt(3.0), 1e-6);
  EXPECT_TRUE(m.distinguishable);
  MetricSamples shorter;
  shorter.add({{"m", 1}});
  EXPECT_THROW((void)compare(base, shorter), Error);
}

TEST(Comparison, AScenarioAgainstItselfDiffersByExactlyZero) {
  auto s = testing::random_graph(7, 10, 3);
  s->design.integration = 0.5;
  const ComparisonReport report = run_comparison({small_plan(s), {std::make_shared<Scenario>(*s)}, 4});
  ASSERT_EQ(report.comparisons.size(), 1u);
  const Comparison& c = report.comparisons[0];
  EXPECT_EQ(c.metrics.size(), metric_names(*s).size());
  for (const MetricComparison& m : c.metrics) {
    EXPECT_TRUE(identical(m)) << m.name;
    EXPECT_FALSE(m.distinguishable) << m.name;
  }
}

std::shared_ptr<Scenario> channels_apart() {
  auto s = testing::random_graph(21, 12, 3);
  s->design.frustration_weight = 0.5;
  s->design.integration = 0.0;
  return s;
}

TEST(Comparison, IntegratingChannelsRaisesConversion) {
  const auto apart = channels_apart();
  auto unified = std::make_shared<Scenario>(*apart);
  unified->design.integration = 1.0;
  const ComparisonReport report = run_comparison({small_plan(apart), {unified}, 5});
  const Comparison& c = report.comparisons[0];
  const MetricComparison* rate = c.find("conversion_rate");
  ASSERT_NE(rate, nullptr);
  EXPECT_TRUE(rate->distinguishable);
  EXPECT_GT(rate->difference.low, 0.0);
  EXPECT_LT(c.find("mean_frustration")->difference.high, 0.0);
  EXPECT_NEAR(rate->difference.estimate, rate->whatif.estimate - rate->base.estimate, 1e-12);
}

// Common random numbers: the paired difference of the same two designs has a much narrower
// interval than with independent seeds, because both designs see the same customers and only
// those whose path the change alters contribute to the difference. The change here is small
// (10% less friction at the main entry point), the usual question and where CRN helps most.
TEST(Comparison, CommonRandomNumbersNarrowTheIntervalAtLeastThreefold) {
  auto base = testing::random_graph(9, 12, 3);
  auto lower = std::make_shared<Scenario>(*base);
  lower->touchpoints[0].friction = base->touchpoints[0].friction * 0.9;
  ComparisonPlan plan{small_plan(base, 4000), {lower}, 8};
  const ComparisonReport crn = run_comparison(plan);
  plan.pairing = Pairing::Independent;
  const ComparisonReport independent = run_comparison(plan);
  for (const char* metric : {"conversion_rate", "revenue"}) {
    const double w_crn = width(crn.comparisons[0].find(metric)->difference);
    const double w_ind = width(independent.comparisons[0].find(metric)->difference);
    std::printf("  %s 95%% interval width of the difference: CRN %.6g, independent %.6g (%.1fx)\n", metric, w_crn,
                w_ind, w_ind / w_crn);
    EXPECT_GT(w_ind, 3 * w_crn) << metric;
    // docs/experiments.md quotes this run (deterministic: same seeds, same numbers): its table row
    // must be what the run gives, so the doc cannot drift from the test it cites.
    const bool rate = std::string(metric) == "conversion_rate";
    const std::string row = rate ? fmt::format("| conversion rate | {:.2f} pts | {:.2f} pts | {:.1f}× |", 100 * w_crn,
                                               100 * w_ind, w_ind / w_crn)
                                 : fmt::format("| revenue | {:.0f} | {:.0f} | {:.1f}× |", w_crn, w_ind, w_ind / w_crn);
    EXPECT_NE(testing::slurp(std::string(JSIM_SOURCE_DIR) + "/docs/experiments.md").find(row), std::string::npos)
        << "docs/experiments.md should quote: " << row;
    EXPECT_TRUE(crn.comparisons[0].find(metric)->distinguishable) << metric;
  }
  // Same designs, so the base means agree exactly and the what-if means differ only by seed.
  EXPECT_EQ(crn.comparisons[0].find("conversion_rate")->base.estimate,
            independent.comparisons[0].find("conversion_rate")->base.estimate);
}

TEST(Comparison, TableHasOneRowPerWhatIfAndMetric) {
  auto s = testing::random_graph(7, 6, 2);
  ComparisonReport report = run_comparison({small_plan(s, 500), {s, s}, 2});
  const Table t = comparison_table(report);
  EXPECT_EQ(t.rows, 2 * metric_names(*s).size());
  std::vector<std::string> columns;
  for (const Column& c : t.columns) columns.push_back(c.name);
  EXPECT_EQ(columns, (std::vector<std::string>{"what_if_label", "metric", "base", "base_low", "base_high", "what_if",
                                               "what_if_low", "what_if_high", "difference", "difference_low",
                                               "difference_high", "distinguishable", "identical"}));
}

// ---- sweep grid -------------------------------------------------------------------------------

TEST(SweepGrid, ListsKeepTheTextAsWritten) {
  const SweepAxis a = parse_axis("design.integration=0, 0.25,0.5,0.75,1");
  EXPECT_EQ(a.path, "design.integration");
  EXPECT_EQ(a.values, (std::vector<std::string>{"0", "0.25", "0.5", "0.75", "1"}));
  EXPECT_EQ(parse_axis("personas.p.entry=web").values, (std::vector<std::string>{"web"}));
}

TEST(SweepGrid, RangesIncludeTheEndAndKeepIntegersIntegral) {
  EXPECT_EQ(parse_axis("touchpoints.call_centre.servers=8..20:4").values,
            (std::vector<std::string>{"8", "12", "16", "20"}));
  EXPECT_EQ(parse_axis("x=8..19:4").values, (std::vector<std::string>{"8", "12", "16"}));
  EXPECT_EQ(parse_axis("x=0..1:0.25").values, (std::vector<std::string>{"0", "0.25", "0.5", "0.75", "1"}));
  const std::vector<std::string> tenths = parse_axis("x=0..1:0.1").values;
  ASSERT_EQ(tenths.size(), 11u);  // 1 is reached although 1/0.1 is not exactly 10 in floating point
  EXPECT_EQ(tenths[3], "0.3");
  EXPECT_EQ(tenths[10], "1");
  EXPECT_EQ(parse_axis("x=-1..1:1").values, (std::vector<std::string>{"-1", "0", "1"}));
  EXPECT_EQ(parse_axis("x=5..5:1").values, (std::vector<std::string>{"5"}));
}

TEST(SweepGrid, SyntaxErrorsNameTheArgumentAndWhatWasExpected) {
  const auto error = [](const std::string& spec) { return scenario_error([&] { (void)parse_axis(spec); }); };
  EXPECT_NE(error("design.integration").find("--set design.integration: expected PATH="), std::string::npos)
      << error("design.integration");
  EXPECT_NE(error("=1,2").find("expected a path"), std::string::npos);
  EXPECT_NE(error("x=").find("no values"), std::string::npos);
  EXPECT_NE(error("x=1,,2").find("empty value"), std::string::npos);
  EXPECT_NE(error("x=1..").find("a..b:step"), std::string::npos);
  EXPECT_NE(error("x=a..5:1").find("with numbers"), std::string::npos);
  EXPECT_NE(error("x=0..1:z").find("not a number"), std::string::npos);
  EXPECT_NE(error("x=0..1:0").find("step must be > 0"), std::string::npos);
  EXPECT_NE(error("x=0..1:-0.5").find("step must be > 0"), std::string::npos);
  EXPECT_NE(error("x=5..1:1").find("below the start"), std::string::npos);
  EXPECT_NE(error("x=0..1e9:1").find("at most"), std::string::npos);
  EXPECT_NE(scenario_error([] { (void)parse_axes({"x=1,2", "x=3"}); }).find("already swept"), std::string::npos);
  // A single setting takes its value verbatim, commas and all: the one grammar of every command.
  EXPECT_EQ(parse_settings({"x=1,2"})[0].value, "1,2");
  EXPECT_EQ(parse_settings({"design.integration=0.5"})[0].value, "0.5");
}

TEST(SweepGrid, CartesianProductFirstAxisSlowest) {
  const auto points = grid_points(parse_axes({"a=1,2", "b=x,y,z"}));
  ASSERT_EQ(points.size(), 6u);
  EXPECT_EQ(points[0][0].value + points[0][1].value, "1x");
  EXPECT_EQ(points[1][0].value + points[1][1].value, "1y");
  EXPECT_EQ(points[3][0].value + points[3][1].value, "2x");
  EXPECT_EQ(points[5][1].path, "b");
  EXPECT_EQ(grid_points({}).size(), 1u);
}

// ---- sweep ------------------------------------------------------------------------------------

// The grid's scenarios built in code: design.integration and the entry touchpoint's friction.
ScenarioForSettings knobs_on(const ScenarioPtr& base) {
  return [base](const std::vector<Override>& settings) {
    auto s = std::make_shared<Scenario>(*base);
    for (const Override& o : settings) {
      if (o.path == "design.integration")
        s->design.integration = std::stod(o.value);
      else if (o.path == "touchpoints.tp0.friction")
        s->touchpoints[0].friction = std::stod(o.value);
      else
        throw ScenarioError({Diagnostic{"--set " + o.path, 0, 0, "unknown path"}});
    }
    return ScenarioPtr(s);
  };
}

TEST(Sweep, OneRowPerGridPointAndReproducible) {
  const ScenarioPtr base = channels_apart();
  SweepPlan plan;
  plan.axes = parse_axes({"design.integration=0,1", "touchpoints.tp0.friction=0..0.2:0.1"});
  plan.replications = 2;
  plan.population = 1500;
  plan.threads = 2;
  const Sweep a = run_sweep(plan, knobs_on(base));
  ASSERT_EQ(a.points.size(), 6u);
  const Table t = sweep_table(a);
  EXPECT_EQ(t.rows, 6u);
  EXPECT_EQ(t.columns[0].name, "point");
  EXPECT_EQ(t.columns[1].name, "design.integration");
  EXPECT_EQ(t.columns[2].name, "touchpoints.tp0.friction");
  EXPECT_EQ(std::get<std::vector<double>>(t.columns[2].values), (std::vector<double>{0, 0.1, 0.2, 0, 0.1, 0.2}));
  EXPECT_EQ(t.columns.size(), 3 + 3 * a.metrics.size());
  const Sweep b = run_sweep(plan, knobs_on(base));
  EXPECT_EQ(sweep_json(a).dump(), sweep_json(b).dump());
  // Every point shares the seeds: replication r of every point used seed S + r.
  EXPECT_EQ(sweep_json(a)["seeds"], (nlohmann::json{base->seed, base->seed + 1}));
}

TEST(Sweep, BestPicksTheKnownBestInEitherDirection) {
  auto base = testing::random_graph(12, 10, 2);
  base->touchpoints[0].friction = 0.5;
  SweepPlan plan;
  plan.axes = parse_axes({"touchpoints.tp0.friction=0.6,0.3,0,0.45"});
  plan.replications = 3;
  plan.population = 3000;
  plan.threads = 2;
  plan.best = "conversion_rate";
  const Sweep s = run_sweep(plan, knobs_on(base));
  ASSERT_TRUE(s.best);
  EXPECT_EQ(s.best->index, 2u);  // friction 0
  EXPECT_EQ(s.best->runner_up, 1u);
  ASSERT_TRUE(s.best->versus_runner_up);
  EXPECT_GT(s.best->versus_runner_up->difference.estimate, 0.0);
  EXPECT_TRUE(s.best->versus_runner_up->distinguishable);
  // Lower is better for abandonments: the same point; the most friction wins on nothing.
  EXPECT_EQ(best_point(s, "abandonments").index, 2u);
  EXPECT_EQ(best_point(s, "conversions").index, 2u);
}

TEST(Sweep, UnknownBestMetricFailsBeforeAnyRun) {
  SweepPlan plan;
  plan.axes = parse_axes({"design.integration=0,1"});
  plan.best = "proft";
  int loaded = 0;
  const ScenarioPtr base = testing::random_graph(1, 4, 1);
  const std::string message = scenario_error([&] {
    (void)run_sweep(plan, [&](const std::vector<Override>& o) {
      ++loaded;
      return knobs_on(base)(o);
    });
  });
  EXPECT_NE(message.find("--best: unknown metric 'proft'"), std::string::npos) << message;
  EXPECT_NE(message.find("profit"), std::string::npos);
  EXPECT_EQ(loaded, 2);
}

// ---- friction ranking -------------------------------------------------------------------------

TEST(FrictionRanking, CandidatesAndTheirVariants) {
  auto s = testing::random_graph(5, 6, 2);
  s->touchpoints[1].friction = 0.0;
  s->touchpoints[2].friction = 0.0;
  s->touchpoints[2].servers = 3;
  s->touchpoints[2].service = Distribution::exponential(60.0);  // a queue needs service and a horizon
  s->horizon_days = 1.0;
  s->arrivals.hourly.fill(1.0);
  s->arrivals.weekly.fill(1.0);
  s->design.integration = 1.0;
  s->channels[1].integration = 0.4;
  ASSERT_TRUE(validate(*s).empty());  // variants are validated: the base must be valid
  const std::vector<FrictionCandidate> c = friction_candidates(*s);
  std::vector<std::string> ids;
  for (const FrictionCandidate& x : c) ids.push_back(x.id);
  // tp1 has neither friction nor a queue; terminals (tp6..tp8) are never candidates; only store loses context.
  EXPECT_EQ(ids, (std::vector<std::string>{"tp0", "tp2", "tp3", "tp4", "tp5", "store"}));
  EXPECT_EQ(c[1].fix, "3 servers -> no queue");
  EXPECT_EQ(c.back().kind, FrictionCandidate::Kind::Channel);
  const ScenarioPtr v = without_friction(*s, c[1]);
  EXPECT_EQ(v->touchpoints[2].servers, 0u);
  EXPECT_EQ(v->touchpoints[2].friction, 0.0);
  EXPECT_EQ(s->touchpoints[2].servers, 3u);  // the base is untouched
  EXPECT_EQ(without_friction(*s, c.back())->integration_into(1), 1.0);
}

TEST(FrictionRanking, ABrokenBusyTouchpointComesFirst) {
  auto s = testing::random_graph(8, 10, 3);
  s->touchpoints[0].friction = 0.9;  // the main entry point: two thirds of journeys start here
  s->design.integration = 0.7;
  const std::vector<FrictionResult> ranking = rank_friction(small_plan(s, 2000), 3);
  ASSERT_FALSE(ranking.empty());
  EXPECT_EQ(ranking[0].candidate.id, "tp0");
  EXPECT_TRUE(ranking[0].conversions.distinguishable);
  EXPECT_GT(ranking[0].revenue.difference.estimate, 0.0);
  EXPECT_EQ(ranking[0].persona_conversion_rate.size(), 3u);
  for (std::size_t i = 1; i < ranking.size(); ++i)
    EXPECT_GE(ranking[i - 1].conversions.difference.estimate, ranking[i].conversions.difference.estimate);
  const Table t = friction_table(ranking);
  EXPECT_EQ(t.rows, ranking.size());
  EXPECT_EQ(t.columns.back().name, "conversion_rate_change:persona2_high");
}

}  // namespace
}  // namespace jsim
