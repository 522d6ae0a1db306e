#pragma once
// Which points of the axes a sweep runs (docs/experiments.md, "Designs"): the full grid (the
// default), or N points sampled from continuous ranges PATH=a..b, at random or by Latin
// hypercube. Samples come from the project's Philox streams keyed by the design's seed, so the
// same seed gives the same points on every machine.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "experiment/sweep_grid.hpp"

namespace jsim {

enum class DesignKind { Grid, Random, LatinHypercube };

struct SweepDesign {
  DesignKind kind = DesignKind::Grid;
  std::size_t points = 0;  // random and lhs: how many
  std::uint64_t seed = 0;  // random and lhs: of the samples
};

// "grid", "random", "lhs" and back; std::nullopt for another name.
[[nodiscard]] std::optional<DesignKind> design_kind(const std::string& name);
[[nodiscard]] const char* design_name(DesignKind kind);

// One override list per point, one override per axis in axis order.
//   Grid: grid_points(axes).
//   Random: each axis's value drawn uniformly from its range, independently per point.
//   LatinHypercube: each axis's range cut into `points` equal strata; each stratum holds exactly
//   one point's value (uniform within it), the strata assigned to points in an order permuted
//   independently per axis. An integer axis a..b is sampled on [a, b + 1) and rounded down.
// Throws ScenarioError (exit 2) for random or lhs with an axis that is not a range a..b, a zipped
// axis, or no --points; for a grid with a range axis.
[[nodiscard]] std::vector<std::vector<Override>> design_points(const std::vector<SweepAxis>& axes,
                                                               const SweepDesign& design);

}  // namespace jsim
