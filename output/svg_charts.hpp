#pragma once
// Building blocks of the HTML report: text escaping, number formatting, and small inline-SVG
// charts (horizontal bars, line charts). Pure functions returning markup; no I/O, no JavaScript.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace jsim::html {

// HTML/XML entities for & < > " ' : safe in text and in quoted attribute values.
[[nodiscard]] std::string escape(std::string_view text);

// Number formatting for people. Non-finite values print as "n/a".
// A "nice" upper bound for an axis: 1, 2, 2.5 or 5 times a power of ten, at least x.
[[nodiscard]] double nice_ceiling(double x);
// Axis tick text: integers grouped in thousands without decimals, others with as few as needed.
[[nodiscard]] std::string tick(double x);
[[nodiscard]] std::string count(std::uint64_t n);                // 12,345
[[nodiscard]] std::string number(double x, int decimals);        // 12,345.68 (decimals fixed)
[[nodiscard]] std::string money(double x);                       // 12,345.68; 1.23M beyond 10 million
[[nodiscard]] std::string percent(double fraction, int decimals = 1);  // 0.1234 -> 12.3%
[[nodiscard]] std::string duration(double seconds);              // 45 s, 3.2 min, 1.5 h, 2.1 d
// Coordinates in SVG attributes: one decimal, no locale, no grouping.
[[nodiscard]] std::string coord(double x);

// A fixed, print-friendly categorical palette (colour-blind-safe Okabe-Ito order, then extras).
[[nodiscard]] const char* palette(std::size_t i);
inline constexpr const char* kRed = "#c0392b";
inline constexpr const char* kBlue = "#2c6fbb";
inline constexpr const char* kGreen = "#1e8449";
inline constexpr const char* kGrey = "#8a8f98";

// One row of a horizontal bar chart. `value` sets the bar length (scaled to the largest value of
// the chart); `overlay` (0..value) is drawn over the bar's start in `overlay_colour`; `text` is
// printed right of the bar. `tooltip` becomes an SVG <title> (hover text, no script).
struct Bar {
  std::string label;
  double value = 0.0;
  double overlay = 0.0;
  std::string text;
  std::string tooltip;
};

struct BarStyle {
  const char* colour = kBlue;
  const char* overlay_colour = kRed;
  std::string aria_label;  // describes the chart for screen readers
};

// One <svg> element; an empty `bars` gives a small chart that says so.
[[nodiscard]] std::string bar_chart(const std::vector<Bar>& bars, const BarStyle& style);

// One line of a line chart, one value per period.
struct Series {
  std::string name;
  std::vector<double> values;
  const char* colour = kBlue;
  bool dashed = false;
};

// One <svg> element: the series against time (x in hours from the start, one point per period
// of `period` seconds), y from 0 to the largest value, with a legend when there are several series.
[[nodiscard]] std::string line_chart(const std::vector<Series>& series, double period, const std::string& y_label,
                                     const std::string& aria_label);

}  // namespace jsim::html
