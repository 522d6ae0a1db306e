#include "experiment/input_uncertainty.hpp"

#include <boost/math/distributions/students_t.hpp>

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
  double between = 0.0, within = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    between += (means[i] - grand) * (means[i] - grand);
    for (double x : y[i]) within += (x - means[i]) * (x - means[i]);
  }
  const double R = static_cast<double>(r), df_between = static_cast<double>(n - 1),
               df_within = static_cast<double>(n * (r - 1));
  const double msb = R * between / df_between, msw = within / df_within;
  VarianceSplit s;
  s.mean = grand;
  s.input_variance = std::max(0.0, (msb - msw) / R);
  s.input_variance_se = std::sqrt(2 * msb * msb / df_between + 2 * msw * msw / df_within) / R;
  s.within_variance = msw;
  s.noise_variance = msw / R;
  s.total_variance = s.input_variance + s.noise_variance;
  s.input_share = s.total_variance > 0 ? s.input_variance / s.total_variance : 0.0;
  // Each variance with the degrees of freedom of the mean square it comes from: the total is
  // (about) MSB / R, the noise MSW / R.
  const auto t = [](double df) {
    return boost::math::quantile(boost::math::complement(boost::math::students_t(df), 0.025));
  };
  const double wide = t(df_between) * std::sqrt(s.total_variance), narrow = t(df_within) * std::sqrt(s.noise_variance);
  s.with_inputs = {grand, grand - wide, grand + wide};
  s.noise_only = {grand, grand - narrow, grand + narrow};
  return s;
}

}  // namespace jsim
