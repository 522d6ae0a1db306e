#include "output/interval_charts.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace jsim::html {
namespace {

// A linear axis over [lo, hi] widened to round ticks (about five of them).
struct Axis {
  double lo = 0.0, hi = 1.0, step = 0.25;

  static Axis over(double lo, double hi) {
    if (!std::isfinite(lo) || !std::isfinite(hi)) lo = 0.0, hi = 1.0;
    if (hi - lo <= 0.0) {
      const double pad = lo == 0.0 ? 1.0 : std::fabs(lo) * 0.1;
      lo -= pad, hi += pad;
    }
    const double step = nice_ceiling((hi - lo) / 5.0);
    return {std::floor(lo / step) * step, std::ceil(hi / step) * step, step};
  }
  [[nodiscard]] double at(double v, double from, double to) const { return from + (to - from) * (v - lo) / (hi - lo); }
  [[nodiscard]] std::vector<double> ticks() const {
    std::vector<double> out;
    for (double v = lo; v <= hi + step * 1e-9; v += step) out.push_back(std::fabs(v) < step * 1e-9 ? 0.0 : v);
    return out;
  }
};

void extend(double& lo, double& hi, double v) {
  if (!std::isfinite(v)) return;
  lo = std::min(lo, v);
  hi = std::max(hi, v);
}

std::string open_svg(double w, double h, const std::string& aria) {
  return fmt::format(
      R"(<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" width="{}" height="{}" role="img" aria-label="{}">)",
      w, h, w, h, escape(aria)) +
         "\n";
}

// Grid lines and tick labels of a horizontal (x) axis between y0 and y1.
std::string x_grid(const Axis& a, double left, double right, double y0, double y1) {
  std::string s;
  for (double v : a.ticks()) {
    const double x = a.at(v, left, right);
    s += fmt::format(R"(<line x1="{0}" y1="{1}" x2="{0}" y2="{2}" class="grid"/><text x="{0}" y="{3}" text-anchor="middle" class="tick">{4}</text>)",
                     coord(x), coord(y0), coord(y1), coord(y1 + 14), tick(v));
  }
  return s + "\n";
}

// Grid lines and tick labels of a vertical (y) axis between x0 and x1.
std::string y_grid(const Axis& a, double top, double bottom, double x0, double x1) {
  std::string s;
  for (double v : a.ticks()) {
    const double y = a.at(v, bottom, top);
    s += fmt::format(R"(<line x1="{0}" y1="{1}" x2="{2}" y2="{1}" class="grid"/><text x="{3}" y="{4}" text-anchor="end" class="tick">{5}</text>)",
                     coord(x0), coord(y), coord(x1), coord(x0 - 6), coord(y + 4), tick(v));
  }
  return s + "\n";
}

std::string axis_labels(double w, double h, double left, double right, double top, double bottom,
                        const std::string& x_label, const std::string& y_label) {
  std::string s = fmt::format(R"(<text x="{}" y="{}" text-anchor="middle" class="tick">{}</text>)",
                              coord((left + right) / 2), coord(h - 6), escape(x_label));
  if (!y_label.empty())
    s += fmt::format(R"svg(<text x="14" y="{0}" class="tick" transform="rotate(-90 14 {0})" text-anchor="middle">{1}</text>)svg",
                     coord((top + bottom) / 2), escape(y_label));
  (void)w;
  return s + "\n";
}

}  // namespace

std::string forest_plot(const std::vector<ForestRow>& rows, const std::string& x_label, const std::string& aria_label) {
  constexpr double kWidth = 1000, kLabelW = 220, kTextW = 380, kRowH = 24, kTop = 10, kBottom = 40;
  const double left = kLabelW, right = kWidth - kTextW - 10;
  const double height = kTop + kBottom + kRowH * static_cast<double>(std::max<std::size_t>(rows.size(), 1));
  // The axis spans 0 and every estimate, and the whiskers unless one is far wider than the
  // estimates' spread (a tiny base makes a huge relative interval): those are cut at the edge.
  double lo = 0.0, hi = 0.0;
  for (const ForestRow& r : rows) extend(lo, hi, r.estimate);
  const double spread = std::max(hi - lo, 1e-12), floor = lo - spread, ceiling = hi + spread;
  for (const ForestRow& r : rows) {
    extend(lo, hi, std::max(r.low, floor));
    extend(lo, hi, std::min(r.high, ceiling));
  }
  const Axis a = Axis::over(lo, hi);
  const auto clip = [&](double v) { return std::clamp(v, a.lo, a.hi); };
  const double plot_bottom = height - kBottom;
  std::string s = open_svg(kWidth, height, aria_label);
  s += x_grid(a, left, right, kTop, plot_bottom);
  const double zero = a.at(0.0, left, right);
  s += fmt::format(R"(<line x1="{0}" y1="{1}" x2="{0}" y2="{2}" stroke="#1d2330" stroke-width="1.5"/>)", coord(zero),
                   coord(kTop), coord(plot_bottom)) + "\n";
  if (rows.empty())
    s += fmt::format(R"(<text x="{}" y="{}" class="label">nothing to show</text>)", coord(left + 8), coord(kTop + 16));
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const ForestRow& r = rows[i];
    const double y = kTop + kRowH * (static_cast<double>(i) + 0.5);
    s += "<g class=\"mark\"><title>" + escape(r.tooltip) + "</title>";
    s += fmt::format(R"(<text x="{}" y="{}" text-anchor="end" class="label">{}</text>)", coord(left - 8), coord(y + 4),
                     escape(r.label));
    if (std::isfinite(r.low) && std::isfinite(r.high))
      s += fmt::format(R"(<line x1="{0}" y1="{2}" x2="{1}" y2="{2}" stroke="{3}" stroke-width="2.5"/>)",
                       coord(a.at(clip(r.low), left, right)), coord(a.at(clip(r.high), left, right)), coord(y), r.colour);
    if (std::isfinite(r.estimate))
      s += fmt::format(R"(<circle cx="{}" cy="{}" r="5" fill="{}"/>)", coord(a.at(r.estimate, left, right)), coord(y),
                       r.colour);
    s += fmt::format(R"(<text x="{}" y="{}" class="value">{}</text>)", coord(right + 12), coord(y + 4), escape(r.text));
    s += "</g>\n";
  }
  return s + axis_labels(kWidth, height, left, right, kTop, plot_bottom, x_label, "") + "</svg>\n";
}

