// Ranking and selection (engine/experiment/ranking_selection): Kim & Nelson's KN procedure on
// synthetic problems whose answer is known exactly, so the stated guarantee can be checked: over
// many seeds the correct design is chosen at least 1 − α of the time, less a binomial margin.
#include <gtest/gtest.h>

#include <iostream>

#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <random>

#include "experiment/ranking_selection.hpp"
#include "model/error.hpp"

namespace jsim {
namespace {

// Candidates with known means and normal noise; replication r of every candidate shares a common
// shock (weight rho), as common random numbers make simulation outputs positively correlated.
struct SyntheticProblem {
  std::vector<double> means, sds;
  std::vector<double> constraint_means;  // empty: no constraint
  double rho = 0.6;
  std::uint64_t seed = 1;

  [[nodiscard]] ObservationSource source() const {
    return [this](std::span<const std::size_t> which, std::uint32_t first, std::uint32_t count) {
      std::vector<std::vector<Observation>> out(which.size());
      for (std::uint32_t r = first; r < first + count; ++r) {
        std::mt19937_64 common(seed * 1'000'003 + r);  // the replication's common random numbers
        std::normal_distribution<double> z;
        const double shared = z(common), shared_cost = z(common);
        for (std::size_t j = 0; j < which.size(); ++j) {
          const std::size_t i = which[j];
          std::mt19937_64 own(seed * 7'919 + r * 104'729 + i);
          const double e = z(own), e_cost = z(own);
          const double noise = rho * shared + std::sqrt(1 - rho * rho) * e;
          const double cost = constraint_means.empty()
                                  ? 0.0
                                  : constraint_means[i] + rho * shared_cost + std::sqrt(1 - rho * rho) * e_cost;
          out[j].push_back({means[i] + sds[i] * noise, cost});
        }
      }
      return out;
    };
  }
};

// The least frequency of correct selection consistent with a true probability of 1 − α over
// `trials` independent trials: 1 − α less z(0.999) binomial standard errors (a false failure
// once in a thousand suites).
double least_frequency(double alpha, int trials) {
  const double z = boost::math::quantile(boost::math::normal(), 0.999);
  return 1.0 - alpha - z * std::sqrt(alpha * (1.0 - alpha) / trials);
}

TEST(RankingSelection, EtaMatchesKimNelson) {
  // α = 0.05, k = 2, n0 = 10: η = ½[(0.1)^(−2/9) − 1] = 0.3340503...
  EXPECT_NEAR(kn_eta(0.05, 2, 10), 0.5 * (std::pow(0.1, -2.0 / 9.0) - 1.0), 1e-15);
  EXPECT_NEAR(kn_eta(0.05, 2, 10), 0.3340503, 1e-7);
}

TEST(RankingSelection, FindsTheKnownBestAtTheStatedConfidence) {
  // Slippage configuration, the hardest for an indifference-zone procedure: the best (index 3)
  // exactly δ above four equal others, unequal variances.
  const double delta = 0.5, alpha = 0.05;
  const int trials = 200;
  int correct = 0;
  std::uint64_t replications = 0;
  for (int t = 0; t < trials; ++t) {
    SyntheticProblem p{{0, 0, 0, delta, 0}, {1, 1.5, 1, 1.2, 2}, {}, 0.6, static_cast<std::uint64_t>(t + 1)};
    SelectionPlan plan{.candidates = 5, .maximize = true, .delta = delta, .alpha = alpha, .first_stage = 10,
                       .max_replications = 100000, .budget = {}};
    const Selection s = select_best(plan, p.source());
    ASSERT_TRUE(s.chosen);
    EXPECT_TRUE(s.guaranteed);
    if (*s.chosen == 3) ++correct;
    for (const CandidateRecord& c : s.candidates) replications += c.objective.size();
  }
  const double frequency = static_cast<double>(correct) / trials;
  std::cout << "correct selection: " << correct << " of " << trials << " (least allowed "
            << least_frequency(alpha, trials) << ")\n";
  EXPECT_GE(frequency, least_frequency(alpha, trials)) << correct << " of " << trials;
  EXPECT_LT(replications, std::uint64_t{trials} * 5 * 100000);  // it stops well before the cap
}

TEST(RankingSelection, MinimisesAndKeepsTheBestFeasibleUnderABudget) {
  // Lower is better; candidate 0 has the lowest objective but breaks the budget (cost 12 > 10),
  // candidate 1 (cost 9) is the best feasible, 2 is worse and feasible, 3 is infeasible.
  const double delta = 0.5, alpha = 0.05;
  const int trials = 200;
  int correct = 0, infeasible_dropped = 0;
  for (int t = 0; t < trials; ++t) {
    SyntheticProblem p{{-2, 0, delta, -1}, {1, 1, 1, 1}, {12, 9, 5, 15}, 0.5, static_cast<std::uint64_t>(t + 101)};
    SelectionPlan plan{.candidates = 4, .maximize = false, .delta = delta, .alpha = alpha, .first_stage = 10,
                       .max_replications = 100000, .budget = 10.0};
    const Selection s = select_best(plan, p.source());
    EXPECT_DOUBLE_EQ(s.alpha_selection, alpha / 2);
    if (s.chosen && *s.chosen == 1 && s.guaranteed) ++correct;
    if (s.candidates[0].fate == Fate::Infeasible && s.candidates[3].fate == Fate::Infeasible) ++infeasible_dropped;
  }
  std::cout << "correct feasible selection: " << correct << " of " << trials << ", infeasible dropped "
            << infeasible_dropped << "\n";
  EXPECT_GE(static_cast<double>(correct) / trials, least_frequency(alpha, trials)) << correct << " of " << trials;
  EXPECT_GE(static_cast<double>(infeasible_dropped) / trials, least_frequency(alpha, trials));
}

TEST(RankingSelection, TheCapEndsWithoutTheGuaranteeAndNothingFeasibleChoosesNothing) {
  // Two equal candidates cannot be separated: the cap ends it, the guarantee not established.
  SyntheticProblem equal{{1, 1}, {1, 1}, {}, 0.0, 5};
  const Selection capped = select_best({.candidates = 2, .maximize = true, .delta = 0.01, .alpha = 0.05,
                                        .first_stage = 5, .max_replications = 20, .budget = {}},
                                       equal.source());
  ASSERT_TRUE(capped.chosen);
  EXPECT_FALSE(capped.guaranteed);
  EXPECT_EQ(capped.candidates[0].objective.size(), 20u);

  SyntheticProblem costly{{1, 2}, {1, 1}, {50, 60}, 0.5, 9};
  const Selection none = select_best({.candidates = 2, .maximize = true, .delta = 0.5, .alpha = 0.05,
                                      .first_stage = 10, .max_replications = 50, .budget = 10.0},
                                     costly.source());
  EXPECT_FALSE(none.chosen);
  EXPECT_EQ(none.candidates[0].fate, Fate::Infeasible);
  EXPECT_EQ(none.candidates[1].fate, Fate::Infeasible);
}

TEST(RankingSelection, RefusesPlansWithoutAGuarantee) {
  SyntheticProblem p{{0, 1}, {1, 1}, {}, 0.5, 1};
  const auto plan = [](double delta, double alpha, std::uint32_t n0, std::uint32_t cap) {
    return SelectionPlan{.candidates = 2, .maximize = true, .delta = delta, .alpha = alpha, .first_stage = n0,
                         .max_replications = cap, .budget = {}};
  };
  EXPECT_THROW((void)select_best(plan(0.0, 0.05, 10, 100), p.source()), Error);
  EXPECT_THROW((void)select_best(plan(0.5, 0.6, 10, 100), p.source()), Error);  // 1 − α must exceed 1/k
  EXPECT_THROW((void)select_best(plan(0.5, 0.05, 1, 100), p.source()), Error);
  EXPECT_THROW((void)select_best(plan(0.5, 0.05, 10, 5), p.source()), Error);
}

}  // namespace
}  // namespace jsim
