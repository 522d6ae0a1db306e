#pragma once
// The axes of a parameter sweep, from `--set PATH=SPEC` (and `--zip PATH=SPEC`) arguments, in the
// one --set grammar (model/override_grammar.hpp):
//   PATH=v1,v2,...     the listed values, as written (e.g. design.integration=0,0.5,1); a value
//                      with a comma is quoted: scenario.description="Hello, world",Bye
//   PATH=a..b:step     a, a+step, ... up to b inclusive (e.g. touchpoints.call_centre.servers=8..20:4,
//                      design.integration=0..1:0.25); integers stay integers
//   PATH=a..b          a continuous range, for random and Latin-hypercube designs
//                      (experiment/sweep_design.hpp); integers if a and b are written as integers
// PATH is any override path the loader accepts (model/document_path.hpp); a wrong path is
// reported by the loader when the sweep's scenarios are loaded.
#include <optional>
#include <string>
#include <vector>

#include "model/override_grammar.hpp"

namespace jsim {

// A continuous axis a..b: sampled, not listed.
struct AxisRange {
  double low = 0.0, high = 0.0;
  bool integer = false;  // a and b written as integers: values are the integers a..b
};

struct SweepAxis {
  std::string path;
  std::vector<std::string> values;  // the override text of each grid value, in order (none for a range)
  std::optional<AxisRange> range;   // PATH=a..b
  bool zipped = false;              // a --zip axis: the zipped axes vary together, as one grid axis
};

// Throws ScenarioError naming "OPTION SPEC" (--set or --zip) and what was expected: no '=', a bad
// path, an empty value, a range that is not a..b[:step] with numbers, step <= 0, b < a, more than
// 10000 values.
[[nodiscard]] SweepAxis parse_axis(const std::string& spec, const std::string& option = "--set");

// Parses every --set and --zip spec (the zipped axes after the others); also rejects a path given
// twice and zipped axes of different lengths.
[[nodiscard]] std::vector<SweepAxis> parse_axes(const std::vector<std::string>& sets,
                                                const std::vector<std::string>& zips = {});

// A grid value as a number, when it is one (writers store such axes as numbers, not text).
[[nodiscard]] std::optional<double> grid_number(const std::string& value);

// The cartesian product, the first axis varying slowest, the zipped axes together as one axis
// (their values taken side by side): one override list per grid point, one override per axis in
// axis order. No axes: one point with no overrides. Throws ScenarioError for a range axis (a grid
// needs listed values) or more than 100000 points.
[[nodiscard]] std::vector<std::vector<Override>> grid_points(const std::vector<SweepAxis>& axes);

}  // namespace jsim
