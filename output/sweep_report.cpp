// sweep.html: what each setting earns and costs (output/experiment_reports.hpp).
#include <nlohmann/json.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "experiment/metric_text.hpp"
#include "experiment/sweep_grid.hpp"
#include "model/error.hpp"
#include "output/json_values.hpp"
#include "output/experiment_json.hpp"
#include "output/experiment_reports.hpp"
#include "output/html_report.hpp"
#include "output/interval_charts.hpp"

namespace jsim {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxSeries = 8;  // lines per chart: more is unreadable

struct Point {
  std::vector<std::string> settings;  // axis order
  std::map<std::string, Interval> metrics;
  std::string label;
};

Interval metric_of(const Point& p, const std::string& metric) {
  const auto it = p.metrics.find(metric);
  return it == p.metrics.end() ? Interval{std::nan(""), std::nan(""), std::nan("")} : it->second;
}

// The metric against axis k: one line per combination of the other axes' values.
// A sampled design (random, Latin hypercube) has no grid of the other axes to hold fixed: every
// point is drawn on its own, with its whisker, and no line joins them.
std::string against_axis(const std::vector<Point>& points, const std::vector<std::string>& axes, std::size_t k,
                         const std::string& metric, bool sampled) {
  std::vector<html::BandSeries> series;
  std::map<std::string, std::size_t> index;  // the other axes' values -> series
  for (const Point& p : points) {
    const auto x = grid_number(p.settings[k]);
    if (!x) return "";  // not a numeric axis: the table says it all
    std::string others;
    for (std::size_t a = 0; a < axes.size() && !sampled; ++a)
      if (a != k) others += (others.empty() ? "" : ", ") + axes[a] + "=" + p.settings[a];
    auto [it, fresh] = index.emplace(others, series.size());
    if (fresh) {
      if (series.size() == kMaxSeries) continue;
      series.push_back({others.empty() ? metric : others, {}, {}, {}, {}, html::palette(series.size()), !sampled});
    }
    if (it->second >= series.size()) continue;
    html::BandSeries& b = series[it->second];
    const Interval v = metric_of(p, metric);
    b.x.push_back(*x), b.y.push_back(v.estimate), b.low.push_back(v.low), b.high.push_back(v.high);
  }
  for (html::BandSeries& b : series) {  // in increasing x
    std::vector<std::size_t> order(b.x.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t c) { return b.x[a] < b.x[c]; });
    html::BandSeries sorted{b.name, {}, {}, {}, {}, b.colour, b.joined};
    for (std::size_t i : order)
      sorted.x.push_back(b.x[i]), sorted.y.push_back(b.y[i]), sorted.low.push_back(b.low[i]), sorted.high.push_back(b.high[i]);
    b = std::move(sorted);
  }
  std::string s = "<h3>" + html::escape(metric + " against " + axes[k]) + "</h3>\n";
  if (index.size() > kMaxSeries)
    s += "<p class=\"note\">" + html::escape(fmt::format("The first {} of {} combinations of the other settings are drawn.", kMaxSeries, index.size())) + "</p>\n";
  return s + html::band_chart(series, axes[k], metric, metric + " against " + axes[k] + ", mean and 95% band");
}

std::string points_table(const std::vector<Point>& points, const std::vector<std::string>& axes,
                         const std::vector<std::string>& metrics, std::optional<std::size_t> best) {
  std::string s = "<table class=\"compact\"><thead><tr><th>point</th>";
  for (const std::string& a : axes) s += "<th>" + html::escape(a) + "</th>";
  for (const std::string& m : metrics) s += "<th>" + html::escape(m) + "</th>";
  s += "</tr></thead><tbody>\n";
  for (std::size_t i = 0; i < points.size(); ++i) {
    s += fmt::format("<tr{}><td>{}{}</td>", best == i ? " style=\"font-weight:600\"" : "", i, best == i ? " (best)" : "");
    for (const std::string& v : points[i].settings) s += "<td>" + html::escape(v) + "</td>";
    for (const std::string& m : metrics) s += "<td>" + html::escape(format_plus_minus(m, metric_of(points[i], m))) + "</td>";
    s += "</tr>\n";
  }
  return s + "</tbody></table>\n";
}

}  // namespace

