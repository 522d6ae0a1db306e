#include "output/fidelity_writers.hpp"

#include <fmt/format.h>
#include <fmt/ostream.h>

#include <algorithm>
#include <cmath>
#include <fstream>

#include "model/error.hpp"
#include "output/atomic_file.hpp"
#include "output/json_values.hpp"
#include "output/csv_writer.hpp"
#include "output/html_report.hpp"
#include "output/svg_charts.hpp"

namespace jsim {
namespace {

using nlohmann::json;
using data::Estimate;
using data::SideBySide;

constexpr double kNaN = data::kFidelityNaN;

// One measure, flat: what the CSV, JSON and console show.
struct Row {
  std::string group, measure, item, unit;
  Estimate observed, simulated, difference;
  double reference = kNaN;
  bool flagged = false;
};

std::vector<Row> rows_of(const data::FidelityResult& r) {
  std::vector<Row> out;
  const auto add = [&](std::string group, std::string measure, std::string item, std::string unit, const SideBySide& s) {
    out.push_back({std::move(group), std::move(measure), std::move(item), std::move(unit), s.observed, s.simulated,
                   s.difference, kNaN, s.flagged});
  };
  add("journey", "conversion_rate", "", "", r.conversion_rate);
  add("journey", "mean_path_length", "", "events", r.mean_path_length);
  if (r.timed) add("journey", "mean_duration", "", "s", r.mean_duration);
  for (const auto& t : r.touchpoints) {
    add("touchpoint", "visits_per_journey", t.activity, "", t.visits_per_journey);
    add("touchpoint", "drop_off_rate", t.activity, "", t.drop_off_rate);
    add("touchpoint", "conversion_rate", t.activity, "", t.conversion_rate);
  }
  for (const auto& d : r.distances) {
    Row row{"distance", d.name, "", d.unit, {}, {}, {d.value, kNaN, kNaN}, d.reference, d.flagged};
    out.push_back(std::move(row));
  }
  return out;
}

std::string num(double x, const std::string& unit = "") {
  if (!std::isfinite(x)) return "n/a";
  if (unit == "s") return html::duration(x);
  const double a = std::fabs(x);
  if (a != 0 && a < 0.001) return fmt::format("{:.2e}", x);
  return fmt::format("{:.4f}", x);
}

std::string with_interval(const Estimate& e, const std::string& unit = "") {
  std::string s = num(e.value, unit);
  if (std::isfinite(e.low) && std::isfinite(e.high)) s += " [" + num(e.low, unit) + ", " + num(e.high, unit) + "]";
  return s;
}

// ---- SVG: two series overlaid ----------------------------------------------------------------

constexpr double kW = 720, kH = 260, kL = 56, kR = 16, kT = 28, kB = 40;
const char* const kObsColour = html::kBlue;
const char* const kSimColour = "#e69f00";

std::string legend() {
  return fmt::format(R"(<g font-size="12"><rect x="{}" y="8" width="12" height="12" fill="{}"/><text x="{}" y="18">observed</text>)"
                     R"(<rect x="{}" y="8" width="12" height="12" fill="{}"/><text x="{}" y="18">simulated</text></g>)",
                     kL, kObsColour, kL + 16, kL + 100, kSimColour, kL + 116);
}

std::string frame(const std::string& aria, double ymax, const std::string& y_label, const std::string& body,
                  const std::vector<std::pair<double, std::string>>& x_ticks, const std::string& x_label) {
  std::string s = fmt::format(R"(<svg class="chart" viewBox="0 0 {} {}" width="{}" height="{}" role="img" aria-label="{}" font-family="sans-serif">)",
                              kW, kH, kW, kH, html::escape(aria));
  s += "<title>" + html::escape(aria) + "</title>";
  const double h = kH - kT - kB;
  for (int k = 0; k <= 4; ++k) {
    const double y = kT + h - h * k / 4.0;
    s += fmt::format(R"(<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#ddd"/>)", kL, kW - kR, html::coord(y), html::coord(y));
    s += fmt::format(R"(<text x="{}" y="{}" font-size="11" text-anchor="end">{}</text>)", kL - 4, html::coord(y + 4),
                     html::escape(fmt::format("{:.3g}", ymax * k / 4.0)));
  }
  for (const auto& [x, label] : x_ticks)
    s += fmt::format(R"(<text x="{}" y="{}" font-size="11" text-anchor="middle">{}</text>)", html::coord(x), kH - kB + 14,
                     html::escape(label));
  s += fmt::format(R"(<text x="{}" y="{}" font-size="12" text-anchor="middle">{}</text>)", html::coord((kL + kW - kR) / 2),
                   kH - 6, html::escape(x_label));
  s += fmt::format(R"x(<text x="12" y="{}" font-size="12" transform="rotate(-90 12 {})" text-anchor="middle">{}</text>)x",
                   html::coord(kT + h / 2), html::coord(kT + h / 2), html::escape(y_label));
  s += body + legend() + "</svg>\n";
  return s;
}

// Grouped bars: observed and simulated share per category.
std::string bars_chart(const std::vector<double>& obs, const std::vector<double>& sim, const std::string& aria,
                       const std::string& x_label, const std::string& last_label) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < obs.size(); ++i)
    if (obs[i] > 0 || (i < sim.size() && sim[i] > 0)) n = i + 1;
  n = std::max<std::size_t>(n, 1);
  double ymax = 0;
  for (std::size_t i = 0; i < n; ++i) ymax = std::max({ymax, obs[i], i < sim.size() ? sim[i] : 0.0});
  ymax = html::nice_ceiling(ymax);
  const double w = (kW - kL - kR) / static_cast<double>(n), h = kH - kT - kB;
  std::string body;
  std::vector<std::pair<double, std::string>> ticks;
  for (std::size_t i = 0; i < n; ++i) {
    const double x0 = kL + w * static_cast<double>(i);
    const double vo = obs[i], vs = i < sim.size() ? sim[i] : 0.0;
    const std::string label = i + 1 == obs.size() ? last_label : std::to_string(i + 1);
    for (int side = 0; side < 2; ++side) {
      const double v = side == 0 ? vo : vs;
      const double bh = h * v / ymax;
      body += fmt::format(R"(<rect x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{}</title></rect>)",
                          html::coord(x0 + w * (0.1 + 0.4 * side)), html::coord(kT + h - bh), html::coord(w * 0.4),
                          html::coord(bh), side == 0 ? kObsColour : kSimColour,
                          html::escape(fmt::format("{} {}: {}", side == 0 ? "observed" : "simulated", label,
                                                   html::percent(v, 2))));
    }
    if (n <= 30 || i % 5 == 0) ticks.emplace_back(x0 + w / 2, label);
  }
  return frame(aria, ymax, "share of journeys", body, ticks, x_label);
}

