// Omnichannel mechanics and business metrics: each mechanism changes results in the expected
// direction under common random numbers, and metrics match hand calculations.
#include <gtest/gtest.h>

#include <cmath>

#include "analysis/markov.hpp"
#include "model/loader.hpp"
#include "scenario_builders.hpp"
#include "sim/simulation.hpp"

namespace jsim {
namespace {

RunResult run(const std::shared_ptr<Scenario>& s, std::uint64_t population = 40000) {
  RunPlan plan = default_plan(s);
  plan.population = population;
  plan.threads = 2;
  return simulate(plan);
}

std::uint64_t total_repeats(const RunResult& r) {
  std::uint64_t n = 0;
  for (const auto& t : r.touchpoints) n += t.repeats;
  return n;
}

TEST(Omnichannel, IntegrationRemovesRepeatsAndRaisesConversion) {
  auto unified = testing::random_graph(21, 12, 3);
  unified->design.frustration_weight = 0.5;
  auto apart = std::make_shared<Scenario>(*unified);
  apart->design.integration = 0.0;
  const RunResult a = run(unified), b = run(apart);
  EXPECT_EQ(total_repeats(a), 0u);
  EXPECT_GT(total_repeats(b), 1000u);
  // Same seed: agents draw the same numbers until the designs make their paths differ.
  EXPECT_GT(a.conversion_rate.estimate, b.conversion_rate.high);
  EXPECT_GT(b.business.mean_frustration, a.business.mean_frustration);
  // Every switch loses context when channels work apart.
  std::uint64_t switches = 0;
  for (const auto& t : b.touchpoints) switches += t.switches;
  EXPECT_EQ(total_repeats(b), switches);
}

TEST(Omnichannel, InconsistentMessagingRaisesFirstStageAbandonment) {
  auto consistent = testing::random_graph(22, 12, 2);
  auto inconsistent = std::make_shared<Scenario>(*consistent);
  inconsistent->design.consistent_messaging = 0.0;
  inconsistent->design.trust_penalty = 1.0;
  const RunResult a = run(consistent), b = run(inconsistent);
  std::uint64_t first_a = 0, first_b = 0;
  for (std::size_t u = 0; u < consistent->touchpoints.size(); ++u)
    if (consistent->touchpoints[u].stage == 0) first_a += a.touchpoints[u].abandonments, first_b += b.touchpoints[u].abandonments;
  EXPECT_GT(first_b, first_a * 1.3);
  EXPECT_LT(b.conversion_rate.estimate, a.conversion_rate.estimate);
}

TEST(Omnichannel, PersonalisationLiftsVisitsToRecommendedTouchpoints) {
  auto base = testing::random_graph(23, 12, 2);
  base->touchpoints[12].personalised = true;  // the first conversion touchpoint
  auto personalised = std::make_shared<Scenario>(*base);
  personalised->design.personalisation = 1.0;
  personalised->design.personalisation_lift = 2.0;
  const RunResult a = run(base), b = run(personalised);
  EXPECT_GT(b.touchpoints[12].visits, a.touchpoints[12].visits * 1.2);
  // Without unified data recommendations cannot be personalised.
  auto siloed = std::make_shared<Scenario>(*personalised);
  siloed->design.integration = 0.0;
  siloed->design.repeat_effort = 0.0;
  siloed->design.repeat_time = 0.0;
  const RunResult c = run(siloed);
  EXPECT_EQ(c.touchpoints[12].visits, a.touchpoints[12].visits);
}

TEST(Omnichannel, NeutralKnobsKeepTheExactOracle) {
  auto s = testing::random_graph(24, 12, 3);
  s->design.repeat_effort = 3.0;  // effort parameters do nothing while the knobs are neutral
  s->design.inconsistency_effort = 2.0;
  const RunResult r = run(s, 60000);
  const ExactAnalysis exact = analyze_exact(*s);
  const double q = exact.conversion_probability, se = std::sqrt(q * (1 - q) / 60000.0);
  EXPECT_NEAR(r.conversion_rate.estimate, q, 4 * se);
}

TEST(Omnichannel, WaitingRaisesFrustrationAndAbandonment) {
  auto calm = testing::single_queue(55, 360, 6, 28);
  // After the call the customer may still drop off: friction 0.1, raised by frustration.
  calm->touchpoints[0].friction = 0.1;
  auto sensitive = std::make_shared<Scenario>(*calm);
  calm->design.wait_effort = 0.0;
  sensitive->design.wait_effort = 5.0;
  sensitive->design.frustration_weight = 1.0;
  const RunResult a = run(calm, calm->population), b = run(sensitive, sensitive->population);
  EXPECT_NEAR(static_cast<double>(a.abandonments) / a.agents, 0.1, 0.01);
  EXPECT_GT(static_cast<double>(b.abandonments) / b.agents, 0.13);
  EXPECT_EQ(a.touchpoints[0].queued, b.touchpoints[0].queued);  // the queue itself is the same
}

// One touchpoint that always converts at a fixed order value: hand-checkable metrics.
std::shared_ptr<Scenario> shop(double base_satisfaction, double repeat_probability) {
  auto s = testing::single_queue(10, 60, 1000, 365);  // plenty of servers: no waiting
  s->touchpoints[1].kind = TouchpointKind::Conversion;
  s->touchpoints[1].order_value = Distribution::fixed(100.0);
  s->personas[0].base_satisfaction = base_satisfaction;
  s->personas[0].repeat_probability = repeat_probability;
  s->personas[0].repeat_delay = Distribution::fixed(86400.0);
  return s;
}

TEST(BusinessMetrics, NpsFromSatisfaction) {
  // Satisfaction = base + uniform(-1.5, 1.5), rounded: base 9 gives 8, 9, 10 a third each (NPS +66.7);
  // base 6 gives 5, 6, 7 (NPS -66.7).
  const RunResult happy = run(shop(9.0, 0.0), 30000), unhappy = run(shop(6.0, 0.0), 30000);
  const double se = 100 * std::sqrt((2.0 / 3 - 4.0 / 9) / 30000);
  EXPECT_NEAR(happy.business.nps.score.estimate, 66.67, 4 * se);
  EXPECT_NEAR(unhappy.business.nps.score.estimate, -66.67, 4 * se);
  EXPECT_EQ(happy.business.nps.respondents, happy.conversions);
  EXPECT_LT(happy.business.nps.score.low, happy.business.nps.score.estimate);
}

TEST(BusinessMetrics, RetentionAndCltvFollowTheRepeatProbability) {
  // Satisfaction 10 + noise, rounded and capped: 9 (1/3) or 10 (2/3); repeat chance per journey
  // q = 0.4 x (0.9/3 + 1.0 x 2/3) = 0.38667. Every journey converts, so retention = q and
  // revenue per customer = 100 / (1 - q) (the horizon hardly binds).
  const double q = 0.4 * (0.9 / 3 + 2.0 / 3);
  auto s = shop(10.0, 0.4);
  const RunResult r = run(s, 20000);
  EXPECT_EQ(r.agents, 20000u);
  EXPECT_EQ(r.business.customers, r.agents - r.unfinished);
  EXPECT_NEAR(r.business.retention_rate, q, 4 * std::sqrt(q * (1 - q) / 20000) + 0.005);
  EXPECT_NEAR(r.business.revenue_per_customer, 100 / (1 - q), 2.0);
  EXPECT_GT(r.business.journeys, r.agents);
  EXPECT_NEAR(r.aov, 100.0, 1e-9);
  // CLTV continues the horizon's value with retention r, discounted per horizon (1 year at 10%).
  const double v = r.business.revenue_per_customer, rr = r.business.retention_rate;
  EXPECT_NEAR(r.business.cltv, v * (1 + rr / (1.1 - rr)), 1e-6);
  EXPECT_NEAR(r.business.cost_per_acquisition, 0.0, 1e-12);
}

TEST(Fulfilment, PurchaseThenPostPurchaseJourneyCountsOnce) {
  // Buy online, then pick up in store (a queue) or get it delivered: the conversion stays one
  // conversion, post-purchase drop-offs are not lost sales.
  auto s = shop(9.0, 0.0);
  Touchpoint pickup;
  pickup.id = "store_pickup";
  pickup.servers = 2;
  pickup.service = Distribution::exponential(300);
  pickup.friction = 0.2;
  Touchpoint done;
  done.id = "collected";
  done.kind = TouchpointKind::Exit;
  s->touchpoints.push_back(pickup);
  s->touchpoints.push_back(done);
  s->transitions[1] = {{2, 1.0, Distribution::none()}};
  s->transitions.push_back({{3, 1.0, Distribution::none()}});
  s->transitions.push_back({});
  s->design.wait_effort = 0.0;  // so that only the base friction acts at the pick-up
  const RunResult r = run(s, s->population);
  EXPECT_EQ(r.conversions + r.abandonments + r.exits + r.step_guard_hits + r.unfinished, r.business.journeys);
  EXPECT_EQ(r.abandonments, 0u);
  EXPECT_GT(r.touchpoints[2].queued, 0u);
  EXPECT_NEAR(static_cast<double>(r.touchpoints[3].visits) / r.touchpoints[2].visits, 0.8, 0.02);
  EXPECT_EQ(r.touchpoints[2].abandonments, 0u);  // leaving after buying is not a lost conversion
}

}  // namespace
}  // namespace jsim

