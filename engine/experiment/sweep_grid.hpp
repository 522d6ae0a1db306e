#pragma once
// The grid of a parameter sweep, from `--set PATH=SPEC` arguments:
//   PATH=v1,v2,...     the listed values, as written (e.g. design.integration=0,0.5,1)
//   PATH=a..b:step     a, a+step, ... up to b inclusive (e.g. touchpoints.call_centre.servers=8..20:4,
//                      design.integration=0..1:0.25); integers stay integers
// PATH is any override path the loader accepts (model/loader.hpp); a wrong path is reported by
// the loader when the grid's scenarios are loaded.
#include <optional>
#include <string>
#include <vector>

#include "model/loader.hpp"

namespace jsim {

struct SweepAxis {
  std::string path;
  std::vector<std::string> values;  // the override text of each grid value, in order
};

// Throws ScenarioError naming "--set SPEC" and what was expected: no '=', empty path or value,
// a range that is not a..b:step with numbers, step <= 0, b < a, more than 10000 values.
[[nodiscard]] SweepAxis parse_axis(const std::string& spec);

// Parses every spec; also rejects a path given twice.
[[nodiscard]] std::vector<SweepAxis> parse_axes(const std::vector<std::string>& specs);

// Single settings PATH=VALUE (friction's --set): the same syntax with exactly one value each.
[[nodiscard]] std::vector<Override> parse_overrides(const std::vector<std::string>& specs);

// A grid value as a number, when it is one (writers store such axes as numbers, not text).
[[nodiscard]] std::optional<double> grid_number(const std::string& value);

// The cartesian product, the first axis varying slowest: one override list per grid point,
// one override per axis in axis order. No axes: one point with no overrides.
[[nodiscard]] std::vector<std::vector<Override>> grid_points(const std::vector<SweepAxis>& axes);

}  // namespace jsim
