// Every business metric of a run against a hand computation, on a shop small enough to work out
// on paper and with every kind of cost non-zero (per visit, fixed per day, per server per day,
// the design's own). Where an outcome is random (who abandons, who answers the survey how), the
// formula is checked exactly from the run's own counts, and the count itself against its
// expectation within 4 standard errors of a binomial.
#include <gtest/gtest.h>

#include <cmath>

#include "model/loader.hpp"
#include "sim/simulation.hpp"

namespace jsim {
namespace {

// Every customer sees the ad (0.50 a visit), then the shop (0.25 a visit, friction 0.5: half
// leave), then the desk (one server, 1 s of service, 5 a day), then buys one item of exactly 40.
// Horizon 2 days; the shop's fixed cost is 10 a day. Waiting adds no frustration here
// (wait_effort 0), so satisfaction, and with it NPS, depends only on the survey's own noise.
constexpr const char* kShop = R"(
scenario: {name: hand_shop, seed: 11, population: 4000, horizon: 2d}
stages: [look, buy]
channels:
  - {id: web, kind: digital}
  - {id: store, kind: physical}
touchpoints:
  - {id: ad, channel: web, stage: look, cost: 0.50}
  - {id: shop, channel: web, stage: look, friction: 0.5, cost: 0.25, fixed_cost: 10}
  - {id: desk, channel: store, stage: buy, servers: 1, service: 1s, server_cost: 5}
  - {id: till, channel: store, stage: buy, kind: conversion, order_value: 40}
transitions:
  - {from: ad, to: [{touchpoint: shop, weight: 1}]}
  - {from: shop, to: [{touchpoint: desk, weight: 1}]}
  - {from: desk, to: [{touchpoint: till, weight: 1}]}
entry: [{touchpoint: ad, weight: 1}]
personas: [{id: everyone, share: 1}]
design: {margin: 0.4, cost: 100, wait_effort: 0, integration: 1}
)";

const TouchpointRow& row(const RunResult& r, const std::string& id) {
  for (const TouchpointRow& t : r.touchpoints)
    if (t.id == id) return t;
  throw std::runtime_error("no touchpoint " + id);
}

TEST(BusinessMetricsTest, EveryMetricMatchesTheHandComputation) {
  const ScenarioPtr s = load_scenario_text(kShop, "hand_shop.yaml");
  const RunResult r = simulate(default_plan(s));
  const double N = 4000.0;
  const double C = static_cast<double>(r.conversions);  // customers who bought (one journey each)
  ASSERT_GT(C, 0.0);

  // Conversion: each customer passes the shop with probability 1 − 0.5 (no other friction; the
  // last second's arrivals may still be at the desk when the horizon ends).
  ASSERT_EQ(r.agents, 4000u);
  const double se = std::sqrt(0.5 * 0.5 / N);
  EXPECT_NEAR(C / N, 0.5, 4 * se);
  EXPECT_DOUBLE_EQ(r.conversion_rate.estimate, C / N);
  EXPECT_EQ(r.abandonments + r.conversions + r.unfinished, 4000u);
  EXPECT_EQ(row(r, "ad").visits, 4000u);
  EXPECT_EQ(row(r, "shop").visits, 4000u);
  EXPECT_EQ(row(r, "till").conversions, r.conversions);

  // Revenue and AOV: C orders of exactly 40.
  EXPECT_DOUBLE_EQ(r.revenue, 40.0 * C);
  EXPECT_DOUBLE_EQ(r.aov, 40.0);
  EXPECT_EQ(r.business.orders, r.conversions);

  // Cost parts: visits 4000 × 0.50 + 4000 × 0.25 = 3000; fixed 10 × 2 days + 5 × 1 server × 2 days
  // = 30; design 100; total 3130.
  EXPECT_NEAR(r.variable_cost, 3000.0, 1e-9);
  EXPECT_NEAR(r.fixed_cost, 30.0, 1e-9);
  EXPECT_DOUBLE_EQ(r.design_cost, 100.0);
  EXPECT_NEAR(r.cost, 3130.0, 1e-9);

  // Profit = margin × revenue − cost = 0.4 × 40C − 3130; ROI = profit / cost; CPA = cost / customers.
  EXPECT_NEAR(r.profit, 16.0 * C - 3130.0, 1e-6);
  EXPECT_NEAR(r.roi, (16.0 * C - 3130.0) / 3130.0, 1e-12);
  EXPECT_EQ(r.business.customers, r.conversions);
  EXPECT_NEAR(r.business.cost_per_acquisition, 3130.0 / C, 1e-9);

  // Nobody comes back (repeat_probability 0): retention 0, and CLTV is revenue per customer, 40
  // (the discounted continuation is revenue per customer × retention / (...) = 0).
  EXPECT_EQ(r.business.retention_rate, 0.0);
  EXPECT_DOUBLE_EQ(r.business.cltv, 40.0);

  // NPS: buyers answer S = round(9 − 0 + U), U uniform(−1.5, 1.5): 8, 9 or 10 with 1/3 each, so
  // promoters (9–10) 2/3, detractors none: NPS 100 × 2/3 = 66.7, se 100 × √(2/9 / C).
  EXPECT_EQ(r.business.nps.respondents, r.conversions);
  EXPECT_NEAR(r.business.nps.score.estimate, 200.0 / 3.0, 4 * 100.0 * std::sqrt(2.0 / 9.0 / C));
  EXPECT_EQ(r.business.mean_frustration, 0.0);

  // The desk: utilisation = busy time / (servers × open time) = served × 1 s / (1 × 172800 s),
  // give or take the one service the horizon may cut short.
  const TouchpointRow& desk = row(r, "desk");
  EXPECT_GT(desk.served, 0u);
  EXPECT_NEAR(desk.utilisation, static_cast<double>(desk.served) / 172800.0, 1.0 / 172800.0);
  // One server, 1 s each: nobody waits longer than the customers ahead of them, and with about
  // 2000 arrivals in 172800 s hardly anyone waits at all (P(wait) ≈ utilisation ≈ 0.012).
  EXPECT_LE(desk.mean_wait, 1.0);
  EXPECT_EQ(desk.reneges, 0u);

  // No delays between touches: no gap of 48 h, so no moments of silence.
  for (const TouchpointRow& t : r.touchpoints) EXPECT_EQ(t.silences, 0u) << t.id;
}

TEST(BusinessMetricsTest, EveryArrivalAfterTheGapIsAMomentOfSilence) {
  // The shop sends everyone to the desk 50 h later (the silence threshold is 48 h), and the desk
  // loses a fifth of them: every desk visit follows a silence, and every desk abandonment is a
  // drop-off right after one. No other touchpoint is reached after a gap.
  std::string text = kShop;
  const auto replace = [&](const std::string& from, const std::string& to) { text.replace(text.find(from), from.size(), to); };
  replace("horizon: 2d", "horizon: 10d");
  replace("{touchpoint: desk, weight: 1}", "{touchpoint: desk, weight: 1, delay: 50h}");
  replace("servers: 1, service: 1s", "friction: 0.2, servers: 1, service: 1s");
  const RunResult r = simulate(default_plan(load_scenario_text(text, "silent_shop.yaml")));
  const TouchpointRow& desk = row(r, "desk");
  ASSERT_GT(desk.visits, 0u);
  EXPECT_EQ(desk.silences, desk.visits);
  EXPECT_EQ(desk.silence_dropoffs, desk.abandonments);
  const double n = static_cast<double>(desk.visits);
  EXPECT_NEAR(static_cast<double>(desk.abandonments) / n, 0.2, 4 * std::sqrt(0.2 * 0.8 / n));
  for (const char* other : {"ad", "shop", "till"}) EXPECT_EQ(row(r, other).silences, 0u) << other;
}

TEST(BusinessMetricsTest, ReturnOnInvestmentHasNoValueWithoutCost) {
  std::string text = kShop;
  for (const char* paid : {", cost: 0.50", ", cost: 0.25", ", fixed_cost: 10", ", server_cost: 5", ", cost: 100"})
    text.erase(text.find(paid), std::string(paid).size());
  const RunResult r = simulate(default_plan(load_scenario_text(text, "free_shop.yaml")));
  EXPECT_EQ(r.cost, 0.0);
  EXPECT_TRUE(std::isnan(r.roi));  // "n/a", not a return of 0 on nothing
  EXPECT_EQ(r.business.cost_per_acquisition, 0.0);
}

}  // namespace
}  // namespace jsim
