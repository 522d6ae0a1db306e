#include "output/attribution_writers.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <span>

#include "model/error.hpp"
#include "output/atomic_file.hpp"
#include "output/json_values.hpp"
#include "output/csv_writer.hpp"
#include "output/hdf5_util.hpp"
#include "output/hdf5_writer.hpp"
#include "output/html_report.hpp"
#include "output/svg_charts.hpp"

namespace jsim {
namespace {

using nlohmann::json;

bool has_interval(const AttributionRow& r) { return std::isfinite(r.conversions_low) && std::isfinite(r.conversions_high); }

std::string amount(double x) {
  if (!std::isfinite(x)) return "n/a";
  return std::fabs(x) >= 100.0 ? html::number(x, 1) : html::number(x, 3);
}

// The rows of the report's own level, i.e. without the channel roll-up of touchpoint-level data.
std::vector<const AttributionRow*> main_rows(const AttributionReport& r) {
  std::vector<const AttributionRow*> out;
  for (const AttributionRow& row : r.rows)
    if (row.level == r.level) out.push_back(&row);
  return out;
}

const AttributionRow* find_row(const AttributionReport& r, const std::string& model, const std::string& state) {
  for (const AttributionRow& row : r.rows)
    if (row.level == r.level && row.model == model && row.state == state) return &row;
  return nullptr;
}

// One group of bars per state, one bar per model, whiskers at the interval ends where there is one.
}  // namespace

std::string attribution_chart(const AttributionReport& r) {
  constexpr double kWidth = 1000, kLabelW = 200, kPlotW = 640, kBarH = 12, kGap = 10, kTop = 34, kBottom = 30;
  const std::size_t m = std::max<std::size_t>(r.models.size(), 1);
  const double group_h = kBarH * static_cast<double>(m) + kGap;
  const double height = kTop + kBottom + group_h * static_cast<double>(std::max<std::size_t>(r.states.size(), 1));
  double top = 0.0;
  for (const AttributionRow* row : main_rows(r)) {
    top = std::max(top, row->conversions);
    if (has_interval(*row)) top = std::max(top, row->conversions_high);
  }
  top = html::nice_ceiling(top);
  const auto x_of = [&](double v) { return kLabelW + kPlotW * std::clamp(v, 0.0, top) / top; };
  std::string s = fmt::format(
      R"(<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" width="{}" height="{}" role="img" aria-label="{}">)",
      kWidth, html::coord(height), kWidth, html::coord(height),
      html::escape("credit in conversions per " + r.level + " and model"));
  s += '\n';
  // Legend.
  double lx = kLabelW;
  for (std::size_t k = 0; k < r.models.size(); ++k) {
    s += fmt::format(R"(<rect x="{}" y="8" width="11" height="11" fill="{}"/><text x="{}" y="18" class="tick">{}</text>)",
                     html::coord(lx), html::palette(k), html::coord(lx + 15), html::escape(r.models[k]));
    lx += 30 + 7.0 * static_cast<double>(r.models[k].size());
  }
  s += '\n';
  const double plot_bottom = height - kBottom;
  for (int k = 0; k <= 4; ++k) {
    const double v = top * k / 4, x = x_of(v);
    s += fmt::format(R"(<line x1="{0}" y1="{1}" x2="{0}" y2="{2}" class="grid"/><text x="{0}" y="{3}" text-anchor="middle" class="tick">{4}</text>)",
                     html::coord(x), html::coord(kTop - 4), html::coord(plot_bottom), html::coord(plot_bottom + 16),
                     html::tick(v));
  }
  s += '\n';
  for (std::size_t i = 0; i < r.states.size(); ++i) {
    const double y0 = kTop + group_h * static_cast<double>(i);
    s += fmt::format(R"(<text x="{}" y="{}" text-anchor="end" class="label">{}</text>)", kLabelW - 8,
                     html::coord(y0 + kBarH * static_cast<double>(m) / 2 + 4), html::escape(r.states[i]));
    s += '\n';
    for (std::size_t k = 0; k < r.models.size(); ++k) {
      const AttributionRow* row = find_row(r, r.models[k], r.states[i]);
      if (row == nullptr) continue;
      const double y = y0 + kBarH * static_cast<double>(k);
      const double w = std::max(x_of(row->conversions) - kLabelW, row->conversions > 0.0 ? 1.0 : 0.0);
      std::string tip = fmt::format("{} {}: {} conversions", r.states[i], r.models[k], amount(row->conversions));
      if (has_interval(*row))
        tip += fmt::format(" [{}, {}]", amount(row->conversions_low), amount(row->conversions_high));
      s += "<g><title>" + html::escape(tip) + "</title>";
      s += fmt::format(R"(<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>)", kLabelW, html::coord(y + 1),
                       html::coord(w), kBarH - 2, html::palette(k));
      if (has_interval(*row)) {
        const double xl = x_of(row->conversions_low), xh = x_of(row->conversions_high), ym = y + kBarH / 2;
        s += fmt::format(
            R"(<path d="M{0} {1}H{2}M{0} {3}V{4}M{2} {3}V{4}" stroke="#1d2330" stroke-width="1.2" fill="none"/>)",
            html::coord(xl), html::coord(ym), html::coord(xh), html::coord(y + 2), html::coord(y + kBarH - 2));
      }
      const double text_x = std::max(kLabelW + w, has_interval(*row) ? x_of(row->conversions_high) : 0.0) + 5;
      s += fmt::format(R"(<text x="{}" y="{}" class="value" style="font-size:10px">{}</text>)", html::coord(text_x),
                       html::coord(y + kBarH - 2), html::escape(amount(row->conversions)));
      s += "</g>\n";
    }
  }
  return s + "</svg>\n";
}

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::vector<double> or_nan(const std::vector<double>& v, std::size_t n) {
  return v.size() == n ? v : std::vector<double>(n, kNaN);
}

}  // namespace

