#pragma once
// Inline-SVG charts of estimates with 95% intervals, for the experiment reports (compare, sweep,
// friction): a forest plot, metric-against-setting lines with interval bands, and a cost–value
// frontier. Pure functions returning one <svg> element; no I/O, no script. Every mark carries an
// SVG <title> with its exact numbers (hover text).
#include <string>
#include <vector>

#include "output/svg_charts.hpp"

namespace jsim::html {

// One row of a forest plot: a point at `estimate` with a whisker from `low` to `high`.
struct ForestRow {
  std::string label;
  double estimate = 0.0, low = 0.0, high = 0.0;  // NaN low/high: a point without whisker
  const char* colour = kBlue;
  std::string text;     // printed right of the plot
  std::string tooltip;
};

// Rows top to bottom against a shared x axis that always includes 0 (the "no difference" line).
[[nodiscard]] std::string forest_plot(const std::vector<ForestRow>& rows, const std::string& x_label,
                                      const std::string& aria_label);

// One line of a band chart: y with its interval at each x (x in increasing order).
struct BandSeries {
  std::string name;
  std::vector<double> x, y, low, high;
  const char* colour = kBlue;
  bool joined = true;  // false: points with whiskers, no line (samples of a random design are not a curve)
};

// Lines with shaded interval bands; the x axis is numeric (a swept setting).
[[nodiscard]] std::string band_chart(const std::vector<BandSeries>& series, const std::string& x_label,
                                     const std::string& y_label, const std::string& aria_label);

// One design point in the cost–value plane, with both intervals.
struct FrontierPoint {
  std::string label;   // drawn beside the point: keep it short
  std::string detail;  // in the hover text
  double x = 0.0, x_low = 0.0, x_high = 0.0;  // cost
  double y = 0.0, y_low = 0.0, y_high = 0.0;  // profit, conversion, ...
  bool dominated = false;  // another point costs no more and gives at least as much (one strictly)
  bool best = false;
};

// Points with interval crosses; the non-dominated ones joined by the frontier line, dominated
// ones hollow and grey, the best one ringed.
[[nodiscard]] std::string frontier_chart(const std::vector<FrontierPoint>& points, const std::string& x_label,
                                         const std::string& y_label, const std::string& aria_label);

// Marks each point dominated when another has x <= its x and y >= its y, one of them strictly
// (x a cost to keep low, y a value to keep high). Points with a NaN are left undominated.
void mark_dominated(std::vector<FrontierPoint>& points);

}  // namespace jsim::html
