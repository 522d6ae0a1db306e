#include "experiment/sweep_grid.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <optional>

namespace jsim {
namespace {

constexpr std::size_t kMaxAxisValues = 10000;
constexpr std::size_t kMaxPoints = 100000;

std::string label(const std::string& spec, const std::string& option) { return option + " " + spec; }

std::string trim(const std::string& s) {
  const auto first = s.find_first_not_of(" \t");
  if (first == std::string::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

bool integral(const std::string& text) { return text.find_first_of(".eE") == std::string::npos; }

// a..b (continuous) into `axis.range`, a..b:step into its values. Values are a + i x step (not
// accumulated, so float error does not build up), printed with 12 significant digits so 0.1 steps
// read 0.3, not 0.30000000000000004.
void read_range(const std::string& spec, const std::string& range, SweepAxis& axis) {
  const auto dots = range.find("..");
  const auto colon = range.find(':', dots);
  const std::string a_text = trim(range.substr(0, dots)),
                    b_text = trim(range.substr(dots + 2, colon == std::string::npos ? std::string::npos : colon - dots - 2));
  const auto a = grid_number(a_text), b = grid_number(b_text);
  if (!a || !b)
    setting_error(spec, fmt::format("range '{}' must be a..b:step (a grid, e.g. 8..20:4 or 0..1:0.25) or a..b "
                                    "(--design random or lhs) with numbers",
                                    range));
  if (*b < *a) setting_error(spec, fmt::format("range '{}': the end {} is below the start {}", range, b_text, a_text));
  if (colon == std::string::npos) {
    axis.range = AxisRange{*a, *b, integral(a_text) && integral(b_text)};
    return;
  }
  const std::string step_text = trim(range.substr(colon + 1));
  const auto step = grid_number(step_text);
  if (!step) setting_error(spec, fmt::format("range '{}': the step '{}' is not a number", range, step_text));
  if (*step <= 0.0) setting_error(spec, fmt::format("range '{}': step must be > 0", range));
  const double steps = (*b - *a) / *step;
  if (steps + 1 > static_cast<double>(kMaxAxisValues))
    setting_error(spec, fmt::format("range '{}' has {:.0f} values; at most {}", range, std::floor(steps) + 1, kMaxAxisValues));
  // Tolerance so that 0..1:0.1 includes 1 although 1/0.1 is 9.999999999999998 in floating point.
  const auto count = static_cast<std::size_t>(std::floor(steps + 1e-9 * std::max(1.0, steps))) + 1;
  const bool integers = integral(a_text) && integral(step_text);
  for (std::size_t i = 0; i < count; ++i) {
    const double v = *a + static_cast<double>(i) * *step;
    axis.values.push_back(integers ? fmt::format("{}", static_cast<long long>(std::llround(v))) : fmt::format("{:.12g}", v));
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

SweepAxis parse_axis(const std::string& spec, const std::string& option) {
  const std::string where = label(spec, option);
  SettingText t = split_setting(spec, option);
  if (t.rhs.empty()) setting_error(where, "no values after '=': expected v1,v2,... or a range a..b:step or a..b");
  SweepAxis axis{std::move(t.path), {}, std::nullopt, option == "--zip"};
  // A list if it has a comma outside quotes; else a range if it has ".."; else one value.
  if (!has_unquoted(t.rhs, ",") && has_unquoted(t.rhs, ".."))
    read_range(where, t.rhs, axis);
  else
    axis.values = split_value_list(t.rhs, where);
  return axis;
}

std::vector<SweepAxis> parse_axes(const std::vector<std::string>& sets, const std::vector<std::string>& zips) {
  std::vector<SweepAxis> axes;
  const auto add = [&](const std::string& spec, const std::string& option) {
    SweepAxis axis = parse_axis(spec, option);
    for (const SweepAxis& earlier : axes)
      if (earlier.path == axis.path)
        setting_error(label(spec, option), fmt::format("{} is already swept by an earlier --set or --zip", axis.path));
    if (axis.zipped && axis.range)
      setting_error(label(spec, option), "a zipped axis lists its values (v1,v2,... or a..b:step), not a range a..b");
    if (axis.zipped && !axes.empty() && axes.back().zipped && axes.back().values.size() != axis.values.size())
      setting_error(label(spec, option),
                    fmt::format("zipped axes vary together, so they need as many values each: {} has {}, {} has {}",
                                axes.back().path, axes.back().values.size(), axis.path, axis.values.size()));
    axes.push_back(std::move(axis));
  };
  for (const std::string& spec : sets) add(spec, "--set");
  for (const std::string& spec : zips) add(spec, "--zip");
  return axes;
}

std::vector<std::vector<Override>> grid_points(const std::vector<SweepAxis>& axes) {
  // The grid's dimensions: each axis alone, the zipped axes (which come last) together.
  std::vector<std::vector<std::size_t>> dims;
  for (std::size_t k = 0; k < axes.size(); ++k) {
    if (axes[k].range)
      setting_error("--set " + axes[k].path + "=...",
                    "a range a..b without :step is for --design random or lhs; a grid needs a..b:step or a list");
    if (axes[k].zipped && !dims.empty() && axes[dims.back().front()].zipped)
      dims.back().push_back(k);
    else
      dims.push_back({k});
  }
  std::size_t total = 1;
  for (const auto& dim : dims) {
    total *= axes[dim.front()].values.size();
    if (total > kMaxPoints) setting_error("--set", fmt::format("the grid has more than {} points", kMaxPoints));
  }
  std::vector<std::vector<Override>> points;
  points.reserve(total);
  for (std::size_t i = 0; i < total; ++i) {
    // Mixed-radix digits of i, last dimension fastest.
    std::vector<Override> point(axes.size());
    std::size_t rest = i;
    for (std::size_t d = dims.size(); d-- > 0;) {
      const std::size_t n = axes[dims[d].front()].values.size();
      for (const std::size_t k : dims[d]) point[k] = Override{axes[k].path, axes[k].values[rest % n]};
      rest /= n;
    }
    points.push_back(std::move(point));
  }
  return points;
}

}  // namespace jsim
