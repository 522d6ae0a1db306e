// Capacity-limited touchpoints against queueing theory: M/M/c (Erlang C) and M/M/c+M (Erlang A).
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "queue_theory.hpp"
#include "scenario_builders.hpp"
#include "sim/simulation.hpp"

namespace jsim {
namespace {

using Theory = testing::QueueTheory;
using testing::birth_death;

struct Measured {
  double prob_wait = 0, mean_wait = 0, abandon_fraction = 0, utilisation = 0;
};

// Means over independent replications, and their standard errors.
void replicate(const ScenarioPtr& s, int reps, Measured& mean, Measured& se) {
  std::vector<Measured> m;
  for (int i = 0; i < reps; ++i) {
    RunPlan plan = default_plan(s);
    plan.seed = 1000 + i;
    const RunResult r = simulate(plan);
    const TouchpointRow& q = r.touchpoints[0];
    m.push_back({q.prob_wait, q.mean_wait, static_cast<double>(q.reneges) / static_cast<double>(q.queued), q.utilisation});
  }
  auto stats = [&](double Measured::*f, double& mu, double& sigma) {
    double sum = 0, sq = 0;
    for (const auto& x : m) sum += x.*f;
    mu = sum / reps;
    for (const auto& x : m) sq += (x.*f - mu) * (x.*f - mu);
    sigma = std::sqrt(sq / (reps - 1) / reps);
  };
  for (auto f : {&Measured::prob_wait, &Measured::mean_wait, &Measured::abandon_fraction, &Measured::utilisation})
    stats(f, mean.*f, se.*f);
}

struct QueueCase {
  double lambda_per_hour, mean_service;
  int servers;
  double mean_patience;  // 0 = none
};

class ErlangTest : public ::testing::TestWithParam<QueueCase> {};

TEST_P(ErlangTest, MatchesTheoryWithinStatisticalTolerance) {
  const QueueCase qc = GetParam();
  const Distribution patience = qc.mean_patience > 0 ? Distribution::exponential(qc.mean_patience) : Distribution::none();
  const ScenarioPtr s = testing::single_queue(qc.lambda_per_hour, qc.mean_service, qc.servers, 56, patience);
  const Theory th = birth_death(qc.lambda_per_hour / 3600.0, 1.0 / qc.mean_service, qc.servers,
                                qc.mean_patience > 0 ? 1.0 / qc.mean_patience : 0.0);
  Measured mean, se;
  replicate(s, 8, mean, se);
  // 4 standard errors between replications, plus 2% for the start from an empty system.
  EXPECT_NEAR(mean.prob_wait, th.prob_wait, 4 * se.prob_wait + 0.02 * th.prob_wait + 1e-3);
  EXPECT_NEAR(mean.mean_wait, th.mean_wait, 4 * se.mean_wait + 0.02 * th.mean_wait + 0.5);
  EXPECT_NEAR(mean.utilisation, th.utilisation, 4 * se.utilisation + 0.01);
  if (qc.mean_patience > 0)
    EXPECT_NEAR(mean.abandon_fraction, th.abandon_fraction, 4 * se.abandon_fraction + 0.02 * th.abandon_fraction + 1e-3);
  else
    EXPECT_EQ(mean.abandon_fraction, 0.0);
}

INSTANTIATE_TEST_SUITE_P(Queues, ErlangTest,
                         ::testing::Values(QueueCase{50, 360, 6, 0},      // rho = 0.83, Erlang C
                                           QueueCase{20, 600, 4, 0},      // rho = 0.83, few servers
                                           QueueCase{110, 180, 6, 0},     // rho = 0.92, heavily loaded
                                           QueueCase{10, 300, 1, 0},      // M/M/1, rho = 0.83
                                           QueueCase{60, 360, 6, 300},    // Erlang A, rho = 1.0 offered
                                           QueueCase{70, 360, 6, 600}),  // Erlang A, overloaded (rho 1.17)
                         [](const ::testing::TestParamInfo<QueueCase>& info) {
                           const QueueCase& q = info.param;
                           return "lambda" + std::to_string(static_cast<int>(q.lambda_per_hour)) + "_service" +
                                  std::to_string(static_cast<int>(q.mean_service)) + "s_c" + std::to_string(q.servers) +
                                  (q.mean_patience > 0 ? "_patience" + std::to_string(static_cast<int>(q.mean_patience)) : "");
                         });

TEST(Erlang, TheoryHelperReproducesKnownErlangC) {
  // Erlang C closed form for offered load 6 erlangs on 8 servers: C(8, 6) = 0.356981.
  const Theory th = birth_death(2.0, 1.0 / 3.0, 8, 0.0);
  EXPECT_NEAR(th.prob_wait, 0.356981, 1e-5);
  // Mean wait = C / (c mu - lambda) = 0.356981 / (8/3 - 2).
  EXPECT_NEAR(th.mean_wait, 0.356981 / (8.0 / 3.0 - 2.0), 1e-5);
}

}  // namespace
}  // namespace jsim
