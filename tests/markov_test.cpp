// The exact solver behind `jsim analyze`: hand-computed answers, and a brute-force Monte Carlo
// of the v1 semantics written independently of the solver.
#include "analysis/markov.hpp"

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "model/error.hpp"
#include "model/loader.hpp"
#include "sim/simulation.hpp"
#include "model/scenario.hpp"

namespace jsim {
namespace {

constexpr double kEps = 1e-12;

// Builds a Scenario by hand: two channels (web = 0, store = 1), one stage, no personas until added.
struct Builder {
  Scenario s;
  Builder() {
    s.name = "markov_test";
    s.stages = {"all"};
    s.channels = {{"web", ChannelKind::Digital}, {"store", ChannelKind::Physical}};
  }
  Index regular(const std::string& id, double friction = 0.0, Index channel = 0) {
    return add(id, TouchpointKind::Regular, friction, channel, Distribution::none());
  }
  Index conversion(const std::string& id, double order_value = 100.0, Index channel = 0) {
    return add(id, TouchpointKind::Conversion, 0.0, channel, Distribution::fixed(order_value));
  }
  Index exit(const std::string& id, Index channel = 0) {
    return add(id, TouchpointKind::Exit, 0.0, channel, Distribution::none());
  }
  void edge(Index from, Index to, double weight) { s.transitions[from].push_back({to, weight, Distribution::none()}); }
  void entry(Index tp, double weight) { s.entry.push_back({tp, weight}); }
  Persona& persona(const std::string& id, double share, double sensitivity = 1.0) {
    Persona p;
    p.id = id;
    p.share = share;
    p.affinity.assign(s.channels.size(), 1.0);
    p.friction_sensitivity = sensitivity;
    s.personas.push_back(p);
    return s.personas.back();
  }

