#pragma once
// How metric values read in the text reports of run, compare, sweep and friction:
// proportions in percent and their differences in percentage points, waits as durations
// ("9.5 s"), everything else in the metric's own unit (currency, counts, NPS points) with
// thousands separators. An interval that does not exist (one replication) says so.
#include <string>
#include <string_view>

#include "experiment/comparison.hpp"

namespace jsim {

[[nodiscard]] std::string format_value(std::string_view metric, double x);                // "31.84%", "430,333.72", "9.5 s"
[[nodiscard]] std::string format_interval(std::string_view metric, const Interval& i);    // "31.84% [31.20%, 32.48%]"
[[nodiscard]] std::string format_plus_minus(std::string_view metric, const Interval& i);  // "31.84% ±0.64"
[[nodiscard]] std::string format_difference(std::string_view metric, const Interval& d);  // "+2.31 pts [+1.90, +2.72]"

// What format_interval and friends print in place of bounds that do not exist.
inline constexpr std::string_view kNoInterval = "(no interval: 1 replication)";

// "identical", "real, better", "real, worse", "real" (utilisation: no better way),
// "not distinguishable" (the interval includes 0) or "no interval" (one replication).
[[nodiscard]] std::string verdict(const MetricComparison& m);

}  // namespace jsim
