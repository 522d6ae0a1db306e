#include "experiment/sweep_design.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "model/error.hpp"
#include "sim/random.hpp"

namespace jsim {

namespace {

constexpr std::size_t kMaxSampledPoints = 100000;

// A value in [0, 1) of the axis's range, as override text: a number, or an integer of a..b.
std::string range_value(const AxisRange& r, double unit) {
  if (r.integer) {
    const double x = std::floor(r.low + unit * (r.high - r.low + 1.0));
    return fmt::format("{}", static_cast<long long>(std::min(x, r.high)));
  }
  return fmt::format("{:.12g}", r.low + unit * (r.high - r.low));
}

void check_sampled(const std::vector<SweepAxis>& axes, const SweepDesign& design) {
  const char* name = design_name(design.kind);
  if (design.points == 0 || design.points > kMaxSampledPoints)
    throw ScenarioError({Diagnostic{"--points", 0, 0,
                                    fmt::format("--design {} needs --points N, 1 to {}", name, kMaxSampledPoints)}});
  for (const SweepAxis& a : axes) {
    if (a.zipped)
      setting_error("--zip " + a.path + "=...", fmt::format("--design {} samples ranges; --zip is for grids", name));
    if (!a.range)
      setting_error("--set " + a.path + "=...",
                    fmt::format("--design {} samples each axis from a range: write PATH=a..b (no step, no list)", name));
  }
}

// A permutation of 0..n-1 for one axis (Fisher-Yates on the design's stream).
std::vector<std::size_t> strata_order(const StreamKey& key, std::size_t axis, std::size_t n) {
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  for (std::size_t j = n; j-- > 1;) {
    const std::uint64_t r = key.block(axis, static_cast<std::uint32_t>(j), Purpose::Design, 0).a;
    std::swap(order[j], order[r % (j + 1)]);
  }
  return order;
}

}  // namespace

std::optional<DesignKind> design_kind(const std::string& name) {
  if (name == "grid") return DesignKind::Grid;
  if (name == "random") return DesignKind::Random;
  if (name == "lhs") return DesignKind::LatinHypercube;
  return std::nullopt;
}

const char* design_name(DesignKind kind) {
  switch (kind) {
    case DesignKind::Grid: return "grid";
    case DesignKind::Random: return "random";
    case DesignKind::LatinHypercube: return "lhs";
  }
  return "grid";
}

std::vector<std::vector<Override>> design_points(const std::vector<SweepAxis>& axes, const SweepDesign& design) {
  if (design.kind == DesignKind::Grid) return grid_points(axes);
  check_sampled(axes, design);
  const std::size_t n = design.points;
  const StreamKey key(design.seed);
  std::vector<std::vector<Override>> points(n, std::vector<Override>(axes.size()));
  for (std::size_t k = 0; k < axes.size(); ++k) {
    const std::vector<std::size_t> strata =
        design.kind == DesignKind::LatinHypercube ? strata_order(key, k, n) : std::vector<std::size_t>();
    for (std::size_t p = 0; p < n; ++p) {
      const double u = to_unit(key.block(k, static_cast<std::uint32_t>(p), Purpose::Design, 1).a);
      const double unit = strata.empty() ? u : (static_cast<double>(strata[p]) + u) / static_cast<double>(n);
      points[p][k] = Override{axes[k].path, range_value(*axes[k].range, unit)};
    }
  }
  return points;
}

}  // namespace jsim
