#include "output/svg_charts.hpp"

#include <fmt/format.h>

#include "experiment/number_text.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace jsim::html {

// A "nice" upper bound for an axis: 1, 2, 2.5 or 5 times a power of ten, at least x.
double nice_ceiling(double x) {
  if (!(x > 0.0) || !std::isfinite(x)) return 1.0;
  const double p = std::pow(10.0, std::floor(std::log10(x)));
  for (double m : {1.0, 2.0, 2.5, 5.0, 10.0})
    if (m * p >= x * (1.0 - 1e-12)) return m * p;
  return 10.0 * p;
}

// Axis tick text: integers without decimals, others with as few as needed.
std::string tick(double x) {
  if (std::fabs(x - std::round(x)) < 1e-9) return group_thousands(fmt::format("{:.0f}", x));
  return fmt::format("{:.4g}", x);
}


std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string count(std::uint64_t n) { return group_thousands(fmt::format("{}", n)); }

std::string number(double x, int decimals) { return grouped_number(x, decimals); }

std::string money(double x) {
  if (!std::isfinite(x)) return "n/a";
  if (std::fabs(x) >= 1e10) return number(x / 1e9, 2) + "B";
  if (std::fabs(x) >= 1e7) return number(x / 1e6, 2) + "M";
  return number(x, (std::fabs(x) >= 1000 || x == 0.0) ? 0 : 2);
}

std::string percent(double fraction, int decimals) {
  if (!std::isfinite(fraction)) return "n/a";
  return number(100.0 * fraction, decimals) + "%";
}

std::string duration(double seconds) { return duration_text(seconds); }

std::string coord(double x) {
  if (!std::isfinite(x)) return "0";
  return fmt::format("{:.1f}", x);
}

const char* palette(std::size_t i) {
  static constexpr std::array<const char*, 12> kColours = {
      "#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00",
      "#7a6cc4", "#8c6d31", "#4d9221", "#b2182b", "#2c7fb8", "#636363"};
  return kColours[i % kColours.size()];
}

std::string bar_chart(const std::vector<Bar>& bars, const BarStyle& style) {
  constexpr double kWidth = 1000, kLabelW = 200, kBarW = 340, kRowH = 24, kBarH = 16, kTop = 6;
  const double height = kTop * 2 + kRowH * std::max<std::size_t>(bars.size(), 1);
  std::string s = fmt::format(
      R"(<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" width="{}" height="{}" role="img" aria-label="{}">)",
      kWidth, coord(height), kWidth, coord(height), escape(style.aria_label));
  s += '\n';
  if (bars.empty()) {
    s += fmt::format(R"(<text x="{}" y="{}" class="note">nothing to show</text>)", kLabelW, kTop + 16);
    return s + "</svg>\n";
  }
  double top = 0.0;
  for (const Bar& b : bars) top = std::max(top, b.value);
  const double scale = top > 0.0 ? kBarW / top : 0.0;
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const Bar& b = bars[i];
    const double y = kTop + kRowH * static_cast<double>(i);
    const double w = std::max(b.value * scale, b.value > 0.0 ? 1.0 : 0.0);
    const double ow = std::clamp(b.overlay * scale, 0.0, w);
    s += "<g>";
    if (!b.tooltip.empty()) s += "<title>" + escape(b.tooltip) + "</title>";
    s += fmt::format(R"(<text x="{}" y="{}" text-anchor="end" class="label">{}</text>)", kLabelW - 8,
                     coord(y + kBarH - 3), escape(b.label));
    s += fmt::format(R"(<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>)", kLabelW, coord(y), coord(w), kBarH,
                     style.colour);
    if (ow > 0.0)
      s += fmt::format(R"(<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>)", kLabelW, coord(y), coord(ow),
                       kBarH, style.overlay_colour);
    s += fmt::format(R"(<text x="{}" y="{}" class="value">{}</text>)", coord(kLabelW + w + 6), coord(y + kBarH - 3),
                     escape(b.text));
    s += "</g>\n";
  }
  return s + "</svg>\n";
}

