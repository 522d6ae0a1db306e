#include "experiment/mean_interval.hpp"

#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <limits>

namespace jsim {

Interval mean_interval(std::span<const double> samples) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const std::size_t n = samples.size();
  if (n == 0) return {nan, nan, nan};
  double sum = 0.0;
  for (double x : samples) sum += x;
  const double mean = sum / static_cast<double>(n);
  if (!std::isfinite(mean)) return {nan, nan, nan};
  if (n == 1) return {mean, nan, nan};
  double squares = 0.0;
  for (double x : samples) squares += (x - mean) * (x - mean);
  const double se = std::sqrt(squares / static_cast<double>(n - 1) / static_cast<double>(n));
  const boost::math::students_t t(static_cast<double>(n - 1));
  const double half = boost::math::quantile(boost::math::complement(t, 0.025)) * se;
  return {mean, mean - half, mean + half};
}

bool excludes_zero(const Interval& i) { return i.low > 0.0 || i.high < 0.0; }

}  // namespace jsim
