// The timed engine against a sequential discrete-event simulation of the same draws, against
// Jackson-network theory, and at the horizon.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <queue>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "model/loader.hpp"
#include "queue_theory.hpp"
#include "sim/arrival_schedule.hpp"
#include "sim/capacity_queue.hpp"
#include "sim/journey_kernel.hpp"
#include "sim/journey_tables.hpp"
#include "sim/simulation.hpp"
#include "sim/summarize.hpp"

namespace jsim {
namespace {

// The reference: one heap of pending queue arrivals, always taking the earliest in
// (time, customer, visit) order; everything a customer does between queues is its own business,
// so it is walked at once. Simple and slow, and independent of windows and threads.
RunResult sequential_reference(const ScenarioPtr& s, std::uint64_t seed) {
  const JourneyTables tables(*s);
  const StreamKey key(seed);
  const JourneyKernel kernel(*s, tables, key);
  const auto periods = static_cast<std::size_t>(std::ceil(s->horizon_seconds() / 3600.0));
  Tally tally(*s, tables.transition_count(), periods);
  std::vector<CapacityQueue> queues;
  for (const auto& tp : s->touchpoints) queues.emplace_back(tp.servers, s->horizon_seconds(), periods, tp.hours);
  const auto later = [](const Agent& x, const Agent& y) { return std::tie(x.time, x.id, x.step) > std::tie(y.time, y.id, y.step); };
  std::priority_queue<Agent, std::vector<Agent>, decltype(later)> pending(later);
  const double never = std::numeric_limits<double>::infinity();
  ArrivalSchedule schedule(*s, key, s->population);
  std::vector<Arrival> arrivals;
  schedule.take_before(never, arrivals);
  for (const Arrival& arrival : arrivals) {
    Agent a = kernel.start(arrival.agent, arrival.time, tally);
    if (kernel.advance<true>(a, never, tally) == AgentStop::Queue) pending.push(a);
  }
  while (!pending.empty()) {
    Agent a = pending.top();
    pending.pop();
    const QueueTicket t = kernel.ticket(a);
    const QueueOutcome o = queues[a.at].admit(a.time, t.patience, t.service);
    if (kernel.after_queue(a, o, t, tally) && kernel.advance<true>(a, never, tally) == AgentStop::Queue) pending.push(a);
  }
  return summarize(*s, tables, tally, queues);
}

// Every figure of a result that the engine computes, floating-point ones bit for bit.
std::string fingerprint(const RunResult& r) {
  std::ostringstream o;
  o << std::hexfloat << r.conversions << ' ' << r.abandonments << ' ' << r.exits << ' ' << r.step_guard_hits << ' '
    << r.unfinished << ' ' << r.events << ' ' << r.revenue << ' ' << r.cost << ' ' << r.business.nps.score.estimate << '\n';
  for (const TouchpointRow& t : r.touchpoints)
    o << t.id << ' ' << t.visits << ' ' << t.abandonments << ' ' << t.conversions << ' ' << t.queued << ' ' << t.served
      << ' ' << t.reneges << ' ' << t.unfinished_waits << ' ' << t.utilisation << ' ' << t.mean_wait << ' ' << t.p95_wait
      << ' ' << t.prob_wait << ' ' << t.mean_queue_length << ' ' << t.silences << ' ' << t.switches << '\n';
  for (const PersonaRow& p : r.personas)
    o << p.id << ' ' << p.conversions << ' ' << p.abandonments << ' ' << p.unfinished << ' ' << p.mean_time_to_convert << '\n';
  for (std::size_t h = 0; h < r.series.conversions.size(); ++h)
    o << r.series.arrivals[h] << ',' << r.series.conversions[h] << ',' << r.series.abandonments[h] << ' ';
  return o.str();
}

RunResult engine_run(const ScenarioPtr& s, std::uint32_t threads) {
  RunPlan plan = default_plan(s);
  plan.threads = threads;
  return simulate(plan);
}

// Two stations in series, fed by Poisson arrivals; nothing between them, so a customer served at
// the first reaches the second within the same window.
const char* const kTandem = R"(
scenario: {name: tandem, seed: 11, population: 2200, horizon: 3d}
stages: [s]
channels: [{id: phone, kind: assisted}]
touchpoints:
  - {id: first, channel: phone, stage: s, servers: 3, service: {dist: exponential, mean: 5m}}
  - {id: second, channel: phone, stage: s, servers: 4, service: {dist: exponential, mean: 6m}}
  - {id: buy, channel: phone, stage: s, kind: conversion, order_value: {dist: lognormal, mean: 40, sd: 10}}
transitions:
  - {from: first, to: [{touchpoint: second, weight: 1}]}
  - {from: second, to: [{touchpoint: buy, weight: 1}]}
entry: [{touchpoint: first, weight: 1}]
personas: [{id: caller, share: 1}]
)";

// A network: a loop back into a queue, reneging and retries, opening hours, friction that grows
// with waiting, and repeat journeys.
const char* const kNetwork = R"(
scenario: {name: network, seed: 5, population: 1800, horizon: 4d, silence_threshold: 1h}
stages: [look, buy]
channels: [{id: web, kind: digital}, {id: store, kind: physical}]
design: {integration: 0.5}
touchpoints:
  - {id: home, channel: web, stage: look, friction: 0.05, service: {dist: exponential, mean: 1m}}
  - {id: desk, channel: store, stage: look, friction: 0.02, servers: 2, service: {dist: lognormal, mean: 7m, sd: 4m},
     hours: {open: 8, close: 20, days: [mon, tue, wed, thu, fri, sat]}}
  - {id: fitting, channel: store, stage: buy, servers: 2, service: {dist: exponential, mean: 4m}}
  - {id: checkout, channel: store, stage: buy, kind: conversion, order_value: {dist: lognormal, mean: 60, sd: 20}}
  - {id: leave, channel: web, stage: look, kind: exit}
transitions:
  - {from: home, to: [{touchpoint: desk, weight: 3}, {touchpoint: leave, weight: 1}]}
  - from: desk
    to:
      - {touchpoint: fitting, weight: 2}
      - {touchpoint: home, weight: 1, delay: {dist: exponential, mean: 20m}}
      - {touchpoint: desk, weight: 1, delay: {dist: exponential, mean: 3m}}
  - {from: fitting, to: [{touchpoint: checkout, weight: 3}, {touchpoint: desk, weight: 1}]}
entry: [{touchpoint: home, weight: 1}]
personas:
  - {id: patient, share: 0.5, repeat_probability: 0.5, repeat_delay: {dist: exponential, mean: 12h}}
  - {id: hurried, share: 0.5, patience: {dist: exponential, mean: 5m}, max_retries: 2,
     retry_delay: {dist: exponential, mean: 15m}, friction_sensitivity: 2}
)";