std::string line_chart(const std::vector<Series>& series, double period, const std::string& y_label,
                       const std::string& aria_label) {
  constexpr double kWidth = 1000, kHeight = 230, kLeft = 70, kRight = 20, kTop = 30, kBottom = 40;
  const double plot_w = kWidth - kLeft - kRight, plot_h = kHeight - kTop - kBottom;
  std::size_t n = 0;
  double top = 0.0;
  for (const Series& se : series) {
    n = std::max(n, se.values.size());
    for (double v : se.values)
      if (std::isfinite(v)) top = std::max(top, v);
  }
  top = nice_ceiling(top);
  std::string s = fmt::format(
      R"(<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" width="{}" height="{}" role="img" aria-label="{}">)",
      kWidth, kHeight, kWidth, kHeight, escape(aria_label));
  s += '\n';
  const auto x_of = [&](std::size_t i) {
    return n <= 1 ? kLeft + plot_w / 2 : kLeft + plot_w * static_cast<double>(i) / static_cast<double>(n - 1);
  };
  const auto y_of = [&](double v) { return kTop + plot_h * (1.0 - v / top); };
  // Grid and y axis at round steps: a top of 1, 2 or 10 (times a power of ten) in quarters,
  // 2.5 or 5 in fifths.
  const double mantissa = top / std::pow(10.0, std::floor(std::log10(top) + 1e-12));
  const int divisions = (std::fabs(mantissa - 2.5) < 1e-9 || std::fabs(mantissa - 5.0) < 1e-9) ? 5 : 4;
  for (int k = 0; k <= divisions; ++k) {
    const double v = top * k / divisions, y = y_of(v);
    s += fmt::format(R"(<line x1="{}" y1="{}" x2="{}" y2="{}" class="grid"/>)", kLeft, coord(y), kLeft + plot_w,
                     coord(y));
    s += fmt::format(R"(<text x="{}" y="{}" text-anchor="end" class="tick">{}</text>)", kLeft - 6, coord(y + 4),
                     tick(v));
  }
  s += fmt::format(R"svg(<text x="14" y="{}" class="tick" transform="rotate(-90 14 {})" text-anchor="middle">{}</text>)svg",
                   coord(kTop + plot_h / 2), coord(kTop + plot_h / 2), escape(y_label));
  // x axis: hours from the start (days for long horizons), at most ~12 labels at round steps.
  const double span_hours = static_cast<double>(n) * period / 3600.0;
  const bool in_days = span_hours > 72.0;
  const double unit = in_days ? 86400.0 : 3600.0;
  double label_step = nice_ceiling(static_cast<double>(n) * period / unit / 12.0);
  if (in_days) label_step = std::max(1.0, std::round(label_step));
  const double periods_per_label = std::max(1.0, std::round(label_step * unit / period));
  for (double i = 0; i < static_cast<double>(n); i += periods_per_label) {
    const auto idx = static_cast<std::size_t>(i);
    s += fmt::format(R"(<text x="{}" y="{}" text-anchor="middle" class="tick">{}{}</text>)", coord(x_of(idx)),
                     coord(kTop + plot_h + 16), tick(i * period / unit), in_days ? "d" : "h");
  }
  s += fmt::format(R"(<text x="{}" y="{}" text-anchor="middle" class="tick">{} from start (one point per {})</text>)",
                   coord(kLeft + plot_w / 2), coord(kHeight - 6), in_days ? "days" : "hours",
                   escape(duration(period)));
  // Lines, then the legend (top right).
  for (const Series& se : series) {
    if (se.values.empty()) continue;
    std::string points;
    for (std::size_t i = 0; i < se.values.size(); ++i) {
      const double v = std::isfinite(se.values[i]) ? se.values[i] : 0.0;
      if (!points.empty()) points += ' ';
      points += coord(x_of(i)) + "," + coord(y_of(v));
    }
    if (se.values.size() == 1) {
      s += fmt::format(R"(<circle cx="{}" cy="{}" r="3" fill="{}"/>)", coord(x_of(0)),
                       coord(y_of(std::isfinite(se.values[0]) ? se.values[0] : 0.0)), se.colour);
    } else {
      s += fmt::format(R"(<polyline points="{}" fill="none" stroke="{}" stroke-width="2"{}><title>{}</title></polyline>)",
                       points, se.colour, se.dashed ? R"( stroke-dasharray="6 4")" : "", escape(se.name));
    }
    s += '\n';
  }
  if (series.size() > 1) {
    double x = kLeft + 8;
    for (const Series& se : series) {
      s += fmt::format(R"(<line x1="{}" y1="14" x2="{}" y2="14" stroke="{}" stroke-width="3"{}/>)", coord(x),
                       coord(x + 22), se.colour, se.dashed ? R"( stroke-dasharray="6 4")" : "");
      s += fmt::format(R"(<text x="{}" y="18" class="tick">{}</text>)", coord(x + 28), escape(se.name));
      x += 40 + 7.0 * static_cast<double>(se.name.size());
    }
  }
  return s + "</svg>\n";
}

}  // namespace jsim::html