// Lines over x (shared by both series).
std::string lines_chart(const std::vector<double>& x_obs, const std::vector<double>& y_obs, const std::vector<double>& x_sim,
                        const std::vector<double>& y_sim, const std::string& aria, const std::string& y_label,
                        const std::string& x_label, const std::vector<std::pair<double, std::string>>& x_ticks_in,
                        double xmin, double xmax, bool fixed_y = false) {
  double ymax = 0;
  for (double y : y_obs) ymax = std::max(ymax, y);
  for (double y : y_sim) ymax = std::max(ymax, y);
  ymax = fixed_y ? 1.0 : html::nice_ceiling(ymax);
  if (!(xmax > xmin)) xmax = xmin + 1;
  const double w = kW - kL - kR, h = kH - kT - kB;
  const auto px = [&](double x) { return kL + w * (x - xmin) / (xmax - xmin); };
  const auto py = [&](double y) { return kT + h - h * y / ymax; };
  std::string body;
  const auto line = [&](const std::vector<double>& xs, const std::vector<double>& ys, const char* colour, bool dashed) {
    std::string pts;
    for (std::size_t i = 0; i < xs.size() && i < ys.size(); ++i)
      pts += html::coord(px(xs[i])) + "," + html::coord(py(ys[i])) + " ";
    body += fmt::format(R"(<polyline fill="none" stroke="{}" stroke-width="2"{} points="{}"/>)", colour,
                        dashed ? R"( stroke-dasharray="6 3")" : "", pts);
  };
  line(x_obs, y_obs, kObsColour, false);
  line(x_sim, y_sim, kSimColour, true);
  std::vector<std::pair<double, std::string>> ticks;
  for (const auto& [x, label] : x_ticks_in) ticks.emplace_back(px(x), label);
  return frame(aria, ymax, y_label, body, ticks, x_label);
}