 private:
  Index add(const std::string& id, TouchpointKind kind, double friction, Index channel, Distribution order_value) {
    Touchpoint tp;
    tp.id = id;
    tp.kind = kind;
    tp.friction = friction;
    tp.channel = channel;
    tp.order_value = order_value;
    s.touchpoints.push_back(tp);
    s.transitions.emplace_back();
    return static_cast<Index>(s.touchpoints.size() - 1);
  }
};

// Every agent ends exactly one way, and each visit is counted once in the path length.
void expect_consistent(const PersonaExact& pe) {
  EXPECT_NEAR(pe.conversion_probability + pe.abandonment_probability + pe.exit_probability, 1.0, 1e-9) << pe.id;
  double visits = 0.0;
  for (double v : pe.expected_visits) visits += v;
  EXPECT_NEAR(visits, pe.expected_path_length, 1e-9) << pe.id;
}

// A (friction 0.2) -> {Buy, Leave} 50/50.
TEST(MarkovExact, ThreeTouchpointChainHandComputed) {
  Builder b;
  const Index a = b.regular("A", 0.2);
  const Index buy = b.conversion("Buy", 100.0);
  const Index leave = b.exit("Leave");
  b.edge(a, buy, 1.0);
  b.edge(a, leave, 1.0);
  b.entry(a, 1.0);
  b.persona("p", 1.0).order_value_multiplier = 1.5;

  const ExactAnalysis r = analyze_exact(b.s);
  ASSERT_EQ(r.personas.size(), 1u);
  const PersonaExact& pe = r.personas[0];
  EXPECT_NEAR(pe.conversion_probability, 0.4, kEps);
  EXPECT_NEAR(pe.exit_probability, 0.4, kEps);
  EXPECT_NEAR(pe.abandonment_probability, 0.2, kEps);
  // L = 1 when abandoning at A (0.2), else 2: E[L] = 1.8, E[L^2] = 3.4, Var = 0.16.
  EXPECT_NEAR(pe.expected_path_length, 1.8, kEps);
  EXPECT_NEAR(pe.path_length_sd, 0.4, 1e-9);
  EXPECT_NEAR(pe.expected_order_value, 0.4 * 100.0 * 1.5, kEps);
  EXPECT_NEAR(pe.expected_visits[a], 1.0, kEps);
  EXPECT_NEAR(pe.expected_visits[buy], 0.4, kEps);
  EXPECT_NEAR(pe.expected_visits[leave], 0.4, kEps);
  EXPECT_NEAR(pe.conversion_by_touchpoint[a], 0.0, kEps);
  EXPECT_NEAR(pe.conversion_by_touchpoint[buy], 0.4, kEps);
  EXPECT_NEAR(pe.conversion_by_touchpoint[leave], 0.4, kEps);
  EXPECT_NEAR(r.conversion_probability, 0.4, kEps);
  expect_consistent(pe);
}

// A -> {B, Buy} 50/50, B -> {A, Leave} 50/50, no friction. Each round trip A->B->A has
// probability 1/4, so the number of round trips K is geometric: P(K = k) = (3/4)(1/4)^k.
TEST(MarkovExact, LoopGeometricSeries) {
  Builder b;
  const Index a = b.regular("A");
  const Index bb = b.regular("B");
  const Index buy = b.conversion("Buy");
  const Index leave = b.exit("Leave");
  b.edge(a, bb, 1.0);
  b.edge(a, buy, 1.0);
  b.edge(bb, a, 1.0);
  b.edge(bb, leave, 1.0);
  b.entry(a, 1.0);
  b.persona("p", 1.0);

  const PersonaExact pe = analyze_exact(b.s).personas.at(0);
  // P(convert) = sum_k (1/4)^k (1/2) = 2/3.
  EXPECT_NEAR(pe.conversion_probability, 2.0 / 3.0, kEps);
  EXPECT_NEAR(pe.exit_probability, 1.0 / 3.0, kEps);
  EXPECT_NEAR(pe.abandonment_probability, 0.0, kEps);
  EXPECT_NEAR(pe.expected_visits[a], 4.0 / 3.0, kEps);  // 1 / (1 - 1/4)
  EXPECT_NEAR(pe.expected_visits[bb], 2.0 / 3.0, kEps);
  // L = 2K + 2 + [ends by Leave], K independent of how it ends:
  // E[L] = 2/3 + 2 + 1/3 = 3; Var[L] = 4 Var[K] + Var[leave] = 4 (4/9) + 2/9 = 2.
  EXPECT_NEAR(pe.expected_path_length, 3.0, kEps);
  EXPECT_NEAR(pe.path_length_sd, std::sqrt(2.0), 1e-9);
  expect_consistent(pe);
}

// A -> {WebBuy (web), StoreBuy (store)} with equal weights; affinity changes the split.
TEST(MarkovExact, AffinityChangesTheSplit) {
  Builder b;
  const Index a = b.regular("A");
  const Index web_buy = b.conversion("WebBuy", 10.0, 0);
  const Index store_buy = b.conversion("StoreBuy", 50.0, 1);
  b.edge(a, web_buy, 1.0);
  b.edge(a, store_buy, 1.0);
  b.entry(a, 1.0);
  b.persona("neutral", 0.5);
  b.persona("store_lover", 0.5).affinity = {1.0, 3.0};

  const ExactAnalysis r = analyze_exact(b.s);
  EXPECT_NEAR(r.personas[0].conversion_by_touchpoint[store_buy], 0.5, kEps);
  EXPECT_NEAR(r.personas[1].conversion_by_touchpoint[web_buy], 0.25, kEps);
  EXPECT_NEAR(r.personas[1].conversion_by_touchpoint[store_buy], 0.75, kEps);
  EXPECT_NEAR(r.personas[0].expected_order_value, 0.5 * 10 + 0.5 * 50, kEps);
  EXPECT_NEAR(r.personas[1].expected_order_value, 0.25 * 10 + 0.75 * 50, kEps);
  EXPECT_NEAR(r.personas[1].conversion_probability, 1.0, kEps);
}

// All targets at affinity 0: no move is possible, so the move mass counts as abandonment.
TEST(MarkovExact, ZeroAffinityEverywhereIsAbandonment) {
  Builder b;
  const Index a = b.regular("A", 0.1);
  const Index buy = b.conversion("Buy", 10.0, 1);
  b.edge(a, buy, 1.0);
  b.entry(a, 1.0);
  b.persona("no_store", 1.0).affinity = {1.0, 0.0};

  const PersonaExact pe = analyze_exact(b.s).personas.at(0);
  EXPECT_NEAR(pe.abandonment_probability, 1.0, kEps);
  EXPECT_NEAR(pe.conversion_probability, 0.0, kEps);
  EXPECT_NEAR(pe.expected_path_length, 1.0, kEps);
  EXPECT_NEAR(pe.path_length_sd, 0.0, 1e-9);
}

// Friction 0.3 at A and 0.5 at B, scaled by the persona's sensitivity and capped at 1.
TEST(MarkovExact, SensitivityScalesFrictionAndCapsAtOne) {
  Builder b;
  const Index a = b.regular("A", 0.3);
  const Index bb = b.regular("B", 0.5);
  const Index buy = b.conversion("Buy");
  b.edge(a, bb, 1.0);
  b.edge(bb, buy, 1.0);
  b.entry(a, 1.0);
  b.persona("careless", 0.25, 0.0);
  b.persona("normal", 0.25, 1.0);
  b.persona("touchy", 0.25, 1.5);  // A: 0.45, B: 0.75
  b.persona("fragile", 0.25, 4.0);  // A: min(1, 1.2) = 1

  const ExactAnalysis r = analyze_exact(b.s);
  EXPECT_NEAR(r.personas[0].conversion_probability, 1.0, kEps);
  EXPECT_NEAR(r.personas[1].conversion_probability, 0.7 * 0.5, kEps);
  EXPECT_NEAR(r.personas[2].conversion_probability, 0.55 * 0.25, kEps);
  EXPECT_NEAR(r.personas[2].abandonment_probability, 0.45 + 0.55 * 0.75, kEps);
  EXPECT_NEAR(r.personas[3].abandonment_probability, 1.0, kEps);
  EXPECT_NEAR(r.personas[3].expected_visits[bb], 0.0, kEps);
  EXPECT_NEAR(r.personas[3].expected_path_length, 1.0, kEps);
  // normal: L = 1 (0.3), 2 (0.7 * 0.5), 3 (0.35): E = 0.3 + 0.7 + 1.05 = 2.05, E[L^2] = 0.3 + 1.4 + 3.15 = 4.85.
  EXPECT_NEAR(r.personas[1].expected_path_length, 2.05, kEps);
  EXPECT_NEAR(r.personas[1].path_length_sd, std::sqrt(4.85 - 2.05 * 2.05), 1e-9);
  for (const auto& pe : r.personas) expect_consistent(pe);
}

// Aggregates weight each persona by its share; a persona entry override that is itself terminal
// is a journey of one visit.
TEST(MarkovExact, ShareWeightingAndTerminalEntry) {
  Builder b;
  const Index a = b.regular("A", 0.5);
  const Index buy = b.conversion("Buy");
  const Index leave = b.exit("Leave");
  b.edge(a, buy, 1.0);
  b.edge(a, leave, 3.0);
  b.entry(a, 1.0);
  b.persona("browser", 0.25);                                   // converts 0.5 * 0.25 = 0.125
  b.persona("direct", 0.75).entry = {{buy, 1.0}, {a, 1.0}};     // 0.5 + 0.5 * 0.125 = 0.5625

  const ExactAnalysis r = analyze_exact(b.s);
  const PersonaExact& direct = r.personas[1];
  EXPECT_NEAR(r.personas[0].conversion_probability, 0.125, kEps);
  EXPECT_NEAR(direct.conversion_probability, 0.5625, kEps);
  EXPECT_NEAR(direct.expected_visits[a], 0.5, kEps);
  // direct: L = 1 (entry Buy: 0.5; abandon at A: 0.25), 2 (0.25): E = 1.25, Var = 0.1875.
  EXPECT_NEAR(direct.expected_path_length, 1.25, kEps);
  EXPECT_NEAR(direct.path_length_sd, std::sqrt(0.1875), 1e-9);
  EXPECT_NEAR(r.conversion_probability, 0.25 * 0.125 + 0.75 * 0.5625, kEps);
  EXPECT_NEAR(r.abandonment_probability, 0.25 * 0.5 + 0.75 * 0.25, kEps);
  EXPECT_NEAR(r.exit_probability, 0.25 * 0.375 + 0.75 * 0.1875, kEps);
  EXPECT_NEAR(r.expected_path_length, 0.25 * 1.5 + 0.75 * 1.25, kEps);
  EXPECT_NEAR(r.expected_visits[a], 0.25 * 1.0 + 0.75 * 0.5, kEps);
  EXPECT_NEAR(r.expected_visits[buy], 0.25 * 0.125 + 0.75 * 0.5625, kEps);
  for (const auto& pe : r.personas) expect_consistent(pe);
}

// Straight simulation of the v1 rules, independent of the solver: what the oracle must agree with.
struct MonteCarlo {
  double converted = 0, abandoned = 0, exited = 0;
  double length_sum = 0, length_sq_sum = 0;
  std::vector<double> visit_sum, visit_sq_sum;
  std::size_t agents = 0;
};

MonteCarlo simulate(const Scenario& s, const Persona& p, std::size_t agents, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u01(0.0, 1.0);
  auto pick = [&](const std::vector<double>& weights) {  // index ∝ weight; total must be > 0
    double total = 0.0;
    for (double w : weights) total += w;
    double x = u01(rng) * total;
    for (std::size_t i = 0; i < weights.size(); ++i) {
      if (x < weights[i]) return i;
      x -= weights[i];
    }
    return weights.size() - 1;
  };
  const auto& entry = s.entry_for(p);
  std::vector<double> entry_w;
  for (const auto& e : entry) entry_w.push_back(e.weight);

  MonteCarlo mc;
  mc.agents = agents;
  mc.visit_sum.assign(s.touchpoints.size(), 0.0);
  mc.visit_sq_sum.assign(s.touchpoints.size(), 0.0);
  std::vector<double> visits(s.touchpoints.size());
  for (std::size_t i = 0; i < agents; ++i) {
    std::fill(visits.begin(), visits.end(), 0.0);
    Index at = entry[pick(entry_w)].touchpoint;
    double length = 0;
    for (;;) {
      ++length;
      ++visits[at];
      const Touchpoint& tp = s.touchpoints[at];
      if (tp.kind == TouchpointKind::Conversion) { ++mc.converted; break; }
      if (tp.kind == TouchpointKind::Exit) { ++mc.exited; break; }
      if (u01(rng) < tp.friction * p.friction_sensitivity) { ++mc.abandoned; break; }
      std::vector<double> w;
      double total = 0.0;
      for (const auto& tr : s.transitions[at]) {
        w.push_back(tr.weight * p.affinity[s.touchpoints[tr.to].channel]);
        total += w.back();
      }
      if (total <= 0.0) { ++mc.abandoned; break; }
      at = s.transitions[at][pick(w)].to;
    }
    mc.length_sum += length;
    mc.length_sq_sum += length * length;
    for (std::size_t t = 0; t < visits.size(); ++t) {
      mc.visit_sum[t] += visits[t];
      mc.visit_sq_sum[t] += visits[t] * visits[t];
    }
  }
  return mc;
}

// A graph with loops, a self loop, two entries, mixed channels and frictions.
Builder web_shop() {
  Builder b;
  const Index home = b.regular("home", 0.10, 0);
  const Index product = b.regular("product", 0.05, 0);
  const Index cart = b.regular("cart", 0.25, 0);
  const Index store = b.regular("store", 0.15, 1);
  const Index support = b.regular("support", 0.0, 1);
  const Index web_buy = b.conversion("web_buy", 80.0, 0);
  const Index store_buy = b.conversion("store_buy", 120.0, 1);
  const Index bounce = b.exit("bounce", 0);
  b.edge(home, product, 5);
  b.edge(home, store, 1);
  b.edge(home, bounce, 1);
  b.edge(product, product, 2);  // browsing more products
  b.edge(product, cart, 3);
  b.edge(product, home, 1);
  b.edge(product, support, 1);
  b.edge(cart, web_buy, 4);
  b.edge(cart, product, 2);
  b.edge(cart, support, 1);
  b.edge(store, store_buy, 2);
  b.edge(store, home, 1);
  b.edge(support, cart, 1);
  b.edge(support, store, 1);
  b.entry(home, 3);
  b.entry(product, 1);
  b.persona("digital", 0.6, 1.0).affinity = {1.5, 0.5};
  b.persona("shy", 0.4, 1.8).entry = {{store, 1.0}};
  return b;
}

TEST(MarkovExact, AgreesWithMonteCarloWithinFourSd) {
  const Builder b = web_shop();
  const ExactAnalysis r = analyze_exact(b.s);
  constexpr std::size_t kAgents = 200000;
  for (std::size_t i = 0; i < b.s.personas.size(); ++i) {
    const Persona& p = b.s.personas[i];
    const PersonaExact& pe = r.personas[i];
    expect_consistent(pe);
    const MonteCarlo mc = simulate(b.s, p, kAgents, 12345 + i);
    const double n = static_cast<double>(kAgents);
    auto proportion = [&](double count, double exact, const char* what) {
      const double sd = std::sqrt(exact * (1.0 - exact) / n);
      EXPECT_NEAR(count / n, exact, 4.0 * sd + 1e-12) << p.id << " " << what;
    };
    proportion(mc.converted, pe.conversion_probability, "conversion");
    proportion(mc.abandoned, pe.abandonment_probability, "abandonment");
    proportion(mc.exited, pe.exit_probability, "exit");
    // The exact sd gives the tolerance of the mean path length.
    EXPECT_NEAR(mc.length_sum / n, pe.expected_path_length, 4.0 * pe.path_length_sd / std::sqrt(n)) << p.id;
    const double sample_var = mc.length_sq_sum / n - std::pow(mc.length_sum / n, 2);
    EXPECT_NEAR(std::sqrt(sample_var), pe.path_length_sd, 0.03 * pe.path_length_sd) << p.id;
    for (std::size_t t = 0; t < b.s.touchpoints.size(); ++t) {
      const double mean = mc.visit_sum[t] / n;
      const double sd = std::sqrt(std::max(0.0, mc.visit_sq_sum[t] / n - mean * mean));
      EXPECT_NEAR(mean, pe.expected_visits[t], 4.0 * sd / std::sqrt(n) + 1e-12) << p.id << " " << b.s.touchpoints[t].id;
    }
  }
  // The graph is not trivial: both personas have loops that matter.
  EXPECT_GT(r.personas[0].expected_path_length, 3.0);
  EXPECT_GT(r.personas[0].path_length_sd, 1.0);
}

// A <-> B with no friction and no way out: no finite answer, and the message names the loop.
TEST(MarkovExact, TrapLoopThrowsNamingTheTouchpoints) {
  Builder b;
  const Index start = b.regular("start", 0.1);
  const Index a = b.regular("loop_a");
  const Index bb = b.regular("loop_b");
  const Index buy = b.conversion("Buy");
  b.edge(start, a, 1.0);
  b.edge(start, buy, 1.0);
  b.edge(a, bb, 1.0);
  b.edge(bb, a, 1.0);
  b.entry(start, 1.0);
  b.persona("p", 1.0);
  try {
    (void)analyze_exact(b.s);
    FAIL() << "expected jsim::Error";
  } catch (const Error& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("loop_a"), std::string::npos) << msg;
    EXPECT_NE(msg.find("loop_b"), std::string::npos) << msg;
    EXPECT_EQ(msg.find("start"), std::string::npos) << msg;  // start can leave: not part of the trap
    EXPECT_NE(msg.find("'p'"), std::string::npos) << msg;
  }
}

// Friction turned off by a sensitivity of 0 makes a loop a trap for that persona only.
TEST(MarkovExact, ZeroSensitivityCanMakeATrap) {
  Builder b;
  const Index a = b.regular("A", 0.2);
  const Index bb = b.regular("B", 0.2);
  b.conversion("Buy");  // present but unreachable from the loop
  b.edge(a, bb, 1.0);
  b.edge(bb, a, 1.0);
  b.entry(a, 1.0);
  b.persona("p", 1.0, 1.0);
  EXPECT_NEAR(analyze_exact(b.s).abandonment_probability, 1.0, kEps);
  b.s.personas[0].friction_sensitivity = 0.0;
  EXPECT_THROW((void)analyze_exact(b.s), Error);
}

// A trap no agent of the persona can reach does not stop the analysis.
TEST(MarkovExact, UnreachableTrapIsIgnored) {
  Builder b;
  const Index a = b.regular("A", 0.5);
  const Index buy = b.conversion("Buy");
  const Index c = b.regular("C");
  const Index d = b.regular("D");
  b.edge(a, buy, 1.0);
  b.edge(c, d, 1.0);
  b.edge(d, c, 1.0);
  b.entry(a, 1.0);
  b.persona("p", 1.0);
  const PersonaExact pe = analyze_exact(b.s).personas.at(0);
  EXPECT_NEAR(pe.conversion_probability, 0.5, kEps);
  EXPECT_NEAR(pe.expected_visits[c], 0.0, kEps);
  expect_consistent(pe);
}

TEST(MarkovExact, RejectsInconsistentHandBuiltScenario) {
  Builder b;
  const Index a = b.regular("A");
  const Index buy = b.conversion("Buy");
  b.edge(a, buy, 1.0);
  b.entry(a, 1.0);
  EXPECT_THROW((void)analyze_exact(b.s), Error);  // no personas
  b.persona("p", 1.0).affinity = {1.0};            // one affinity for two channels
  EXPECT_THROW((void)analyze_exact(b.s), Error);
  b.s.personas[0].affinity = {1.0, 1.0};
  EXPECT_NO_THROW((void)analyze_exact(b.s));
}

}  // namespace
}  // namespace jsim

