// The attribution models against hand calculations (the expected numbers are worked out in the
// comments), the Shapley coalition sum against its closed form, higher-order Markov chains
// against first-order data, and the bootstrap's determinism.
#include "data/attribution.hpp"

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include "data/attribution_models.hpp"
#include "model/error.hpp"

namespace jsim::data {
namespace {

constexpr double kEps = 1e-12;

struct Row {
  std::string path;  // "C1 > C2 > C3"; "" = no touches
  std::uint64_t conversions, nulls;
  double value;
};

std::vector<std::string> split(const std::string& path) {
  std::vector<std::string> out;
  std::size_t begin = 0;
  while (begin < path.size()) {
    const std::size_t end = std::min(path.find(" > ", begin), path.size());
    out.push_back(path.substr(begin, end - begin));
    begin = end + 3;
  }
  return out;
}

// States get ids in order of first appearance, so {"C1 > C2 > C3", ...} gives C1 = 0, C2 = 1, C3 = 2.
PathData paths(const std::vector<Row>& rows) {
  PathAccumulator acc(PathLevel::Channel);
  for (const Row& r : rows) {
    std::vector<State> touches;
    for (const auto& name : split(r.path)) touches.push_back(acc.state(name));
    if (r.conversions) acc.add(touches, true, r.value, r.conversions);
    if (r.nulls) acc.add(touches, false, 0.0, r.nulls);
  }
  return acc.take();
}

// The worked example of docs/attribution.md.
PathData c1c2c3() { return paths({{"C1 > C2 > C3", 1, 0, 100.0}, {"C1", 0, 1, 0.0}, {"C2 > C3", 0, 1, 0.0}}); }

void expect_credit(const Credit& c, const std::vector<double>& conversions, const std::vector<double>& value) {
  ASSERT_EQ(c.conversions.size(), conversions.size()) << c.model;
  for (std::size_t s = 0; s < conversions.size(); ++s) {
    EXPECT_NEAR(c.conversions[s], conversions[s], kEps) << c.model << " state " << s;
    EXPECT_NEAR(c.value[s], value[s], 1e-9) << c.model << " state " << s;
  }
}

double sum(const std::vector<double>& xs) {
  double t = 0.0;
  for (double x : xs) t += x;
  return t;
}

TEST(AttributionModels, ParseAndNames) {
  const auto ms = parse_models(" first_touch,markov , shapley,markov_3_nomerge,,linear", 2, false);
  std::vector<std::string> names;
  for (const auto& m : ms) names.push_back(m.name());
  EXPECT_EQ(names, (std::vector<std::string>{"first_touch", "markov_2_nomerge", "shapley", "markov_3_nomerge", "linear"}));
  for (const char* name : {"first_touch", "last_touch", "linear", "time_decay", "position_based", "markov_1", "markov_4_nomerge", "shapley"})
    EXPECT_EQ(parse_models(name, 1, true).at(0).name(), name);
  EXPECT_THROW((void)parse_models("first_touch,u_shaped", 1, true), Error);
  EXPECT_THROW((void)parse_models("markov", 5, true), Error);
  EXPECT_THROW((void)parse_models("markov_7", 1, true), Error);
  EXPECT_THROW((void)parse_models(" , ", 1, true), Error);
}

// C1 > C2 > C3 converts once (value 100): first touch gives it all to C1, last touch to C3,
// linear 1/3 each, position-based 0.4 / 0.2 / 0.4. The two null paths play no part.
TEST(AttributionHeuristics, WorkedExample) {
  const PathData d = c1c2c3();
  expect_credit(heuristic_credit(d, {Model::FirstTouch}), {1, 0, 0}, {100, 0, 0});
  expect_credit(heuristic_credit(d, {Model::LastTouch}), {0, 0, 1}, {0, 0, 100});
  expect_credit(heuristic_credit(d, {Model::Linear}), {1.0 / 3, 1.0 / 3, 1.0 / 3}, {100.0 / 3, 100.0 / 3, 100.0 / 3});
  expect_credit(heuristic_credit(d, {Model::PositionBased}), {0.4, 0.2, 0.4}, {40, 20, 40});
}

// A > B: 2 conversions, value 10.  A > A > B > C: 1 conversion, value 30.  B: 1 conversion, value 5.
//   first:  A = 2 + 1 = 3 (10 + 30 = 40), B = 1 (5)
//   last:   B = 2 + 1 = 3 (10 + 5 = 15), C = 1 (30)
//   linear: A > B halves; A > A > B > C quarters, A counted twice:
//           A = 1 + 0.5 = 1.5 (5 + 15 = 20), B = 1 + 0.25 + 1 = 2.25 (5 + 7.5 + 5 = 17.5), C = 0.25 (7.5)
//   position: A > B 50/50; A > A > B > C: A 0.4 first + 0.1 middle, B 0.1 middle, C 0.4 last:
//           A = 1 + 0.5 = 1.5 (5 + 15 = 20), B = 1 + 0.1 + 1 = 2.1 (5 + 3 + 5 = 13), C = 0.4 (12)
TEST(AttributionHeuristics, RepeatsAndPathLengths) {
  const PathData d = paths({{"A > B", 2, 3, 10.0}, {"A > A > B > C", 1, 0, 30.0}, {"B", 1, 4, 5.0}});
  expect_credit(heuristic_credit(d, {Model::FirstTouch}), {3, 1, 0}, {40, 5, 0});
  expect_credit(heuristic_credit(d, {Model::LastTouch}), {0, 3, 1}, {0, 15, 30});
  expect_credit(heuristic_credit(d, {Model::Linear}), {1.5, 2.25, 0.25}, {20, 17.5, 7.5});
  expect_credit(heuristic_credit(d, {Model::PositionBased}), {1.5, 2.1, 0.4}, {20, 13, 12});
  // Other end shares: 0.3 first / 0.5 last on A > A > B > C gives A 0.3 + 0.1, B 0.1, C 0.5.
  expect_credit(heuristic_credit(d, {Model::PositionBased}, 0.3, 0.5), {1.4, 2.1, 0.5}, {17, 13, 15});
  EXPECT_THROW((void)heuristic_credit(d, {Model::PositionBased}, 0.7, 0.5), Error);
}

// Half-life 1 s; A at t = 0, B at t = 1, conversion at t = 2 (value 30): weights 2^-2 and 2^-1,
// normalised 1/3 and 2/3, so A earns 1/3 (10) and B 2/3 (20).
TEST(AttributionHeuristics, TimeDecay) {
  PathAccumulator acc(PathLevel::Channel, 1.0);
  const State a = acc.state("A"), b = acc.state("B");
  acc.add({a, b}, true, 30.0, 1, {0.0, 1.0}, 2.0);
  acc.add({a}, false, 0.0, 2);
  const PathData d = acc.take();
  ASSERT_TRUE(d.timed);
  expect_credit(heuristic_credit(d, {Model::TimeDecay}), {1.0 / 3, 2.0 / 3}, {10, 20});

  // A conversion with no touches has nothing to time: the input stays timed.
  PathAccumulator direct(PathLevel::Channel, 1.0);
  direct.add({direct.state("A")}, true, 5.0, 1, {0.0}, 1.0);
  direct.add({}, true, 7.0, 2);
  EXPECT_TRUE(direct.take().timed);

  // The worked example of docs/attribution.md: C1, C2, C3 on days 0, 7, 14, conversion on day
  // 14, half-life 7 days: weights 1/4, 1/2, 1 out of 7/4, so 1/7, 2/7, 4/7.
  constexpr double kDay = 86400.0;
  PathAccumulator days(PathLevel::Channel, 7 * kDay);
  const std::vector<State> t{days.state("C1"), days.state("C2"), days.state("C3")};
  days.add(t, true, 100.0, 1, {0.0, 7 * kDay, 14 * kDay}, 14 * kDay);
  days.add({t[0]}, false, 0.0, 1);
  days.add({t[1], t[2]}, false, 0.0, 1);
  expect_credit(heuristic_credit(days.take(), {Model::TimeDecay}), {1.0 / 7, 2.0 / 7, 4.0 / 7}, {100.0 / 7, 200.0 / 7, 400.0 / 7});

  // Without timestamps, attribute() skips the model and says so.
  const PathData untimed = c1c2c3();
  EXPECT_THROW((void)heuristic_credit(untimed, {Model::TimeDecay}), Error);
  const auto res = attribute(untimed, {parse_models("time_decay,linear", 1, true)});
  ASSERT_EQ(res.credits.size(), 1u);
  EXPECT_EQ(res.credits[0].model, "linear");
  ASSERT_FALSE(res.notes.empty());
  EXPECT_NE(res.notes[0].find("time_decay skipped"), std::string::npos);
}

// Conversions on journeys without touches are credited to nobody, and attribute() says so.
TEST(AttributionModels, NoTouchConversionsAreUnassigned) {
  const PathData d = paths({{"A > B", 2, 1, 20.0}, {"", 3, 5, 33.0}, {"B", 1, 1, 4.0}});
  const auto res = attribute(d, {parse_models("first_touch,linear,position_based,markov,shapley", 1, true)});
  EXPECT_EQ(res.unassigned_conversions, 3u);
  EXPECT_DOUBLE_EQ(res.unassigned_value, 33.0);
  ASSERT_FALSE(res.notes.empty());
  EXPECT_NE(res.notes[0].find("3 conversions"), std::string::npos);
  for (const Credit& c : res.credits) {
    EXPECT_NEAR(sum(c.conversions), 3.0, 1e-9) << c.model;
    EXPECT_NEAR(sum(c.value), 24.0, 1e-9) << c.model;
  }
}

// Order 1 on C1 > C2 > C3 (conv), C1 (null), C2 > C3 (null). Counts: start -> C1 2, start -> C2 1;
// C1 -> C2 1, C1 -> null 1; C2 -> C3 2; C3 -> conv 1, C3 -> null 1. So
//   P(conv) = 2/3 * 1/2 * 1 * 1/2 + 1/3 * 1 * 1/2 = 1/6 + 1/6 = 1/3.
// Without C1 only start -> C2 -> C3 -> conv is left: 1/6, removal effect 1 - (1/6)/(1/3) = 0.5.
// Without C2 or C3 nothing converts: removal effects 1 and 1. Credits 0.5, 1, 1 over 2.5:
// 0.2, 0.4, 0.4 of the one conversion (value 20, 40, 40).
TEST(AttributionMarkov, WorkedExample) {
  const PathData d = c1c2c3();
  const Credit c = markov_credit(d, 1, true);
  expect_credit(c, {0.2, 0.4, 0.4}, {20, 40, 40});
  ASSERT_EQ(c.removal_effect.size(), 3u);
  EXPECT_NEAR(c.removal_effect[0], 0.5, kEps);
  EXPECT_NEAR(c.removal_effect[1], 1.0, kEps);
  EXPECT_NEAR(c.removal_effect[2], 1.0, kEps);
  // Order 2 (docs/attribution.md): same removal effects, same credits.
  const Credit c2 = markov_credit(d, 2, true);
  expect_credit(c2, {0.2, 0.4, 0.4}, {20, 40, 40});
  EXPECT_NEAR(c2.removal_effect[0], 0.5, kEps);
  const auto res = attribute(d, {parse_models("markov,linear", 1, true)});
  EXPECT_NEAR(res.chain_conversion_probability.at(0), 1.0 / 3, kEps);
  EXPECT_TRUE(std::isnan(res.chain_conversion_probability.at(1)));
}

// Order 2 without merging on A > A > B (conv), A > B (null), B (conv):
//   start -> (A) 2, start -> (B) 1; (A) -> (A,A) 1, (A) -> (A,B) 1; (A,A) -> (A,B) 1;
//   (A,B) -> conv 1, null 1; (B) -> conv 1.
//   P = 2/3 * (1/2 * 1/2 + 1/2 * 1 * 1/2) + 1/3 * 1 = 2/3.
// Without A: start -> (B) -> conv only, 1/3: RE_A = 1/2. Without B: 0, RE_B = 1.
// Credits over 1.5 of 2 conversions: A 2/3, B 4/3.
TEST(AttributionMarkov, SecondOrderWithoutMerging) {
  const PathData d = paths({{"A > A > B", 1, 0, 3.0}, {"A > B", 0, 1, 0.0}, {"B", 1, 0, 3.0}});
  const Credit c = markov_credit(d, 2, false);
  EXPECT_EQ(c.model, "markov_2_nomerge");
  EXPECT_NEAR(c.removal_effect[0], 0.5, kEps);
  EXPECT_NEAR(c.removal_effect[1], 1.0, kEps);
  expect_credit(c, {2.0 / 3, 4.0 / 3}, {2, 4});
}

// An order-1 chain written independently: probabilities from merged paths, absorption by Gaussian
// elimination, for the state set `keep`.
double first_order_conversion(const PathData& d, const std::vector<bool>& keep) {
  const std::size_t n = d.states.size();
  std::vector<double> start(n, 0.0), conv(n, 0.0), total(n, 0.0);
  std::vector<std::vector<double>> move(n, std::vector<double>(n, 0.0));
  double starts = 0.0;
  for (const auto& p : d.paths) {
    if (p.touches.empty()) continue;
    const double j = static_cast<double>(p.conversions + p.nulls);
    std::vector<State> t{p.touches[0]};
    for (State s : p.touches)
      if (s != t.back()) t.push_back(s);
    start[t[0]] += j, starts += j;
    for (std::size_t k = 0; k + 1 < t.size(); ++k) move[t[k]][t[k + 1]] += j, total[t[k]] += j;
    conv[t.back()] += static_cast<double>(p.conversions), total[t.back()] += j;
  }
  // (I - Q) x = r over kept states; removed states have x = 0. Gauss-Jordan with partial pivoting.
  std::vector<std::vector<double>> a(n, std::vector<double>(n, 0.0));
  std::vector<double> r(n, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    a[i][i] = 1.0;
    if (!keep[i] || total[i] == 0.0) continue;
    for (std::size_t j = 0; j < n; ++j)
      if (keep[j]) a[i][j] -= move[i][j] / total[i];
    r[i] = conv[i] / total[i];
  }
  for (std::size_t c = 0; c < n; ++c) {
    std::size_t piv = c;
    for (std::size_t i = c + 1; i < n; ++i)
      if (std::abs(a[i][c]) > std::abs(a[piv][c])) piv = i;
    std::swap(a[c], a[piv]);
    std::swap(r[c], r[piv]);
    for (std::size_t i = 0; i < n; ++i)
      if (i != c) {
        const double f = a[i][c] / a[c][c];
        for (std::size_t k = c; k < n; ++k) a[i][k] -= f * a[c][k];
        r[i] -= f * r[c];
      }
  }
  double p = 0.0;
  for (std::size_t i = 0; i < n; ++i)
    if (keep[i]) p += start[i] / starts * r[i] / a[i][i];
  return p;
}

std::vector<double> first_order_removal_effects(const PathData& d) {
  const std::size_t n = d.states.size();
  const double full = first_order_conversion(d, std::vector<bool>(n, true));
  std::vector<double> re(n);
  for (std::size_t c = 0; c < n; ++c) {
    std::vector<bool> keep(n, true);
    keep[c] = false;
    re[c] = 1.0 - first_order_conversion(d, keep) / full;
  }
  return re;
}

// A known first-order chain over 4 channels with no self-loops: start, conversion, null and
// moves per channel.
struct KnownChain {
  std::vector<double> start{0.4, 0.3, 0.2, 0.1};
  // per channel: conv, null, then moves to channels 0..3
  std::vector<std::vector<double>> rows{{0.05, 0.25, 0.00, 0.30, 0.25, 0.15},
                                        {0.10, 0.30, 0.20, 0.00, 0.25, 0.15},
                                        {0.15, 0.25, 0.20, 0.20, 0.00, 0.20},
                                        {0.30, 0.30, 0.10, 0.15, 0.15, 0.00}};
  PathData simulate(std::uint64_t journeys, std::uint64_t seed) const {
    std::mt19937_64 rng(seed);
    std::discrete_distribution<int> first(start.begin(), start.end());
    std::vector<std::discrete_distribution<int>> next;
    for (const auto& r : rows) next.emplace_back(r.begin(), r.end());
    PathAccumulator acc(PathLevel::Channel);
    for (const char* name : {"c0", "c1", "c2", "c3"}) acc.state(name);
    std::vector<State> t;
    for (std::uint64_t j = 0; j < journeys; ++j) {
      t.assign(1, static_cast<State>(first(rng)));
      for (;;) {
        const int k = next[t.back()](rng);
        if (k < 2) {
          acc.add(t, k == 0, k == 0 ? 1.0 : 0.0);
          break;
        }
        t.push_back(static_cast<State>(k - 2));
      }
    }
    return acc.take();
  }
};

TEST(AttributionMarkov, FirstOrderMatchesIndependentSolver) {
  const PathData d = KnownChain{}.simulate(3000, 11);
  const Credit c = markov_credit(d, 1, true);
  const auto re = first_order_removal_effects(d);
  for (std::size_t s = 0; s < re.size(); ++s) EXPECT_NEAR(c.removal_effect[s], re[s], 1e-10) << s;
  // At order 1 merging repeats changes nothing: a self-loop only rescales the other moves.
  const Credit nomerge = markov_credit(paths({{"A > A > B", 2, 1, 2.0}, {"B > B > A", 1, 3, 1.0}, {"A", 0, 2, 0.0}}), 1, false);
  const Credit merged = markov_credit(paths({{"A > A > B", 2, 1, 2.0}, {"B > B > A", 1, 3, 1.0}, {"A", 0, 2, 0.0}}), 1, true);
  for (std::size_t s = 0; s < 2; ++s) EXPECT_NEAR(nomerge.removal_effect[s], merged.removal_effect[s], 1e-12);
}

// On journeys from a first-order chain, orders 2 and 3 estimate the same removal effects: every
// order-k state (..., a) moves like a. The tolerance is 4 bootstrap standard errors of the
// difference (paired: both orders on each replicate), and order 1 is checked against the known
// chain's exact removal effects with 4 standard errors of its own.
TEST(AttributionMarkov, HigherOrdersAgreeOnFirstOrderData) {
  const KnownChain chain;
  const PathData d = chain.simulate(20000, 2024);
  std::vector<std::vector<double>> re(4);
  for (int k = 1; k <= 3; ++k) re[k] = markov_credit(d, k, true).removal_effect;

  // Exact removal effects of the known chain: the independent solver on "paths" weighted by
  // their probabilities would need enumeration; instead solve the chain directly.
  const auto exact = [&] {
    const std::size_t n = 4;
    const auto conversion = [&](int removed) {
      // x = r + Q x over kept channels, by fixed-point iteration to machine precision.
      std::vector<double> x(n, 0.0);
      for (int it = 0; it < 2000; ++it) {
        std::vector<double> y(n, 0.0);
        for (std::size_t i = 0; i < n; ++i) {
          if (static_cast<int>(i) == removed) continue;
          y[i] = chain.rows[i][0];
          for (std::size_t j = 0; j < n; ++j)
            if (static_cast<int>(j) != removed) y[i] += chain.rows[i][2 + j] * x[j];
        }
        x = y;
      }
      double p = 0.0;
      for (std::size_t i = 0; i < n; ++i) p += chain.start[i] * x[i];
      return p;
    };
    std::vector<double> out(n);
    for (std::size_t c = 0; c < n; ++c) out[c] = 1.0 - conversion(static_cast<int>(c)) / conversion(-1);
    return out;
  }();

  // Paired Poisson bootstrap over journeys, written apart from the library's.
  constexpr int kReps = 100;
  std::mt19937_64 rng(99);
  std::vector<std::vector<double>> diff2(4), diff3(4), one(4);
  for (int r = 0; r < kReps; ++r) {
    PathData b = d;
    for (auto& p : b.paths) {
      p.conversions = p.conversions ? std::poisson_distribution<std::uint64_t>(static_cast<double>(p.conversions))(rng) : 0;
      p.nulls = p.nulls ? std::poisson_distribution<std::uint64_t>(static_cast<double>(p.nulls))(rng) : 0;
      p.value = static_cast<double>(p.conversions);
    }
    const auto r1 = markov_credit(b, 1, true).removal_effect;
    const auto r2 = markov_credit(b, 2, true).removal_effect;
    const auto r3 = markov_credit(b, 3, true).removal_effect;
    for (std::size_t s = 0; s < 4; ++s) {
      diff2[s].push_back(r2[s] - r1[s]);
      diff3[s].push_back(r3[s] - r1[s]);
      one[s].push_back(r1[s]);
    }
  }
  const auto sd = [](const std::vector<double>& xs) {
    double m = 0.0, v = 0.0;
    for (double x : xs) m += x;
    m /= static_cast<double>(xs.size());
    for (double x : xs) v += (x - m) * (x - m);
    return std::sqrt(v / static_cast<double>(xs.size() - 1));
  };
  for (std::size_t s = 0; s < 4; ++s) {
    EXPECT_NEAR(re[1][s], exact[s], 4.0 * sd(one[s])) << "channel " << s;
    EXPECT_NEAR(re[2][s], re[1][s], 4.0 * sd(diff2[s])) << "channel " << s;
    EXPECT_NEAR(re[3][s], re[1][s], 4.0 * sd(diff3[s])) << "channel " << s;
    EXPECT_GT(sd(diff2[s]), 0.0);  // the orders do differ on a finite sample
  }
}

// Big chains (over kMarkovDirectMax states) are solved by BiCGSTAB instead of sparse LU: forcing
// it on a small chain gives the same removal effects to 1e-10.
TEST(AttributionMarkov, IterativeSolveMatchesDirect) {
  const PathData d = KnownChain{}.simulate(5000, 17);
  const auto w = detail::observed_weights(d);
  for (int k = 1; k <= 3; ++k) {
    const detail::MarkovLayout layout(d, k, true);
    Credit direct = detail::empty_credit(d, {Model::Markov, k}), iterative = direct;
    const double p1 = layout.credit_into(w, direct), p2 = layout.credit_into(w, iterative, 0);
    EXPECT_NEAR(p1, p2, 1e-12);
    for (std::size_t s = 0; s < d.states.size(); ++s) EXPECT_NEAR(direct.removal_effect[s], iterative.removal_effect[s], 1e-10);
  }
}

// C1 > C2 > C3 is the only converting path: v(S) = 1 iff S holds all three, so each gets 1/3.
TEST(AttributionShapley, WorkedExample) {
  const PathData d = c1c2c3();
  expect_credit(shapley_credit(d), {1.0 / 3, 1.0 / 3, 1.0 / 3}, {100.0 / 3, 100.0 / 3, 100.0 / 3});
  expect_credit(shapley_credit(d, ShapleyMethod::ClosedForm), {1.0 / 3, 1.0 / 3, 1.0 / 3}, {100.0 / 3, 100.0 / 3, 100.0 / 3});
}

// A: 2 conversions (value 4); A > B: 1 (value 9); B > C > B: 3 (value 6); D only on a null path.
// Each path split equally over its distinct states: A = 2 + 1/2 = 2.5, B = 1/2 + 3/2 = 2,
// C = 3/2; value A = 4 + 4.5 = 8.5, B = 4.5 + 3 = 7.5, C = 3; D = 0.
TEST(AttributionShapley, EfficiencyAndNullPlayer) {
  const PathData d = paths({{"A", 2, 1, 4.0}, {"A > B", 1, 0, 9.0}, {"B > C > B", 3, 2, 6.0}, {"D > A", 0, 7, 0.0}});
  for (auto method : {ShapleyMethod::Coalitions, ShapleyMethod::ClosedForm}) {
    const Credit c = shapley_credit(d, method);
    expect_credit(c, {2.5, 2.0, 1.5, 0.0}, {8.5, 7.5, 3.0, 0.0});
    EXPECT_NEAR(sum(c.conversions), static_cast<double>(d.total_conversions()), kEps);
  }
}

// A > C and B > C once each, A > B twice: swapping A and B leaves every path set alone, so A and B
// are symmetric players and earn the same.
TEST(AttributionShapley, Symmetry) {
  const Credit c = shapley_credit(paths({{"A > C", 1, 0, 1.0}, {"B > C", 1, 0, 1.0}, {"A > B", 2, 0, 2.0}}), ShapleyMethod::Coalitions);
  EXPECT_NEAR(c.conversions[0], c.conversions[2], kEps);  // ids: A 0, C 1, B 2
  EXPECT_NEAR(sum(c.conversions), 4.0, kEps);
}

// The coalition sum and the closed form agree on random path sets of up to 10 states.
TEST(AttributionShapley, CoalitionsEqualClosedForm) {
  std::mt19937_64 rng(5);
  for (int trial = 0; trial < 20; ++trial) {
    const int n = 2 + trial % 9;
    std::vector<Row> rows;
    for (int p = 0; p < 30; ++p) {
      std::string path;
      const int len = 1 + static_cast<int>(rng() % 5);
      for (int k = 0; k < len; ++k) path += (k ? " > " : "") + std::string("s") + std::to_string(rng() % n);
      rows.push_back({path, rng() % 4, rng() % 3, static_cast<double>(rng() % 100)});
    }
    const PathData d = paths(rows);
    const Credit a = shapley_credit(d, ShapleyMethod::Coalitions), b = shapley_credit(d, ShapleyMethod::ClosedForm);
    for (std::size_t s = 0; s < d.states.size(); ++s) {
      EXPECT_NEAR(a.conversions[s], b.conversions[s], 1e-9);
      EXPECT_NEAR(a.value[s], b.value[s], 1e-7);
    }
    EXPECT_NEAR(sum(a.conversions), static_cast<double>(d.total_conversions()), 1e-9);
  }
}

TEST(AttributionShapley, ManyStatesUseClosedForm) {
  std::vector<Row> rows;
  std::string path;
  for (int s = 0; s < 25; ++s) path += (s ? " > " : "") + std::string("s") + std::to_string(s);
  rows.push_back({path, 5, 0, 50.0});
  const PathData d = paths(rows);
  EXPECT_THROW((void)shapley_credit(d, ShapleyMethod::Coalitions), Error);
  const Credit c = shapley_credit(d);
  for (double x : c.conversions) EXPECT_NEAR(x, 0.2, kEps);
  const auto res = attribute(d, {parse_models("shapley", 1, true)});
  EXPECT_FALSE(res.notes.empty());
}

// Touchpoint level: per-channel credit is the sum over the channel's touchpoints.
TEST(AttributionModels, ChannelSumsAtTouchpointLevel) {
  PathAccumulator acc(PathLevel::Touchpoint);
  const State ad = acc.state("ad", "web"), page = acc.state("page", "web"), shop = acc.state("shop", "store");
  acc.add({ad, page, shop}, true, 90.0, 3);
  acc.add({shop}, false, 0.0, 2);
  const PathData d = acc.take();
  AttributionOptions o{parse_models("linear,markov", 1, true)};
  o.bootstrap = 50;
  const auto res = attribute(d, o);
  const Credit& lin = res.credits[0];
  ASSERT_EQ(lin.channel_conversions.size(), 2u);
  EXPECT_NEAR(lin.channel_conversions[0], 2.0, kEps);  // web: ad 1 + page 1
  EXPECT_NEAR(lin.channel_conversions[1], 1.0, kEps);
  EXPECT_NEAR(lin.channel_value[0], 60.0, 1e-9);
  ASSERT_EQ(lin.channel_conversions_low.size(), 2u);
  EXPECT_LE(lin.channel_conversions_low[0], lin.channel_conversions[0]);
  EXPECT_GE(lin.channel_conversions_high[0], lin.channel_conversions[0]);
}

AttributionOptions all_models(std::uint32_t reps, std::uint64_t seed) {
  AttributionOptions o{parse_models("first_touch,last_touch,linear,position_based,markov_1,markov_2,shapley", 1, true)};
  o.bootstrap = reps;
  o.seed = seed;
  return o;
}

// Same seed, same intervals, whatever the thread count; another seed, other intervals; and each
// interval holds its point estimate.
TEST(AttributionBootstrap, DeterministicAndContainsEstimate) {
  const PathData d = KnownChain{}.simulate(5000, 3);
  const auto a = attribute(d, all_models(200, 7));
  AttributionResult b;
  {
    tbb::global_control one(tbb::global_control::max_allowed_parallelism, 1);
    b = attribute(d, all_models(200, 7));
  }
  const auto c = attribute(d, all_models(200, 8));
  ASSERT_EQ(a.credits.size(), 7u);
  bool differs = false;
  for (std::size_t k = 0; k < a.credits.size(); ++k) {
    const Credit& x = a.credits[k];
    EXPECT_EQ(x.conversions_low, b.credits[k].conversions_low) << x.model;
    EXPECT_EQ(x.conversions_high, b.credits[k].conversions_high) << x.model;
    EXPECT_EQ(x.value_low, b.credits[k].value_low) << x.model;
    EXPECT_EQ(x.value_high, b.credits[k].value_high) << x.model;
    differs = differs || x.conversions_low != c.credits[k].conversions_low;
    for (std::size_t s = 0; s < x.conversions.size(); ++s) {
      EXPECT_LE(x.conversions_low[s], x.conversions[s]) << x.model << " " << s;
      EXPECT_GE(x.conversions_high[s], x.conversions[s]) << x.model << " " << s;
      EXPECT_LE(x.value_low[s], x.value[s]) << x.model << " " << s;
      EXPECT_GE(x.value_high[s], x.value[s]) << x.model << " " << s;
      EXPECT_LT(x.conversions_low[s], x.conversions_high[s]) << x.model << " " << s;
    }
  }
  EXPECT_TRUE(differs);
}

TEST(AttributionBootstrap, Percentile) {
  std::vector<double> xs{5, 1, 4, 2, 3};
  EXPECT_DOUBLE_EQ(percentile(xs, 0.0), 1.0);
  EXPECT_DOUBLE_EQ(percentile(xs, 0.5), 3.0);
  EXPECT_DOUBLE_EQ(percentile(xs, 0.9), 4.6);  // h = 3.6: 4 + 0.6 * (5 - 4)
}

}  // namespace
}  // namespace jsim::data