std::string duration_chart(const data::FidelityResult& r) {
  const auto& qo = r.duration_quantiles_observed;
  const auto& qs = r.duration_quantiles_simulated;
  if (qo.empty() || qs.empty()) return "<p class=\"guide\">No durations: a log has no timestamps.</p>\n";
  std::vector<double> po, ps;
  for (std::size_t k = 0; k < qo.size(); ++k) po.push_back((static_cast<double>(k) + 0.5) / static_cast<double>(qo.size()));
  for (std::size_t k = 0; k < qs.size(); ++k) ps.push_back((static_cast<double>(k) + 0.5) / static_cast<double>(qs.size()));
  const double xmin = std::min(qo.front(), qs.front()), xmax = std::max(qo.back(), qs.back());
  std::vector<std::pair<double, std::string>> ticks;
  for (int k = 0; k <= 4; ++k) {
    const double x = xmin + (xmax - xmin) * k / 4.0;
    ticks.emplace_back(x, html::duration(x));
  }
  return lines_chart(qo, po, qs, ps, "Journey duration: empirical distribution functions, observed and simulated",
                     "share of journeys at most", "journey duration (first to last event)", ticks, xmin, xmax, true);
}

std::string arrivals_chart(const data::FidelityResult& r) {
  if (r.arrivals_observed.empty()) return "<p class=\"guide\">No arrivals: a log has no timestamps.</p>\n";
  std::vector<double> x(168);
  for (std::size_t i = 0; i < 168; ++i) x[i] = static_cast<double>(i);
  std::vector<std::pair<double, std::string>> ticks;
  const char* days[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  for (int d = 0; d < 7; ++d) ticks.emplace_back(24.0 * d + 12, days[d]);
  return lines_chart(x, r.arrivals_observed, x, r.arrivals_simulated,
                     "Journey starts per hour of the week (UTC), observed and simulated", "share of journeys",
                     "hour of the week (UTC)", ticks, 0, 167);
}

}  // namespace

Table fidelity_table(const FidelityReport& report) {
  const std::vector<Row> rows = rows_of(report.result);
  const std::span<const Row> s(rows);
  Table t;
  t.rows = rows.size();
  t.add("group", s, [](const Row& r) { return r.group; });
  t.add("measure", s, [](const Row& r) { return r.measure; });
  t.add("item", s, [](const Row& r) { return r.item; });
  t.add("unit", s, [](const Row& r) { return r.unit; });
  t.add("observed", s, [](const Row& r) { return r.observed.value; });
  t.add("observed_low", s, [](const Row& r) { return r.observed.low; });
  t.add("observed_high", s, [](const Row& r) { return r.observed.high; });
  t.add("simulated", s, [](const Row& r) { return r.simulated.value; });
  t.add("simulated_low", s, [](const Row& r) { return r.simulated.low; });
  t.add("simulated_high", s, [](const Row& r) { return r.simulated.high; });
  t.add("difference", s, [](const Row& r) { return r.difference.value; });
  t.add("difference_low", s, [](const Row& r) { return r.difference.low; });
  t.add("difference_high", s, [](const Row& r) { return r.difference.high; });
  t.add("reference", s, [](const Row& r) { return r.reference; });
  t.add("flagged", s, [](const Row& r) { return static_cast<std::uint32_t>(r.flagged ? 1 : 0); });
  return t;
}

json fidelity_json(const FidelityReport& report) {
  const auto& r = report.result;
  const auto est = [](const Estimate& e) { return json{{"value", json_number(e.value)}, {"low", json_number(e.low)}, {"high", json_number(e.high)}}; };
  json j;
  j["observed"] = report.observed;
  j["simulated"] = report.simulated;
  j["simulated_kind"] = report.simulated_kind;
  j["simulation"] = report.simulation;
  j["observed_journeys"] = r.observed_journeys;
  j["simulated_journeys"] = r.simulated_journeys;
  j["reference_halves"] = {r.half_a, r.half_b};
  j["timed"] = r.timed;
  j["flag_ratio"] = r.flag_ratio;
  j["interval"] = "95%: Wilson for proportions, normal for means; differences (simulated - observed): two-proportion z, Welch normal";
  json rows = json::array();
  for (const Row& row : rows_of(r)) {
    json x{{"group", row.group}, {"measure", row.measure}, {"item", row.item}, {"unit", row.unit}, {"flagged", row.flagged}};
    if (row.group == "distance") {
      x["value"] = json_number(row.difference.value);
      x["reference"] = json_number(row.reference);
    } else {
      x["observed"] = est(row.observed);
      x["simulated"] = est(row.simulated);
      x["difference"] = est(row.difference);
    }
    rows.push_back(std::move(x));
  }
  j["measures"] = rows;
  json methods = json::object();
  for (const auto& d : r.distances) methods[d.name] = d.method;
  j["distance_methods"] = methods;
  j["distributions"] = {{"path_length_bins", r.path_length_observed.size()},
                        {"path_length", {{"observed", r.path_length_observed}, {"simulated", r.path_length_simulated}}},
                        {"duration_quantiles", {{"observed", r.duration_quantiles_observed}, {"simulated", r.duration_quantiles_simulated}}},
                        {"arrivals_hour_of_week", {{"observed", r.arrivals_observed}, {"simulated", r.arrivals_simulated}}}};
  std::vector<std::string> notes = report.notes;
  notes.insert(notes.end(), r.notes.begin(), r.notes.end());
  j["notes"] = notes;
  return j;
}

