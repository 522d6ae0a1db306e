#include "experiment/sweep_grid.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <optional>

#include "model/error.hpp"

namespace jsim {
namespace {

constexpr std::size_t kMaxAxisValues = 10000;
constexpr std::size_t kMaxPoints = 100000;

[[noreturn]] void fail(const std::string& spec, const std::string& message) {
  throw ScenarioError({Diagnostic{"--set " + spec, 0, 0, message}});
}

std::string trim(const std::string& s) {
  const auto first = s.find_first_not_of(" \t");
  if (first == std::string::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

bool integral(const std::string& text) { return text.find_first_of(".eE") == std::string::npos; }

// a..b:step. Values are a + i x step (not accumulated, so float error does not build up), printed
// with 12 significant digits so 0.1 steps read 0.3, not 0.30000000000000004.
std::vector<std::string> expand_range(const std::string& spec, const std::string& range) {
  const auto dots = range.find("..");
  const auto colon = range.find(':', dots == std::string::npos ? 0 : dots);
  if (dots == std::string::npos || colon == std::string::npos)
    fail(spec, fmt::format("range '{}' must be a..b:step, e.g. 8..20:4 or 0..1:0.25", range));
  const std::string a_text = trim(range.substr(0, dots)), b_text = trim(range.substr(dots + 2, colon - dots - 2)),
                    step_text = trim(range.substr(colon + 1));
  const auto a = grid_number(a_text), b = grid_number(b_text), step = grid_number(step_text);
  if (!a || !b || !step)
    fail(spec, fmt::format("range '{}' must be a..b:step with three numbers, e.g. 8..20:4 or 0..1:0.25", range));
  if (*step <= 0.0) fail(spec, fmt::format("range '{}': step must be > 0", range));
  if (*b < *a) fail(spec, fmt::format("range '{}': the end {} is below the start {}", range, b_text, a_text));
  const double steps = (*b - *a) / *step;
  if (steps + 1 > static_cast<double>(kMaxAxisValues))
    fail(spec, fmt::format("range '{}' has {:.0f} values; at most {}", range, std::floor(steps) + 1, kMaxAxisValues));
  // Tolerance so that 0..1:0.1 includes 1 although 1/0.1 is 9.999999999999998 in floating point.
  const auto count = static_cast<std::size_t>(std::floor(steps + 1e-9 * std::max(1.0, steps))) + 1;
  const bool integers = integral(a_text) && integral(step_text);
  std::vector<std::string> values;
  for (std::size_t i = 0; i < count; ++i) {
    const double v = *a + static_cast<double>(i) * *step;
    values.push_back(integers ? fmt::format("{}", static_cast<long long>(std::llround(v))) : fmt::format("{:.12g}", v));
  }
  return values;
}

std::vector<std::string> split_list(const std::string& spec, const std::string& list) {
  std::vector<std::string> values;
  std::size_t start = 0;
  while (true) {
    const auto comma = list.find(',', start);
    const std::string value = trim(list.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (value.empty()) fail(spec, "empty value in the list: expected PATH=v1,v2,... with no empty entries");
    values.push_back(value);
    if (comma == std::string::npos) return values;
    start = comma + 1;
  }
}

}  // namespace

std::optional<double> grid_number(const std::string& value) {
  double x = 0.0;
  const char* end = value.data() + value.size();
  const auto [ptr, ec] = std::from_chars(value.data(), end, x);
  if (ec != std::errc() || ptr != end || !std::isfinite(x)) return std::nullopt;
  return x;
}

SweepAxis parse_axis(const std::string& spec) {
  const auto eq = spec.find('=');
  if (eq == std::string::npos) fail(spec, "expected PATH=v1,v2,... or PATH=a..b:step, e.g. design.integration=0,0.5,1");
  SweepAxis axis{trim(spec.substr(0, eq)), {}};
  if (axis.path.empty() || axis.path.find_first_of(" \t") != std::string::npos)
    fail(spec, "expected a path such as design.integration or touchpoints.call_centre.servers before '='");
  const std::string rhs = trim(spec.substr(eq + 1));
  if (rhs.empty()) fail(spec, "no values after '=': expected v1,v2,... or a..b:step");
  axis.values = rhs.find("..") != std::string::npos ? expand_range(spec, rhs) : split_list(spec, rhs);
  return axis;
}

std::vector<SweepAxis> parse_axes(const std::vector<std::string>& specs) {
  std::vector<SweepAxis> axes;
  for (const std::string& spec : specs) {
    SweepAxis axis = parse_axis(spec);
    for (const SweepAxis& earlier : axes)
      if (earlier.path == axis.path) fail(spec, fmt::format("{} is already swept by an earlier --set", axis.path));
    axes.push_back(std::move(axis));
  }
  return axes;
}

std::vector<Override> parse_overrides(const std::vector<std::string>& specs) {
  std::vector<Override> out;
  for (const SweepAxis& axis : parse_axes(specs)) {
    if (axis.values.size() != 1)
      fail(axis.path + "=...",
           fmt::format("expected one value, got {}: lists and ranges are for jsim sweep", axis.values.size()));
    out.push_back({axis.path, axis.values.front()});
  }
  return out;
}

std::vector<std::vector<Override>> grid_points(const std::vector<SweepAxis>& axes) {
  std::size_t total = 1;
  for (const SweepAxis& a : axes) {
    total *= a.values.size();
    if (total > kMaxPoints)
      throw ScenarioError({Diagnostic{"--set", 0, 0, fmt::format("the grid has more than {} points", kMaxPoints)}});
  }
  std::vector<std::vector<Override>> points;
  points.reserve(total);
  for (std::size_t i = 0; i < total; ++i) {
    // Mixed-radix digits of i, last axis fastest.
    std::vector<Override> point(axes.size());
    std::size_t rest = i;
    for (std::size_t k = axes.size(); k-- > 0;) {
      const std::size_t n = axes[k].values.size();
      point[k] = Override{axes[k].path, axes[k].values[rest % n]};
      rest /= n;
    }
    points.push_back(std::move(point));
  }
  return points;
}

}  // namespace jsim