ScenarioPtr with_window(const char* text, const std::string& window) {
  std::vector<Override> set;
  if (!window.empty()) set.push_back({"scenario.window", window});
  return load_scenario_text(text, "test.yaml", ".", set);
}

class SequentialReference : public ::testing::TestWithParam<const char*> {};

TEST_P(SequentialReference, EngineGivesTheSameResultsForAnyWindowAndThreadCount) {
  const ScenarioPtr base = with_window(GetParam(), "");
  const std::string expected = fingerprint(sequential_reference(base, base->seed));
  ASSERT_GT(engine_run(base, 1).touchpoints[1].queued, 100u);  // the queues are used
  for (const char* window : {"", "1s", "7s", "45s", "10m", "1000s", "2h"}) {  // 7 s and 1000 s do not divide the horizon
    const ScenarioPtr s = with_window(GetParam(), window);
    for (std::uint32_t threads : {1u, 2u, 3u})
      EXPECT_EQ(fingerprint(engine_run(s, threads)), expected) << "window '" << window << "', threads " << threads;
  }
}

INSTANTIATE_TEST_SUITE_P(Networks, SequentialReference, ::testing::Values(kTandem, kNetwork),
                         [](const auto& info) { return info.index == 0 ? std::string("Tandem") : std::string("Network"); });