void print_fidelity(std::ostream& out, const FidelityReport& report) {
  const auto& r = report.result;
  fmt::print(out, "Fidelity of {} ({}) to {}: {} simulated vs {} observed journeys\n", report.simulated,
             report.simulated_kind == "scenario" ? "simulated scenario" : "event log", report.observed,
             r.simulated_journeys, r.observed_journeys);
  fmt::print(out, "Differences are simulated - observed, with 95% intervals; * marks an interval that excludes 0.\n\n");
  std::vector<std::vector<std::string>> cells;
  const std::vector<Row> rows = rows_of(r);
  cells.push_back({"measure", "observed", "simulated", "difference", ""});
  for (const Row& row : rows) {
    if (row.group == "distance") continue;
    const std::string name = row.item.empty() ? row.measure : row.item + " " + row.measure;
    cells.push_back({name, with_interval(row.observed, row.unit), with_interval(row.simulated, row.unit),
                     with_interval(row.difference, row.unit), row.flagged ? "*" : ""});
  }
  std::vector<std::size_t> w(5, 0);
  for (const auto& c : cells)
    for (std::size_t k = 0; k < 5; ++k) w[k] = std::max(w[k], c[k].size());
  for (const auto& c : cells)
    fmt::print(out, "  {:<{}}  {:>{}}  {:>{}}  {:>{}} {}\n", c[0], w[0], c[1], w[1], c[2], w[2], c[3], w[3], c[4]);

  fmt::print(out, "\nDistances (observed vs simulated), with the split-half reference (observed half vs half, {} | {} "
                  "journeys); ! marks a distance above {} x its reference:\n",
             r.half_a, r.half_b, r.flag_ratio);
  fmt::print(out, "  {:<18}  {:>12}  {:>12}  {:>7}\n", "distance", "value", "reference", "ratio");
  for (const auto& d : r.distances) {
    const double ratio = d.reference > 0 ? d.value / d.reference : kNaN;
    const std::string unit = d.unit == "h" ? " h" : "";
    fmt::print(out, "  {:<18}  {:>12}  {:>12}  {:>7} {}\n", d.name, num(d.value, d.unit) + unit,
               num(d.reference, d.unit) + unit, std::isfinite(ratio) ? fmt::format("{:.2f}", ratio) : "n/a",
               d.flagged ? "!" : "");
  }
  fmt::print(out, "\n");
  for (const auto& d : r.distances) fmt::print(out, "  {}: {}\n", d.name, d.method);
  std::vector<std::string> notes = report.notes;
  notes.insert(notes.end(), r.notes.begin(), r.notes.end());
  if (!notes.empty()) {
    fmt::print(out, "\nNotes:\n");
    for (const auto& n : notes) fmt::print(out, "  - {}\n", n);
  }
}

