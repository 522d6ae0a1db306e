#pragma once
// How metric values read in the text reports of run, compare, sweep and friction:
// proportions in percent and their differences in percentage points, everything else as numbers
// in the metric's own unit (currency, seconds, counts, NPS points).
#include <string>
#include <string_view>

#include "experiment/comparison.hpp"

namespace jsim {

[[nodiscard]] std::string format_value(std::string_view metric, double x);                // "31.84%", "430333.72"
[[nodiscard]] std::string format_interval(std::string_view metric, const Interval& i);    // "31.84% [31.20%, 32.48%]"
[[nodiscard]] std::string format_plus_minus(std::string_view metric, const Interval& i);  // "31.84% ±0.64"
[[nodiscard]] std::string format_difference(std::string_view metric, const Interval& d);  // "+2.31 pts [+1.90, +2.72]"

// "identical", "real, better", "real, worse", "real" (utilisation: no better way) or
// "not distinguishable" (from 0, at 95%).
[[nodiscard]] std::string verdict(const MetricComparison& m);

}  // namespace jsim