std::string level_name(data::PathLevel l) { return l == data::PathLevel::Touchpoint ? "touchpoint" : "channel"; }

// Credits as report rows; touchpoint-level credits also roll up to channel rows.
void add_credit_rows(AttributionReport& report, const data::AttributionResult& result, data::PathLevel level,
              const std::vector<std::string>& states, const std::vector<data::State>& state_channel,
              const std::vector<std::string>& channels) {
  const std::size_t n = states.size();
  for (const data::Credit& c : result.credits) {
    report.models.push_back(c.model);
    const auto lo = or_nan(c.conversions_low, n), hi = or_nan(c.conversions_high, n);
    const auto vlo = or_nan(c.value_low, n), vhi = or_nan(c.value_high, n), re = or_nan(c.removal_effect, n);
    const auto conv = or_nan(c.conversions, n), value = or_nan(c.value, n);
    for (std::size_t i = 0; i < n; ++i) {
      const std::string channel =
          level == data::PathLevel::Touchpoint && i < state_channel.size() && state_channel[i] < channels.size()
              ? channels[state_channel[i]]
              : (level == data::PathLevel::Channel ? states[i] : std::string());
      report.rows.push_back({c.model, level_name(level), states[i], channel, conv[i], lo[i], hi[i], value[i], vlo[i],
                             vhi[i], re[i]});
    }
    if (level == data::PathLevel::Touchpoint && c.channel_conversions.size() == channels.size()) {
      for (std::size_t k = 0; k < channels.size(); ++k)
        report.rows.push_back({c.model, "channel", channels[k], channels[k], c.channel_conversions[k], kNaN, kNaN,
                               k < c.channel_value.size() ? c.channel_value[k] : kNaN, kNaN, kNaN, kNaN});
    }
  }
  report.states = states;
  report.level = level_name(level);
}


Table attribution_table(const AttributionReport& report) {
  Table t;
  t.rows = report.rows.size();
  const std::span<const AttributionRow> rows(report.rows);
  t.add("model", rows, [](const AttributionRow& r) { return r.model; });
  t.add("level", rows, [](const AttributionRow& r) { return r.level; });
  t.add("state", rows, [](const AttributionRow& r) { return r.state; });
  t.add("channel", rows, [](const AttributionRow& r) { return r.channel; });
  t.add("conversions", rows, [](const AttributionRow& r) { return r.conversions; });
  t.add("conversions_low", rows, [](const AttributionRow& r) { return r.conversions_low; });
  t.add("conversions_high", rows, [](const AttributionRow& r) { return r.conversions_high; });
  t.add("value", rows, [](const AttributionRow& r) { return r.value; });
  t.add("value_low", rows, [](const AttributionRow& r) { return r.value_low; });
  t.add("value_high", rows, [](const AttributionRow& r) { return r.value_high; });
  t.add("removal_effect", rows, [](const AttributionRow& r) { return r.removal_effect; });
  return t;
}

json attribution_json(const AttributionReport& report) {
  json j;
  j["input"] = report.input;
  j["kind"] = report.kind;
  j["level"] = report.level;
  j["models"] = report.models;
  j["states"] = report.states;
  j["journeys"] = report.journeys;
  j["total_conversions"] = json_number(report.total_conversions);
  j["total_value"] = json_number(report.total_value);
  j["credits"] = json::array();
  for (const AttributionRow& r : report.rows)
    j["credits"].push_back({{"model", r.model},
                            {"level", r.level},
                            {"state", r.state},
                            {"channel", r.channel},
                            {"conversions", json_number(r.conversions)},
                            {"conversions_low", json_number(r.conversions_low)},
                            {"conversions_high", json_number(r.conversions_high)},
                            {"value", json_number(r.value)},
                            {"value_low", json_number(r.value_low)},
                            {"value_high", json_number(r.value_high)},
                            {"removal_effect", json_number(r.removal_effect)}});
  j["notes"] = report.notes;
  j["details"] = report.details;
  return j;
}

