#include "experiment/metric_text.hpp"

#include <fmt/format.h>

#include <cmath>

namespace jsim {
namespace {

// The value in display units: proportions x 100.
double shown(std::string_view metric, double x) { return is_proportion(metric) ? 100.0 * x : x; }

}  // namespace

std::string format_value(std::string_view metric, double x) {
  if (std::isnan(x)) return "n/a";
  return fmt::format("{:.2f}{}", shown(metric, x), is_proportion(metric) ? "%" : "");
}

std::string format_interval(std::string_view metric, const Interval& i) {
  if (std::isnan(i.estimate)) return "n/a";
  return fmt::format("{} [{}, {}]", format_value(metric, i.estimate), format_value(metric, i.low),
                     format_value(metric, i.high));
}

std::string format_plus_minus(std::string_view metric, const Interval& i) {
  if (std::isnan(i.estimate)) return "n/a";
  return fmt::format("{} ±{:.2f}", format_value(metric, i.estimate), shown(metric, i.high - i.estimate));
}

std::string format_difference(std::string_view metric, const Interval& d) {
  if (std::isnan(d.estimate)) return "n/a";
  return fmt::format("{:+.2f}{} [{:+.2f}, {:+.2f}]", shown(metric, d.estimate), is_proportion(metric) ? " pts" : "",
                     shown(metric, d.low), shown(metric, d.high));
}

std::string verdict(const MetricComparison& m) {
  if (identical(m)) return "identical";
  if (!m.distinguishable) return "not distinguishable";
  const Better better = better_direction(m.name);
  if (better == Better::Neither) return "real";
  const bool up = m.difference.estimate > 0.0;
  return up == (better == Better::Higher) ? "real, better" : "real, worse";
}

}  // namespace jsim