std::string band_chart(const std::vector<BandSeries>& series, const std::string& x_label, const std::string& y_label,
                       const std::string& aria_label) {
  constexpr double kWidth = 1000, kLeft = 80, kRight = 20, kBottom = 42, kLegendRow = 16;
  // The legend (several series) wraps into rows above the plot.
  std::vector<std::pair<double, double>> legend;  // x, y of each series' entry
  double lx = kLeft + 8, ly = 10;
  for (const BandSeries& b : series) {
    const double w = 44 + 6.5 * static_cast<double>(b.name.size());
    if (lx + w > kWidth - kRight && lx > kLeft + 8) lx = kLeft + 8, ly += kLegendRow;
    legend.emplace_back(lx, ly);
    lx += w;
  }
  const double top = series.size() > 1 ? ly + kLegendRow + 10 : 20, height = top + 266;
  const double right = kWidth - kRight, bottom = height - kBottom;
  double x_lo = std::numeric_limits<double>::infinity(), x_hi = -x_lo, y_lo = x_lo, y_hi = -x_lo;
  for (const BandSeries& b : series)
    for (std::size_t i = 0; i < b.x.size(); ++i) {
      extend(x_lo, x_hi, b.x[i]);
      for (double v : {b.y[i], b.low[i], b.high[i]}) extend(y_lo, y_hi, v);
    }
  const Axis ax = Axis::over(x_lo, x_hi), ay = Axis::over(y_lo, y_hi);
  std::string s = open_svg(kWidth, height, aria_label);
  s += y_grid(ay, top, bottom, kLeft, right);
  s += x_grid(ax, kLeft, right, top, bottom);
  const auto px = [&](double v) { return coord(ax.at(v, kLeft, right)); };
  const auto py = [&](double v) { return coord(ay.at(v, bottom, top)); };
  for (const BandSeries& b : series) {
    std::string upper, lower, line;
    for (std::size_t i = 0; i < b.x.size(); ++i) {
      if (std::isfinite(b.low[i]) && std::isfinite(b.high[i])) {
        upper += px(b.x[i]) + "," + py(b.high[i]) + " ";
        lower = px(b.x[i]) + "," + py(b.low[i]) + " " + lower;
      }
      if (std::isfinite(b.y[i])) line += px(b.x[i]) + "," + py(b.y[i]) + " ";
    }
    s += "<g class=\"mark\"><title>" + escape(b.name) + "</title>";
    if (b.joined) {
      if (!upper.empty())
        s += fmt::format(R"(<polygon points="{}" fill="{}" fill-opacity="0.18" stroke="none"/>)", upper + lower, b.colour);
      s += fmt::format(R"(<polyline points="{}" fill="none" stroke="{}" stroke-width="2"/>)", line, b.colour);
    } else {
      for (std::size_t i = 0; i < b.x.size(); ++i)
        if (std::isfinite(b.low[i]) && std::isfinite(b.high[i]))
          s += fmt::format(R"(<line x1="{0}" y1="{1}" x2="{0}" y2="{2}" stroke="{3}" stroke-width="1.5"/>)", px(b.x[i]),
                           py(b.low[i]), py(b.high[i]), b.colour);
    }
    for (std::size_t i = 0; i < b.x.size(); ++i)
      if (std::isfinite(b.y[i]))
        s += fmt::format(R"(<circle cx="{}" cy="{}" r="3.5" fill="{}"><title>{}: {} = {} [{} – {}]</title></circle>)",
                         px(b.x[i]), py(b.y[i]), b.colour, escape(b.name), tick(b.x[i]), tick(b.y[i]), tick(b.low[i]),
                         tick(b.high[i]));
    s += "</g>\n";
  }
  if (series.size() > 1) {
    for (std::size_t i = 0; i < series.size(); ++i)
      s += fmt::format(R"(<rect x="{}" y="{}" width="18" height="10" fill="{}"/><text x="{}" y="{}" class="tick">{}</text>)",
                       coord(legend[i].first), coord(legend[i].second), series[i].colour, coord(legend[i].first + 24),
                       coord(legend[i].second + 9), escape(series[i].name));
    s += "\n";
  }
  return s + axis_labels(kWidth, height, kLeft, right, top, bottom, x_label, y_label) + "</svg>\n";
}