TEST(SequentialReference, TheNetworkExercisesEveryMechanism) {
  const RunResult r = sequential_reference(with_window(kNetwork, ""), 5);
  const TouchpointRow& desk = r.touchpoints[1];
  EXPECT_GT(desk.reneges, 20u);               // reneging (and retries: hurried customers try twice more)
  EXPECT_GT(r.touchpoints[2].queued, 100u);
  std::uint64_t journeys = 0;
  for (const PersonaRow& p : r.personas) journeys += p.conversions + p.abandonments + p.exits + p.unfinished + p.step_guard_hits;
  EXPECT_GT(journeys, 1800u);                 // repeat journeys
  EXPECT_GT(moves_between(r.flow, 1, 1), 50u);              // the loop back into the desk queue
}

// Jackson: in an open network of M/M/c stations, each station behaves as an M/M/c queue fed by
// Poisson arrivals at its total rate; so the second station of a tandem waits as Erlang C says.
TEST(Jackson, TandemSecondStationWaitsAsErlangC) {
  const double lambda = 50.0 / 3600.0;
  const char* text = R"(
scenario: {name: jackson, seed: 1, population: 16800, horizon: 14d}
design: {wait_effort: 0}  # nobody gives up after waiting: every customer goes on to the second station
stages: [s]
channels: [{id: phone, kind: assisted}]
touchpoints:
  - {id: first, channel: phone, stage: s, servers: 6, service: {dist: exponential, mean: 6m}}
  - {id: second, channel: phone, stage: s, servers: 5, service: {dist: exponential, mean: 5m}}
  - {id: done, channel: phone, stage: s, kind: conversion, order_value: {dist: lognormal, mean: 40, sd: 10}}
transitions:
  - {from: first, to: [{touchpoint: second, weight: 1}]}
  - {from: second, to: [{touchpoint: done, weight: 1}]}
entry: [{touchpoint: first, weight: 1}]
personas: [{id: caller, share: 1}]
)";
  const testing::QueueTheory first = testing::birth_death(lambda, 1.0 / 360.0, 6, 0.0);
  const testing::QueueTheory second = testing::birth_death(lambda, 1.0 / 300.0, 5, 0.0);
  const ScenarioPtr s = load_scenario_text(text, "jackson.yaml");
  const double window = engine_window(*s);
  for (const double w : {window, 10.0 * window}) {
    const ScenarioPtr sw = with_window(text, std::to_string(w) + "s");
    constexpr int kReps = 10;
    double sum[2] = {0, 0}, sq[2] = {0, 0};
    for (int rep = 0; rep < kReps; ++rep) {
      RunPlan plan = default_plan(sw);
      plan.seed = 100 + rep;
      const RunResult r = simulate(plan);
      for (int q = 0; q < 2; ++q) sum[q] += r.touchpoints[q].mean_wait, sq[q] += r.touchpoints[q].mean_wait * r.touchpoints[q].mean_wait;
    }
    const double theory[2] = {first.mean_wait, second.mean_wait};
    for (int q = 0; q < 2; ++q) {
      const double mean = sum[q] / kReps;
      const double se = std::sqrt((sq[q] / kReps - mean * mean) * kReps / (kReps - 1) / kReps);
      EXPECT_NEAR(mean, theory[q], 4 * se) << "station " << q << ", window " << w << " s";
    }
  }
}