std::string sweep_report_html(const json& doc, const std::string& where) {
  const ExperimentJson in{doc, where};
  std::vector<std::string> axes;
  for (const json& a : in.at(doc, "axes", "sweep.json")) axes.push_back(in.at(a, "path", "sweep.json").get<std::string>());
  std::vector<Point> points;
  std::vector<std::string> metrics;  // first-seen order
  for (const json& p : in.at(doc, "points", "sweep.json")) {
    Point point;
    const json& settings = in.at(p, "settings", "sweep.json");
    for (const std::string& a : axes) point.settings.push_back(settings.value(a, std::string()));
    for (const auto& [name, value] : in.at(p, "metrics", "sweep.json").items()) {
      point.metrics[name] = interval_from_json(value);
      if (std::find(metrics.begin(), metrics.end(), name) == metrics.end()) metrics.push_back(name);
    }
    for (std::size_t a = 0; a < axes.size(); ++a)
      point.label += (point.label.empty() ? "" : ", ") + axes[a] + "=" + point.settings[a];
    points.push_back(std::move(point));
  }
  const auto has = [&](const std::string& m) { return std::find(metrics.begin(), metrics.end(), m) != metrics.end(); };
  std::optional<std::size_t> best;
  std::string best_metric;
  if (doc.contains("best")) {
    best = doc.at("best").value("point", std::size_t{0});
    best_metric = doc.at("best").value("metric", std::string());
  }
  const bool sampled = doc.contains("design") && doc.at("design").value("kind", std::string("grid")) != "grid";
  // The metrics planners read first: the one optimised, then profit and conversion.
  std::vector<std::string> shown;
  for (const std::string& m : {best_metric, std::string("profit"), std::string("conversion_rate"), std::string("cost")})
    if (!m.empty() && has(m) && std::find(shown.begin(), shown.end(), m) == shown.end()) shown.push_back(m);

  std::string s = "<h1>Sweep: " + html::escape(doc.value("scenario", std::string())) + "</h1>\n";
  s += "<p class=\"meta\">" +
       html::escape(fmt::format("{} points · {} replications each of {} customers · common random numbers (replication "
                                "r of every point uses the same seed)",
                                points.size(), in.at(doc, "replications", "sweep.json").get<std::uint64_t>(),
                                html::count(in.at(doc, "agents", "sweep.json").get<std::uint64_t>()))) +
       "</p>\n";
  s += std::string("<p class=\"guide\"><b>How to read this:</b> ") +
       (sampled ? "each dot is a sampled design point's mean over replications, its whisker the 95% interval (the "
                  "other settings differ from point to point, so no line joins them). "
                : "lines are the mean over replications at each swept value, the shaded band its 95% interval. ") +
       "In the frontier, each point is a design: further left costs less, higher "
       "earns more; the dashed green line joins the designs no other design beats on both (the frontier), "
       "hollow grey points are dominated.</p>\n";
  if (best) {
    const json& b = doc.at("best");
    s += "<section><h2>Best point</h2>\n<p>" +
         html::escape(fmt::format("Best {}: point {} ({}): {}", best_metric, *best,
                                  *best < points.size() ? points[*best].label : "?",
                                  format_interval(best_metric, interval_from_json(b.value("value", json::object()))))) +
         "</p>\n";
    if (b.contains("runner_up")) {
      MetricComparison d;
      d.name = best_metric;
      d.difference = interval_from_json(b.value("difference_to_runner_up", json::object()));
      d.distinguishable = b.value("distinguishable", false);
      d.identical = b.value("identical", false);
      const auto r = b.at("runner_up").get<std::size_t>();
      s += "<p>" +
           html::escape(fmt::format("Against the runner-up, point {} ({}): {} — {}", r, r < points.size() ? points[r].label : "?",
                                    format_difference(best_metric, d.difference), verdict(d))) +
           "</p>\n";
    }
    s += "</section>\n";
  }
  s += "<section><h2>Each metric against each setting</h2>\n";
  for (const std::string& m : shown)
    for (std::size_t k = 0; k < axes.size(); ++k) s += against_axis(points, axes, k, m, sampled);
  s += "</section>\n";
  if (has("cost") && (has("profit") || has("conversion_rate"))) {
    const std::string value = has("profit") ? "profit" : "conversion_rate";
    std::vector<html::FrontierPoint> frontier;
    for (std::size_t i = 0; i < points.size(); ++i) {
      const Interval c = metric_of(points[i], "cost"), v = metric_of(points[i], value);
      frontier.push_back({"#" + std::to_string(i), points[i].label, c.estimate, c.low, c.high, v.estimate, v.low, v.high,
                          false, best == i});
    }
    html::mark_dominated(frontier);
    const auto dominated = std::count_if(frontier.begin(), frontier.end(), [](const auto& p) { return p.dominated; });
    s += "<section><h2>Cost against " + html::escape(value) + "</h2>\n<p class=\"note\">" +
         html::escape(fmt::format("Points are labelled by their number in the table below. {} of {} points are dominated "
                                  "(another point costs no more and earns at least as much, comparing means).", dominated, frontier.size())) +
         "</p>\n" + html::frontier_chart(frontier, "cost", value, "Cost against " + value + " per design point") +
         "</section>\n";
  }
  s += "<section><h2>Every point</h2>\n<p class=\"note\">Mean ± 95% half-width over replications.</p>\n" +
       points_table(points, axes, shown, best) + "</section>\n";
  s += "<footer>Written by JourneySim (jsim sweep --out; redraw with jsim report). Every metric of every point is in "
       "sweep.json, sweep.csv and sweep.h5; every replication in replications.csv.</footer>\n";
  return html_page("JourneySim sweep: " + doc.value("scenario", std::string()), s);
}

}  // namespace jsim
