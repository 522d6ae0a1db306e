// The engine against the exact answer, and its determinism across thread counts.
#include <nlohmann/json.hpp>
#include <gtest/gtest.h>

#include <cmath>

#include "analysis/markov.hpp"
#include "output/json_summary.hpp"
#include "scenario_builders.hpp"
#include "sim/alias_table.hpp"
#include "sim/simulation.hpp"

namespace jsim {
namespace {

// Everything a run reports except how long it took and on how many threads.
std::string outcome(RunResult r) {
  r.info = {};
  return to_json(r).dump();
}

RunResult run_with(const ScenarioPtr& s, std::uint32_t threads, std::uint64_t population = 0) {
  RunPlan plan = default_plan(s);
  plan.threads = threads;
  if (population) plan.population = population;
  return simulate(plan);
}

TEST(AliasTable, FrequenciesFollowWeights) {
  const std::vector<double> w = {1.0, 0.0, 3.0, 6.0};
  AliasTable t(w);
  std::vector<int> n(4, 0);
  std::uint64_t x = 12345;
  for (int i = 0; i < 200000; ++i) {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    ++n[t.pick(x ^ (x >> 29))];
  }
  EXPECT_EQ(n[1], 0);
  for (int i : {0, 2, 3}) {
    const double p = w[i] / 10.0, se = std::sqrt(p * (1 - p) / 200000.0);
    EXPECT_NEAR(n[i] / 200000.0, p, 5 * se) << i;
  }
}

TEST(Determinism, UntimedIdenticalForAnyThreadCount) {
  const ScenarioPtr s = testing::random_graph(11, 12, 3);
  const std::string one = outcome(run_with(s, 1));
  EXPECT_EQ(one, outcome(run_with(s, 2)));
  EXPECT_EQ(one, outcome(run_with(s, 4)));
}

TEST(Determinism, SeedChangesTheOutcome) {
  auto s = testing::random_graph(11, 12, 3);
  const std::string a = outcome(run_with(s, 2));
  s->seed = 12;
  EXPECT_NE(a, outcome(run_with(s, 2)));
}

// A timed scenario with delays, service times and a busy queue that agents leave and retry.
std::shared_ptr<Scenario> timed_graph_with_queue() {
  auto s = testing::random_graph(5, 10, 3);
  s->horizon_days = 7;
  s->arrivals.hourly.fill(1.0);
  s->arrivals.weekly.fill(1.0);
  s->arrivals.hourly[20] = 3.0;
  s->population = 30000;
  for (auto& out : s->transitions)
    for (auto& t : out) t.delay = Distribution::exponential(4 * 3600);
  s->touchpoints[3].servers = 2;
  s->touchpoints[3].service = Distribution::exponential(300);
  s->touchpoints[4].servers = 3;
  s->touchpoints[4].service = Distribution::lognormal(200, 100);
  for (auto& p : s->personas) {
    p.patience = Distribution::exponential(600);
    p.max_retries = 1;
    p.retry_delay = Distribution::exponential(3600);
  }
  return s;
}

TEST(Determinism, TimedWithQueuesIdenticalFor1_2_4Threads) {
  auto s = timed_graph_with_queue();
  s->window = 4 * 3600.0;  // wide windows: thousands of agents each, so windows really run in parallel
  const RunResult r1 = run_with(s, 1);
  ASSERT_GT(r1.touchpoints[3].reneges, 0u);  // the queue really binds
  ASSERT_GT(r1.touchpoints[3].queued, 1000u);
  const std::string one = outcome(r1);
  EXPECT_EQ(one, outcome(run_with(s, 2)));
  EXPECT_EQ(one, outcome(run_with(s, 4)));
}

TEST(TimedRun, MemoryFollowsAgentsInFlight) {
  auto s = timed_graph_with_queue();
  s->horizon_days = 28;
  s->population = 100000;
  const RunResult r = run_with(s, 2);
  EXPECT_EQ(r.agents, 100000u);
  // Journeys last hours; the horizon is four weeks: only a small fraction is ever held at once.
  EXPECT_LT(r.peak_agents_in_flight, r.agents / 5);
  EXPECT_EQ(r.conversions + r.abandonments + r.exits + r.step_guard_hits + r.unfinished, r.agents);
}

// Per persona, simulated conversion rate within 4 standard errors of the exact absorption probability.
void expect_matches_exact(const Scenario& s, const RunResult& r) {
  const ExactAnalysis exact = analyze_exact(s);
  for (std::size_t p = 0; p < s.personas.size(); ++p) {
    const double n = static_cast<double>(r.personas[p].agents), q = exact.personas[p].conversion_probability;
    ASSERT_GT(n, 500);
    const double se = std::sqrt(q * (1 - q) / n);
    EXPECT_NEAR(r.personas[p].conversion_rate.estimate, q, 4 * se + 1e-12) << s.name << " persona " << s.personas[p].id;
    const double path_se = exact.personas[p].path_length_sd / std::sqrt(n);
    EXPECT_NEAR(r.personas[p].mean_path_length, exact.personas[p].expected_path_length, 4 * path_se + 1e-12)
        << s.name << " persona " << s.personas[p].id;
  }
  EXPECT_EQ(r.step_guard_hits, 0u);
}

TEST(ExactOracle, SimulatorMatchesAbsorbingChainOnRandomGraphs) {
  for (std::uint64_t seed = 1; seed <= 8; ++seed) {
    const ScenarioPtr s = testing::random_graph(seed, 6 + static_cast<int>(seed) * 2, 2 + static_cast<int>(seed % 3));
    expect_matches_exact(*s, run_with(s, 2, 40000));
  }
}

TEST(ExactOracle, TimeWithoutCapacityLeavesConversionExact) {
  auto s = testing::random_graph(3, 10, 3);
  s->horizon_days = 365;  // long enough that no journey is cut off
  s->arrivals.hourly.fill(1.0);
  s->arrivals.weekly.fill(1.0);
  for (auto& out : s->transitions)
    for (auto& t : out) t.delay = Distribution::exponential(3600);
  s->population = 40000;
  const RunResult r = run_with(s, 2);
  ASSERT_LT(r.unfinished, 100u);
  s->population = 40000;
  expect_matches_exact(*s, r);
}

TEST(StepGuard, CountsAgentsStoppedAndNeverHidesThem) {
  auto s = testing::random_graph(4, 10, 2);
  s->max_steps = 2;
  const RunResult r = run_with(s, 2, 10000);
  EXPECT_GT(r.step_guard_hits, 0u);
  EXPECT_EQ(r.conversions + r.abandonments + r.exits + r.step_guard_hits, r.agents);
}

}  // namespace
}  // namespace jsim