// The engine's window used to end the run early for customers served in the last window.
TEST(Horizon, ConversionsInTheLastHourAreNotDepressed) {
  const char* text = R"(
scenario: {name: last_hour, seed: 3, population: 48000, horizon: 2d, window: 1h}
stages: [s]
channels: [{id: phone, kind: assisted}]
touchpoints:
  - {id: call, channel: phone, stage: s, servers: 30, service: {dist: exponential, mean: 6m}}
  - {id: buy, channel: phone, stage: s, kind: conversion, order_value: {dist: lognormal, mean: 40, sd: 10}}
  - {id: done, channel: phone, stage: s, kind: exit}
transitions:
  - {from: call, to: [{touchpoint: buy, weight: 1}, {touchpoint: done, weight: 1}]}
entry: [{touchpoint: call, weight: 1}]
personas: [{id: caller, share: 1}]
)";
  const RunResult r = engine_run(load_scenario_text(text, "last_hour.yaml"), 2);
  const auto& c = r.series.conversions;
  ASSERT_EQ(c.size(), 48u);
  double before = 0.0;
  for (std::size_t h = 36; h < 47; ++h) before += static_cast<double>(c[h]);
  before /= 11.0;  // about 500 conversions an hour
  // Poisson counts: the last hour against the mean of the 11 before, within 4 standard errors.
  EXPECT_NEAR(static_cast<double>(c[47]), before, 4.0 * std::sqrt(before * (1.0 + 1.0 / 11.0)));
}

// One capacity-limited touchpoint `desk` on the way to a purchase, the shape of the horizon and
// memory tests: `scenario` is the scenario mapping's body, `desk` the desk's own keys.
ScenarioPtr one_desk(const std::string& scenario, const std::string& desk) {
  return load_scenario_text("scenario: {" + scenario + "}\n" + R"(stages: [s]
channels: [{id: store, kind: physical}]
touchpoints:
  - {id: desk, channel: store, stage: s, )" + desk + R"(}
  - {id: buy, channel: store, stage: s, kind: conversion, order_value: {dist: lognormal, mean: 40, sd: 10}}
transitions:
  - {from: desk, to: [{touchpoint: buy, weight: 1}]}
entry: [{touchpoint: desk, weight: 1}]
personas: [{id: customer, share: 1}]
)",
                            "one_desk.yaml");
}

TEST(Horizon, WaitsStillRunningAtTheHorizonAreCountedApart) {
  // Overloaded on purpose: 60 calls an hour for one agent taking 6 minutes each.
  const RunResult r = engine_run(one_desk("name: overloaded, seed: 3, population: 1440, horizon: 1d",
                                          "servers: 1, service: {dist: exponential, mean: 6m}"),
                                 2);
  const TouchpointRow& q = r.touchpoints[0];
  EXPECT_GT(q.unfinished_waits, 1000u);
  EXPECT_EQ(q.queued, 1440u);
  EXPECT_EQ(q.served + q.reneges + q.unfinished_waits, q.queued);  // nobody still waiting counts as served
  EXPECT_LE(q.mean_wait, r.horizon_seconds);  // only waits that ended within the horizon
  EXPECT_LE(q.utilisation, 1.0);
  EXPECT_GT(q.utilisation, 0.99);
}

TEST(Horizon, UtilisationNeverExceedsOpeningHourCapacity) {
  // Overloaded within 9:00-17:00: customers already waiting at closing are still served, after hours.
  const RunResult r = engine_run(one_desk("name: overtime, seed: 3, population: 3000, horizon: 7d",
                                          "servers: 2, service: {dist: exponential, mean: 10m}, "
                                          "hours: {open: 9, close: 17, days: [mon, tue, wed, thu, fri, sat, sun]}"),
                                 2);
  const TouchpointRow& q = r.touchpoints[0];
  EXPECT_LE(q.utilisation, 1.0);
  EXPECT_GT(q.utilisation, 0.95);  // busy all the opening hours
}

TEST(Memory, AgentsHeldFollowAgentsInFlightNotTheHorizon) {
  // 1,000 customers over a year at a 4-second service: about 31.5 M one-second windows.
  const RunResult r = engine_run(one_desk("name: sparse, seed: 3, population: 1000, horizon: 365d, window: 1s",
                                          "servers: 1, service: {dist: exponential, mean: 4s}"),
                                 2);
  EXPECT_EQ(r.touchpoints[0].served, 1000u);
  EXPECT_LE(r.peak_agents_in_flight, 10u);
}

}  // namespace
}  // namespace jsim