std::string fidelity_html(const FidelityReport& report) {
  using html::escape;
  const auto& r = report.result;
  std::string s = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  s += "<title>" + escape("JourneySim fidelity: " + report.simulated + " vs " + report.observed) + "</title>\n<style>" +
       report_style() + "</style>\n</head>\n<body>\n<main>\n";
  s += "<h1>Fidelity: " + escape(report.simulated) + " vs " + escape(report.observed) + "</h1>\n";
  s += fmt::format("<p class=\"meta\">Observed: {} · simulated: {} ({})</p>\n", escape(report.observed),
                   escape(report.simulated), escape(report.simulated_kind));
  s += "<div class=\"cards\">";
  s += fmt::format(R"(<div class="card"><div class="k">observed journeys</div><div class="v">{}</div></div>)",
                   html::count(r.observed_journeys));
  s += fmt::format(R"(<div class="card"><div class="k">simulated journeys</div><div class="v">{}</div></div>)",
                   html::count(r.simulated_journeys));
  s += fmt::format(R"(<div class="card"><div class="k">conversion rate</div><div class="v">{} | {}</div><div class="s">observed | simulated</div></div>)",
                   html::percent(r.conversion_rate.observed.value, 2), html::percent(r.conversion_rate.simulated.value, 2));
  std::size_t flagged = 0;
  for (const auto& d : r.distances) flagged += d.flagged ? 1 : 0;
  s += fmt::format(R"(<div class="card"><div class="k">distances flagged</div><div class="v">{} of {}</div><div class="s">above {} x the split-half reference</div></div>)",
                   flagged, r.distances.size(), r.flag_ratio);
  s += "</div>\n";

  s += "<h2>Path length</h2>\n<p class=\"guide\">Share of journeys by number of events.</p>\n";
  s += bars_chart(r.path_length_observed, r.path_length_simulated, "Path length, observed and simulated",
                  "events per journey", std::to_string(r.path_length_observed.size()) + "+");
  s += "<h2>Journey duration</h2>\n<p class=\"guide\">Empirical distribution functions (observed solid, simulated dashed); "
       "the Wasserstein-1 distance is the area between them.</p>\n";
  s += duration_chart(r);
  s += "<h2>Arrivals by hour of the week</h2>\n";
  s += arrivals_chart(r);

  s += "<h2>Distances</h2>\n<table class=\"compact\"><thead><tr><th class=\"l\">distance</th><th>observed vs simulated</th>"
       "<th>split-half reference</th><th>ratio</th><th class=\"l\">flag</th><th class=\"l\">method</th></tr></thead><tbody>\n";
  for (const auto& d : r.distances) {
    const double ratio = d.reference > 0 ? d.value / d.reference : kNaN;
    s += fmt::format("<tr><td class=\"l\">{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"l\">{}</td><td class=\"l\">{}</td></tr>\n",
                     escape(d.name), escape(num(d.value, d.unit) + (d.unit == "h" ? " h" : "")),
                     escape(num(d.reference, d.unit) + (d.unit == "h" ? " h" : "")),
                     std::isfinite(ratio) ? fmt::format("{:.2f}", ratio) : "n/a", d.flagged ? "differs" : "",
                     escape(d.method));
  }
  s += "</tbody></table>\n";
  s += "<h2>Measures</h2>\n<table class=\"compact\"><thead><tr><th class=\"l\">measure</th><th>observed</th><th>simulated</th>"
       "<th>difference</th><th class=\"l\">flag</th></tr></thead><tbody>\n";
  for (const Row& row : rows_of(r)) {
    if (row.group == "distance") continue;
    s += fmt::format("<tr><td class=\"l\">{}</td><td>{}</td><td>{}</td><td class=\"ci\">{}</td><td class=\"l\">{}</td></tr>\n",
                     escape(row.item.empty() ? row.measure : row.item + " " + row.measure),
                     escape(with_interval(row.observed, row.unit)), escape(with_interval(row.simulated, row.unit)),
                     escape(with_interval(row.difference, row.unit)), row.flagged ? "differs" : "");
  }
  s += "</tbody></table>\n";
  std::vector<std::string> notes = report.notes;
  notes.insert(notes.end(), r.notes.begin(), r.notes.end());
  if (!notes.empty()) {
    s += "<h2>Notes</h2>\n<ul>\n";
    for (const std::string& n : notes) s += "<li>" + escape(n) + "</li>\n";
    s += "</ul>\n";
  }
  s += "<footer>Written by JourneySim (jsim fidelity --out). The same numbers are in fidelity.csv and fidelity.json "
       "next to this page; methods in docs/fidelity.md.</footer>\n</main>\n</body>\n</html>\n";
  return s;
}

void write_fidelity(const FidelityReport& report, const std::filesystem::path& dir) {
  make_directory(dir);
  write_csv_table(fidelity_table(report), dir / "fidelity.csv");
  write_json(fidelity_json(report), dir / "fidelity.json");
  write_text_atomically(dir / "fidelity.html", fidelity_html(report));
}

}  // namespace jsim