std::string attribution_html(const AttributionReport& report) {
  using html::escape;
  std::string s = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  s += "<title>" + escape("JourneySim attribution: " + report.input) + "</title>\n<style>" + report_style() +
       "</style>\n</head>\n<body>\n<main>\n";
  s += "<h1>Attribution: " + escape(report.input) + "</h1>\n";
  s += fmt::format("<p class=\"meta\">Input: {} · level: {} · models: {}</p>\n", escape(report.kind), escape(report.level),
                   escape(fmt::format("{}", fmt::join(report.models, ", "))));
  s += "<div class=\"cards\">";
  s += fmt::format(R"(<div class="card"><div class="k">conversions</div><div class="v">{}</div><div class="s">what the credits add up to</div></div>)",
                   amount(report.total_conversions));
  s += fmt::format(R"(<div class="card"><div class="k">conversion value</div><div class="v">{}</div></div>)",
                   escape(html::money(report.total_value)));
  s += fmt::format(R"(<div class="card"><div class="k">{}</div><div class="v">{}</div></div>)",
                   report.kind == "scenario" ? "agents" : "journeys", html::count(report.journeys));
  s += fmt::format(R"(<div class="card"><div class="k">{}s</div><div class="v">{}</div></div>)", escape(report.level),
                   report.states.size());
  s += "</div>\n";
  s += "<h2>Credit per " + escape(report.level) + "</h2>\n";
  s += "<p class=\"guide\">Each bar is the number of conversions a model credits to the " + escape(report.level) +
       "; whiskers show 95% intervals where the model has them (bootstrap or paired replications).</p>\n";
  s += attribution_chart(report);
  s += "<h2>Table</h2>\n<table class=\"compact\"><thead><tr><th>" + escape(report.level) +
       "</th><th class=\"l\">model</th><th>conversions</th><th>95% interval</th><th>value</th><th>95% interval</th>"
       "<th>removal effect</th></tr></thead><tbody>\n";
  for (const std::string& state : report.states)
    for (const std::string& model : report.models) {
      const AttributionRow* r = find_row(report, model, state);
      if (r == nullptr) continue;
      const auto ci = [](double lo, double hi) {
        return std::isfinite(lo) && std::isfinite(hi) ? fmt::format("[{}, {}]", amount(lo), amount(hi)) : std::string();
      };
      s += fmt::format("<tr><td>{}</td><td class=\"l\">{}</td><td>{}</td><td class=\"ci\">{}</td><td>{}</td>"
                       "<td class=\"ci\">{}</td><td>{}</td></tr>\n",
                       escape(state), escape(model), amount(r->conversions), ci(r->conversions_low, r->conversions_high),
                       escape(html::money(r->value)), escape(ci(r->value_low, r->value_high)),
                       std::isfinite(r->removal_effect) ? html::percent(r->removal_effect) : "");
    }
  s += "</tbody></table>\n";
  if (!report.notes.empty()) {
    s += "<h2>Notes</h2>\n<ul>\n";
    for (const std::string& n : report.notes) s += "<li>" + escape(n) + "</li>\n";
    s += "</ul>\n";
  }
  s += "<footer>Written by JourneySim (jsim attribute --out). The same numbers, in full precision, are in "
       "attribution.csv, attribution.json and attribution.h5 next to this page.</footer>\n";
  s += "</main>\n</body>\n</html>\n";
  return s;
}

namespace {

// The table as /attribution, the input facts as its attributes.
void write_attribution_dataset(hid_t file, const AttributionReport& report, const Table& table) {
  h5::write_table(file, "attribution", table);
  const h5::Handle d(H5Dopen2(file, "attribution", H5P_DEFAULT), H5Dclose, "H5Dopen2 attribution");
  h5::write_attribute(d, "input", report.input);
  h5::write_attribute(d, "kind", report.kind);
  h5::write_attribute(d, "level", report.level);
  h5::write_attribute(d, "models", report.models);
  h5::write_attribute(d, "total_conversions", report.total_conversions);
  h5::write_attribute(d, "total_value", report.total_value);
  h5::write_attribute(d, "journeys", report.journeys);
}

}  // namespace

void add_attribution_table(const AttributionReport& report, const std::filesystem::path& hdf5_file) {
  const h5::QuietErrors quiet;
  h5::Handle file = h5::open_file(hdf5_file);
  write_attribution_dataset(file, report, attribution_table(report));
  file.close();
}

void write_attribution(const AttributionReport& report, const std::filesystem::path& dir) {
  make_directory(dir);
  const Table table = attribution_table(report);
  write_csv_table(table, dir / "attribution.csv");
  write_json(attribution_json(report), dir / "attribution.json");
  write_file_atomically(dir / "attribution.h5", [&](const std::filesystem::path& tmp) {
    const h5::QuietErrors quiet;
    h5::Handle file = h5::create_file(tmp);
    h5::write_attribute(file, "jsim_version", kJsimVersion);
    write_attribution_dataset(file, report, table);
    file.close();
  });
  write_text_atomically(dir / "attribution.html", attribution_html(report));
}

}  // namespace jsim