void mark_dominated(std::vector<FrontierPoint>& points) {
  for (FrontierPoint& p : points) {
    p.dominated = false;
    if (!std::isfinite(p.x) || !std::isfinite(p.y)) continue;
    for (const FrontierPoint& q : points)
      if (&q != &p && std::isfinite(q.x) && std::isfinite(q.y) && q.x <= p.x && q.y >= p.y && (q.x < p.x || q.y > p.y))
        p.dominated = true;
  }
}

std::string frontier_chart(const std::vector<FrontierPoint>& points, const std::string& x_label,
                           const std::string& y_label, const std::string& aria_label) {
  constexpr double kWidth = 1000, kHeight = 380, kLeft = 90, kRight = 30, kTop = 20, kBottom = 42;
  const double right = kWidth - kRight, bottom = kHeight - kBottom;
  double x_lo = std::numeric_limits<double>::infinity(), x_hi = -x_lo, y_lo = x_lo, y_hi = -x_lo;
  for (const FrontierPoint& p : points) {
    for (double v : {p.x, p.x_low, p.x_high}) extend(x_lo, x_hi, v);
    for (double v : {p.y, p.y_low, p.y_high}) extend(y_lo, y_hi, v);
  }
  const Axis ax = Axis::over(x_lo, x_hi), ay = Axis::over(y_lo, y_hi);
  std::string s = open_svg(kWidth, kHeight, aria_label);
  s += y_grid(ay, kTop, bottom, kLeft, right);
  s += x_grid(ax, kLeft, right, kTop, bottom);
  const auto px = [&](double v) { return coord(ax.at(v, kLeft, right)); };
  const auto py = [&](double v) { return coord(ay.at(v, bottom, kTop)); };
  std::vector<const FrontierPoint*> frontier;
  for (const FrontierPoint& p : points)
    if (!p.dominated && std::isfinite(p.x) && std::isfinite(p.y)) frontier.push_back(&p);
  std::sort(frontier.begin(), frontier.end(), [](const auto* a, const auto* b) { return a->x < b->x; });
  std::string line;
  for (const FrontierPoint* p : frontier) line += px(p->x) + "," + py(p->y) + " ";
  if (frontier.size() > 1)
    s += fmt::format(R"(<polyline points="{}" fill="none" stroke="{}" stroke-width="2" stroke-dasharray="5 3"/>)", line,
                     kGreen) + "\n";
  for (const FrontierPoint& p : points) {
    if (!std::isfinite(p.x) || !std::isfinite(p.y)) continue;
    const char* colour = p.dominated ? kGrey : kBlue;
    s += "<g class=\"mark\"><title>" +
         escape(fmt::format("{} {}: {} {} [{} – {}], {} {} [{} – {}]{}", p.label, p.detail, x_label, tick(p.x), tick(p.x_low),
                            tick(p.x_high), y_label, tick(p.y), tick(p.y_low), tick(p.y_high),
                            p.dominated ? " (dominated)" : "")) +
         "</title>";
    if (std::isfinite(p.x_low) && std::isfinite(p.x_high))
      s += fmt::format(R"(<line x1="{0}" y1="{2}" x2="{1}" y2="{2}" stroke="{3}" stroke-width="1.2"/>)", px(p.x_low),
                       px(p.x_high), py(p.y), colour);
    if (std::isfinite(p.y_low) && std::isfinite(p.y_high))
      s += fmt::format(R"(<line x1="{0}" y1="{1}" x2="{0}" y2="{2}" stroke="{3}" stroke-width="1.2"/>)", px(p.x),
                       py(p.y_low), py(p.y_high), colour);
    s += fmt::format(R"(<circle cx="{}" cy="{}" r="5" fill="{}" stroke="{}" stroke-width="1.5"/>)", px(p.x), py(p.y),
                     p.dominated ? "#fff" : colour, colour);
    if (p.best)
      s += fmt::format(R"(<circle cx="{}" cy="{}" r="10" fill="none" stroke="{}" stroke-width="2"/>)", px(p.x), py(p.y),
                       kGreen);
    s += fmt::format(R"(<text x="{}" y="{}" class="tick">{}</text>)", coord(ax.at(p.x, kLeft, right) + 8),
                     coord(ay.at(p.y, bottom, kTop) - 8), escape(p.label));
    s += "</g>\n";
  }
  return s + axis_labels(kWidth, kHeight, kLeft, right, kTop, bottom, x_label, y_label) + "</svg>\n";
}

}  // namespace jsim::html
