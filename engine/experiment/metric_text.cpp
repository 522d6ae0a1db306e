#include "experiment/metric_text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "experiment/number_text.hpp"

namespace jsim {
namespace {

// The unit (metrics.hpp) decides how a value reads: proportions in percent, seconds as durations.
bool is_proportion(std::string_view metric) { return unit_of(metric) == MetricUnit::Proportion; }
bool is_duration(std::string_view metric) { return unit_of(metric) == MetricUnit::Seconds; }

// The value in display units: proportions x 100.
double shown(std::string_view metric, double x) { return is_proportion(metric) ? 100.0 * x : x; }

// Decimals that show an interval's half-width (in display units) with two significant digits, at
// least 2: a real difference of 0.004 must not print as "+0.00", nor a spread as "±0.00".
int decimals_for(std::string_view metric, double half_width, double estimate) {
  const double scale = std::fabs(shown(metric, std::isfinite(half_width) && half_width > 0.0 ? half_width : estimate));
  if (!(scale > 0.0) || !std::isfinite(scale)) return 2;
  return std::clamp(1 - static_cast<int>(std::floor(std::log10(scale))), 2, 6);
}

std::string with_sign(std::string text) { return text.starts_with('-') || text == "n/a" ? text : "+" + text; }

// A number in the metric's display unit, without the unit for proportions (the caller adds it).
std::string bare(std::string_view metric, double x, int decimals) {
  if (is_duration(metric)) return duration_text(x);
  return grouped_number(shown(metric, x), decimals);
}


std::string value_text(std::string_view metric, double x, int decimals) {
  if (std::isnan(x)) return "n/a";
  return bare(metric, x, decimals) + (is_proportion(metric) ? "%" : "");
}

}  // namespace

std::string format_value(std::string_view metric, double x) { return value_text(metric, x, 2); }

std::string format_interval(std::string_view metric, const Interval& i) {
  if (std::isnan(i.estimate)) return "n/a";
  if (std::isnan(i.low)) return fmt::format("{} {}", format_value(metric, i.estimate), kNoInterval);
  const int decimals = decimals_for(metric, i.high - i.estimate, i.estimate);
  return fmt::format("{} [{}, {}]", value_text(metric, i.estimate, decimals), value_text(metric, i.low, decimals),
                     value_text(metric, i.high, decimals));
}

std::string format_plus_minus(std::string_view metric, const Interval& i) {
  if (std::isnan(i.estimate)) return "n/a";
  if (std::isnan(i.high)) return format_value(metric, i.estimate) + " (no interval)";
  const int decimals = decimals_for(metric, i.high - i.estimate, i.estimate);
  return fmt::format("{} ±{}", value_text(metric, i.estimate, decimals), bare(metric, i.high - i.estimate, decimals));
}

std::string format_difference(std::string_view metric, const Interval& d) {
  if (std::isnan(d.estimate)) return "n/a";
  int decimals = decimals_for(metric, d.high - d.estimate, d.estimate);
  // An interval that excludes 0 must not print a bound as 0: enough decimals for its nearer bound.
  if (const double nearest = std::min(std::fabs(shown(metric, d.low)), std::fabs(shown(metric, d.high)));
      (d.low > 0.0 || d.high < 0.0) && nearest > 0.0)
    decimals = std::clamp(std::max(decimals, -static_cast<int>(std::floor(std::log10(nearest)))), 2, 6);
  const std::string estimate = with_sign(bare(metric, d.estimate, decimals)) + (is_proportion(metric) ? " pts" : "");
  if (std::isnan(d.low)) return fmt::format("{} {}", estimate, kNoInterval);
  return fmt::format("{} [{}, {}]", estimate, with_sign(bare(metric, d.low, decimals)),
                     with_sign(bare(metric, d.high, decimals)));
}

std::string verdict(const MetricComparison& m) {
  if (m.identical) return "identical";
  if (std::isnan(m.difference.low)) return "no interval";
  if (!m.distinguishable) return "not distinguishable";
  const Better better = better_direction(m.name);
  if (better == Better::Neither) return "real";
  const bool up = m.difference.estimate > 0.0;
  return up == (better == Better::Higher) ? "real, better" : "real, worse";
}

}  // namespace jsim