namespace jsim {
namespace {

// The step guard, by hand on the loop A -> {B, Buy}, B -> {A, Leave} (all 1/2), entry A, with
// max_steps 4 (visits 0..3 allowed): Buy at visit 1 (1/2) or 3 (1/8): 0.625; Leave at visit 2:
// 1/4; stopped on arriving for visit 4, at A or at Leave: 1/16 + 1/16 = 1/8.
TEST(MarkovStepGuard, LoopHandComputed) {
  Builder b;
  const Index a = b.regular("A"), bb = b.regular("B"), buy = b.conversion("Buy"), leave = b.exit("Leave");
  b.edge(a, bb, 1.0), b.edge(a, buy, 1.0), b.edge(bb, a, 1.0), b.edge(bb, leave, 1.0);
  b.entry(a, 1.0);
  b.persona("p", 1.0);
  b.s.max_steps = 4;
  const ExactAnalysis e = analyze_exact(b.s);
  EXPECT_NEAR(e.guarded_conversion_probability, 0.625, 1e-12);
  EXPECT_NEAR(e.step_guard_probability, 0.125, 1e-12);
  EXPECT_NEAR(e.conversion_probability, 2.0 / 3.0, 1e-12);  // the unguarded answer is unchanged
  ASSERT_FALSE(exact_analysis_caveats(b.s).empty());
  EXPECT_NE(exact_analysis_caveats(b.s).back().find("step guard"), std::string::npos);
  b.s.max_steps = 1000;  // (1/2)^1000: the guard never binds
  EXPECT_TRUE(exact_analysis_caveats(b.s).empty());
}

// The engine's step guard agrees with the guarded exact answer (tiny_funnel with max_steps 3:
// about 38% of journeys are stopped).
TEST(MarkovStepGuard, SimulationMatchesTheGuardedAnswer) {
  auto s = std::make_shared<Scenario>(*load_scenario(std::string(JSIM_SOURCE_DIR) + "/scenarios/tiny_funnel.yaml"));
  s->max_steps = 3;
  const ExactAnalysis e = analyze_exact(*s);
  RunPlan plan = default_plan(s);
  plan.population = 100000;
  const RunResult r = simulate(plan);
  const double n = static_cast<double>(r.agents), p = e.guarded_conversion_probability, g = e.step_guard_probability;
  ASSERT_GT(g, 0.3);
  EXPECT_NEAR(static_cast<double>(r.conversions) / n, p, 4 * std::sqrt(p * (1 - p) / n));
  EXPECT_NEAR(static_cast<double>(r.step_guard_hits) / n, g, 4 * std::sqrt(g * (1 - g) / n));
}

// A chain of 10,000 touchpoints, each passed with probability 1 − f: converts with (1 − f)^n in
// closed form. The absorbing chain is solved sparse (a dense LU of this size took minutes).
TEST(MarkovExact, ALongChainMatchesItsClosedForm) {
  constexpr int n = 10000;
  constexpr double f = 1e-5;
  std::string text = "scenario: {name: chain, seed: 1, population: 10}\nstages: [s]\nchannels: [{id: web, kind: digital}]\ntouchpoints:\n";
  for (int i = 0; i < n; ++i) text += "  - {id: t" + std::to_string(i) + ", channel: web, stage: s, friction: 0.00001}\n";
  text += "  - {id: buy, channel: web, stage: s, kind: conversion, order_value: {dist: uniform, min: 1, max: 2}}\ntransitions:\n";
  for (int i = 0; i < n; ++i)
    text += "  - {from: t" + std::to_string(i) + ", to: [{touchpoint: " + (i + 1 < n ? "t" + std::to_string(i + 1) : std::string("buy")) +
            ", weight: 1}]}\n";
  text += "entry: [{touchpoint: t0, weight: 1}]\npersonas: [{id: p, share: 1}]\n";
  const ExactAnalysis a = analyze_exact(*load_scenario_text(text, "chain.yaml"));
  EXPECT_NEAR(a.conversion_probability, std::pow(1.0 - f, n), 1e-9);
  EXPECT_NEAR(a.abandonment_probability, 1.0 - std::pow(1.0 - f, n), 1e-9);
}

}  // namespace
}  // namespace jsim
