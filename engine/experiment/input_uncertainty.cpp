#include "experiment/input_uncertainty.hpp"

#include <boost/math/distributions/normal.hpp>

#include <algorithm>
#include <cmath>

#include "experiment/sobol.hpp"
#include "model/error.hpp"

namespace jsim {

std::vector<std::vector<double>> latin_hypercube(std::size_t n, std::size_t d, std::uint64_t seed) {
  std::vector<std::vector<double>> points(n, std::vector<double>(d));
  std::vector<std::size_t> strata(n);
  for (std::size_t i = 0; i < d; ++i) {
    for (std::size_t j = 0; j < n; ++j) strata[j] = j;
    // Fisher–Yates with hashed draws: the order of the strata in coordinate i.
    for (std::size_t j = n; j > 1; --j) {
      const auto k = static_cast<std::size_t>(unit_draw(seed, (i * n + j) * 2) * static_cast<double>(j));
      std::swap(strata[j - 1], strata[std::min(k, j - 1)]);
    }
    for (std::size_t j = 0; j < n; ++j)
      points[j][i] = (static_cast<double>(strata[j]) + unit_draw(seed, (i * n + j) * 2 + 1)) / static_cast<double>(n);
  }
  return points;
}

VarianceSplit split_variance(const std::vector<std::vector<double>>& y) {
  const std::size_t n = y.size();
  if (n < 2) throw Error("the variance split needs at least 2 input samples");
  const std::size_t r = y.front().size();
  if (r < 2) throw Error("the variance split needs at least 2 replications per input sample");
  std::vector<double> means;
  double grand = 0.0;
  for (const std::vector<double>& row : y) {
    if (row.size() != r) throw Error("every input sample needs the same number of replications");
    double sum = 0.0;
    for (double x : row) {
      if (std::isnan(x)) throw Error("a replication has no value for the metric");
      sum += x;
    }
    means.push_back(sum / static_cast<double>(r));
    grand += means.back();
  }
  grand /= static_cast<double>(n);
  // Replication means over the samples: under common random numbers replication r of every sample
  // shares a seed, whose effect is common to all samples and must not count as input variance.
  std::vector<double> seed_means(r, 0.0);
  for (const std::vector<double>& row : y)
    for (std::size_t k = 0; k < r; ++k) seed_means[k] += row[k] / static_cast<double>(n);
  double between = 0.0, within = 0.0, residual = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    between += (means[i] - grand) * (means[i] - grand);
    for (std::size_t k = 0; k < r; ++k) {
      within += (y[i][k] - means[i]) * (y[i][k] - means[i]);
      const double e = y[i][k] - means[i] - seed_means[k] + grand;
      residual += e * e;
    }
  }
  const double R = static_cast<double>(r), df_between = static_cast<double>(n - 1),
               df_within = static_cast<double>(n * (r - 1)), df_residual = static_cast<double>((n - 1) * (r - 1));
  const double msb = R * between / df_between, msw = within / df_within, mse = residual / df_residual;
  VarianceSplit s;
  s.mean = grand;
  s.input_variance = std::max(0.0, (msb - mse) / R);
  s.input_variance_se = std::sqrt(2 * msb * msb / df_between + 2 * mse * mse / df_residual) / R;
  s.within_variance = msw;
  s.noise_variance = msw / R;
  s.total_variance = s.input_variance + s.noise_variance;
  s.input_share = s.total_variance > 0 ? s.input_variance / s.total_variance : 0.0;
  // Normal bands from the estimated variances, the same quantile for both, so the band with the
  // inputs unknown is never the narrower one (the variances' own error is in input_variance_se).
  const double z = boost::math::quantile(boost::math::normal(), 0.975);
  const double wide = z * std::sqrt(s.total_variance), narrow = z * std::sqrt(s.noise_variance);
  s.with_inputs = {grand, grand - wide, grand + wide};
  s.noise_only = {grand, grand - narrow, grand + narrow};
  return s;
}

}  // namespace jsim