namespace jsim {
namespace {

TEST(Omnichannel, StaticDesignEffectsAreInTheExactAnswer) {
  // Personalisation and the trust effect of messaging change rates, not frustration: exact.
  auto s = testing::random_graph(25, 12, 3);
  s->touchpoints[12].personalised = true;
  s->design.personalisation = 1.0;
  s->design.personalisation_lift = 2.0;
  s->design.consistent_messaging = 0.4;
  s->design.inconsistency_effort = 0.0;
  EXPECT_TRUE(exact_analysis_caveats(*s).empty());
  const RunResult r = run(s, 60000);
  const ExactAnalysis exact = analyze_exact(*s);
  const double q = exact.conversion_probability, se = std::sqrt(q * (1 - q) / 60000.0);
  EXPECT_NEAR(r.conversion_rate.estimate, q, 4 * se);
  // ... and differ from the neutral design's answer by far more than that.
  auto neutral = std::make_shared<Scenario>(*s);
  neutral->design = Design{};
  EXPECT_GT(std::abs(analyze_exact(*neutral).conversion_probability - q), 10 * se);
  s->design.integration = 0.5;
  EXPECT_FALSE(exact_analysis_caveats(*s).empty());
}

}  // namespace
}  // namespace jsim

namespace jsim {
namespace {

TEST(BusinessMetrics, CostPerAcquisitionCarriesEveryCost) {
  // The retail example has costs per visit, fixed and per server per day, and a design cost:
  // CPA is all of them over the customers, not the variable part alone.
  RunPlan plan = default_plan(load_scenario(std::string(JSIM_SOURCE_DIR) + "/scenarios/retail_omnichannel.yaml"));
  plan.population = 20000;
  const RunResult r = simulate(plan);
  ASSERT_GT(r.fixed_cost, 0.0);
  ASSERT_GT(r.variable_cost, 0.0);
  ASSERT_GT(r.business.customers, 0u);
  EXPECT_DOUBLE_EQ(r.business.cost_per_acquisition, r.cost / static_cast<double>(r.business.customers));
  EXPECT_GT(r.business.cost_per_acquisition, r.variable_cost / static_cast<double>(r.business.customers));
}

}  // namespace
}  // namespace jsim
