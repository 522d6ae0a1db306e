#pragma once
// The one interval every experiment reports: the mean of a few replications with a 95%
// Student-t confidence interval.
#include <span>

#include "sim/run_result.hpp"

namespace jsim {

// mean ± t(0.975, n−1) × sd / √n. One sample has no spread, hence no interval: the estimate with
// NaN bounds (reports say "no interval" rather than print ±0). No samples, or any sample NaN:
// every field NaN (the metric has no value, e.g. a rate with nothing to divide by).
[[nodiscard]] Interval mean_interval(std::span<const double> samples);

// Whether the interval lies entirely on one side of zero.
[[nodiscard]] bool excludes_zero(const Interval& i);

}  // namespace jsim
