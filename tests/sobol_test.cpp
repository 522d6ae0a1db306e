// Variance-based sensitivity (engine/experiment/sobol) and the second-order Monte Carlo variance
// split (engine/experiment/input_uncertainty), on test functions whose answers are known in
// closed form. Tolerances come from the estimators' own standard errors (bootstrap, or the mean
// squares' variances), times a normal quantile computed here, never a hand-picked factor.
#include <gtest/gtest.h>

#include <boost/math/constants/constants.hpp>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <numeric>

#include "experiment/input_uncertainty.hpp"
#include "experiment/sobol.hpp"
#include "model/belief.hpp"
#include "model/error.hpp"

namespace jsim {
namespace {

// Two-sided 99.9% normal quantile: a correct estimator fails a check once in a thousand.
double z_check() { return boost::math::quantile(boost::math::normal(), 0.9995); }

TEST(Sobol, AdditiveFunctionMatchesTheClosedForm) {
  // f = Σ a_i x_i, x_i ~ U(0, 1) independent: S_i = ST_i = a_i² / Σ a_j².
  const std::vector<double> a = {1.0, 2.0, 3.0};
  const BatchModel f = [&](const std::vector<std::vector<double>>& points) {
    std::vector<double> y;
    for (const auto& x : points) y.push_back(a[0] * x[0] + a[1] * x[1] + a[2] * x[2]);
    return y;
  };
  const SobolIndices s = sobol_indices({.inputs = 3, .base_samples = 4000, .seed = 11, .bootstrap = 300}, f);
  EXPECT_EQ(s.evaluations, 4000u * 5);
  const double sum = a[0] * a[0] + a[1] * a[1] + a[2] * a[2];
  for (std::size_t i = 0; i < 3; ++i) {
    const double exact = a[i] * a[i] / sum;
    EXPECT_NEAR(s.first[i].estimate, exact, z_check() * s.first_se[i]) << "first order, input " << i;
    EXPECT_NEAR(s.total[i].estimate, exact, z_check() * s.total_se[i]) << "total, input " << i;
    EXPECT_LE(s.first[i].low, s.first[i].high);
  }
  EXPECT_NEAR(s.variance, sum / 12.0, 0.05 * sum / 12.0);  // Var U(0,1) = 1/12
}

TEST(Sobol, IshigamiFunctionMatchesTheClosedForm) {
  // f = sin x1 + a sin² x2 + b x3⁴ sin x1, x_i ~ U(−π, π), a = 7, b = 0.1 (Ishigami & Homma 1990).
  const double pi = boost::math::constants::pi<double>(), a = 7.0, b = 0.1;
  const BatchModel f = [&](const std::vector<std::vector<double>>& points) {
    std::vector<double> y;
    for (const auto& u : points) {
      const double x1 = -pi + 2 * pi * u[0], x2 = -pi + 2 * pi * u[1], x3 = -pi + 2 * pi * u[2];
      y.push_back(std::sin(x1) + a * std::sin(x2) * std::sin(x2) + b * std::pow(x3, 4) * std::sin(x1));
    }
    return y;
  };
  const double pi4 = std::pow(pi, 4), pi8 = std::pow(pi, 8);
  const double v1 = 0.5 * std::pow(1 + b * pi4 / 5, 2), v2 = a * a / 8, v13 = b * b * pi8 * 8 / 225;
  const double v = v1 + v2 + v13;
  const std::vector<double> first = {v1 / v, v2 / v, 0.0}, total = {(v1 + v13) / v, v2 / v, v13 / v};
  const SobolIndices s = sobol_indices({.inputs = 3, .base_samples = 20000, .seed = 5, .bootstrap = 200}, f);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_NEAR(s.first[i].estimate, first[i], z_check() * s.first_se[i]) << "first order, input " << i;
    EXPECT_NEAR(s.total[i].estimate, total[i], z_check() * s.total_se[i]) << "total, input " << i;
  }
  EXPECT_NEAR(first[0], 0.3139, 1e-4);  // the textbook figures
  EXPECT_NEAR(total[2], 0.2437, 1e-4);
}

TEST(Sobol, IsDeterministicAndRefusesEmptyPlans) {
  const BatchModel f = [](const std::vector<std::vector<double>>& points) {
    std::vector<double> y;
    for (const auto& x : points) y.push_back(x[0] * x[1]);
    return y;
  };
  const SobolIndices a = sobol_indices({.inputs = 2, .base_samples = 100, .seed = 3, .bootstrap = 50}, f);
  const SobolIndices b = sobol_indices({.inputs = 2, .base_samples = 100, .seed = 3, .bootstrap = 50}, f);
  EXPECT_EQ(a.first[0].estimate, b.first[0].estimate);
  EXPECT_EQ(a.total[1].high, b.total[1].high);
  EXPECT_THROW((void)sobol_indices({.inputs = 0, .base_samples = 100, .seed = 3, .bootstrap = 50}, f), Error);
  EXPECT_THROW((void)sobol_indices({.inputs = 2, .base_samples = 1, .seed = 3, .bootstrap = 50}, f), Error);
}

TEST(LatinHypercube, PutsOnePointInEachStratumOfEveryCoordinate) {
  const auto points = latin_hypercube(50, 3, 9);
  ASSERT_EQ(points.size(), 50u);
  for (std::size_t i = 0; i < 3; ++i) {
    std::vector<int> hits(50, 0);
    for (const auto& p : points) {
      ASSERT_GT(p[i], 0.0);
      ASSERT_LT(p[i], 1.0);
      ++hits[static_cast<std::size_t>(p[i] * 50)];
    }
    EXPECT_EQ(std::count(hits.begin(), hits.end(), 1), 50) << "coordinate " << i;
  }
  EXPECT_EQ(latin_hypercube(50, 3, 9), points);
}

TEST(VarianceSplit, RecoversKnownInputAndNoiseVariances) {
  // y_ir = μ_i + ε_ir with μ_i ~ N(10, 2²) over inputs and ε ~ N(0, 3²): σ²_in = 4, MSW → 9.
  const std::size_t n = 400, r = 8;
  std::vector<std::vector<double>> y(n);
  const boost::math::normal z;
  for (std::size_t i = 0; i < n; ++i) {
    const double mu = 10 + 2 * boost::math::quantile(z, unit_draw(1, i));
    for (std::size_t k = 0; k < r; ++k) y[i].push_back(mu + 3 * boost::math::quantile(z, unit_draw(2, i * r + k)));
  }
  const VarianceSplit s = split_variance(y);
  EXPECT_NEAR(s.input_variance, 4.0, z_check() * s.input_variance_se);
  EXPECT_NEAR(s.noise_variance, 9.0 / r, 0.2 * 9.0 / r);
  EXPECT_NEAR(s.total_variance, s.input_variance + s.noise_variance, 1e-12);
  EXPECT_GT(s.with_inputs.high - s.with_inputs.low, s.noise_only.high - s.noise_only.low);

  // Common random numbers: a large seed effect b_r shared by every sample (sd 5) is noise, not
  // input variance; the input component stays 4 and the noise includes it (MSW → 25 + 9).
  const std::size_t seeds = 30;
  std::vector<std::vector<double>> crn(n);
  for (std::size_t i = 0; i < n; ++i) {
    const double mu = 10 + 2 * boost::math::quantile(z, unit_draw(1, i));
    for (std::size_t k = 0; k < seeds; ++k)
      crn[i].push_back(mu + 5 * boost::math::quantile(z, unit_draw(3, k)) +
                       3 * boost::math::quantile(z, unit_draw(2, i * seeds + k)));
  }
  const VarianceSplit c = split_variance(crn);
  EXPECT_NEAR(c.input_variance, 4.0, z_check() * c.input_variance_se);
  EXPECT_GT(c.within_variance, 9.0 * 1.5);

  // An input that changes nothing: every sample's replications identical (common random numbers).
  std::vector<std::vector<double>> same(20, {1.0, 2.0, 4.0});
  const VarianceSplit none = split_variance(same);
  EXPECT_NEAR(none.input_variance, 0.0, 1e-12);  // 0 but for the rounding of the means
  EXPECT_NEAR(none.input_share, 0.0, 1e-12);
  EXPECT_THROW((void)split_variance({{1.0, 2.0}}), Error);
}

TEST(Belief, ParsesQuantilesAndMeans) {
  std::string why;
  const auto u = parse_belief("uniform(0.1, 0.3)", why);
  ASSERT_TRUE(u) << why;
  EXPECT_DOUBLE_EQ(u->quantile(0.5), 0.2);
  EXPECT_DOUBLE_EQ(u->mean(), 0.2);
  const auto t = parse_belief("triangular(0,1,4)", why);
  ASSERT_TRUE(t) << why;
  EXPECT_NEAR(t->quantile(0.25), 1.0, 1e-12);  // F(mode) = (1 − 0)/(4 − 0)
  EXPECT_NEAR(t->mean(), 5.0 / 3, 1e-12);
  const auto n = parse_belief("normal(2,0.5)", why);
  ASSERT_TRUE(n) << why;
  EXPECT_NEAR(n->quantile(0.975), 2 + 0.5 * 1.959964, 1e-5);
  EXPECT_FALSE(parse_belief("uniform(0.3,0.1)", why));
  EXPECT_NE(why.find("min < max"), std::string::npos);
  EXPECT_FALSE(parse_belief("beta(1,2)", why));
  EXPECT_FALSE(parse_belief("uniform(1)", why));
}

}  // namespace
}  // namespace jsim
