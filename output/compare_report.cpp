// compare.html: did the what-if make a difference, and how much (output/experiment_reports.hpp).
#include <nlohmann/json.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "experiment/metric_text.hpp"
#include "experiment/metrics.hpp"
#include "model/error.hpp"
#include "output/experiment_json.hpp"
#include "output/experiment_reports.hpp"
#include "output/flow_diagram.hpp"
#include "output/html_report.hpp"
#include "output/interval_charts.hpp"
#include "output/summary_reader.hpp"

namespace jsim {
namespace {

using nlohmann::json;

// Green for a real improvement, red for a real loss, blue for a real change with no better
// direction (utilisation), grey when the interval includes 0.
const char* verdict_colour(const MetricComparison& m) {
  if (!m.distinguishable) return html::kGrey;
  switch (better_direction(m.name)) {
    case Better::Neither: return html::kBlue;
    case Better::Lower: return m.difference.estimate < 0 ? html::kGreen : html::kRed;
    case Better::Higher: break;
  }
  return m.difference.estimate > 0 ? html::kGreen : html::kRed;
}

// Metrics in different units share one axis as the change relative to the base's mean.
std::string forest(const std::vector<MetricComparison>& metrics) {
  std::vector<const MetricComparison*> rows;
  for (const MetricComparison& m : metrics)
    if (std::isfinite(m.base.estimate) && m.base.estimate != 0.0 && std::isfinite(m.difference.estimate))
      rows.push_back(&m);
  std::stable_partition(rows.begin(), rows.end(), [](const MetricComparison* m) { return m->distinguishable; });
  std::vector<html::ForestRow> out;
  for (const MetricComparison* m : rows) {
    const double scale = 100.0 / std::fabs(m->base.estimate);
    out.push_back({m->name, m->difference.estimate * scale, m->difference.low * scale, m->difference.high * scale,
                   verdict_colour(*m), format_difference(m->name, m->difference) + " · " + verdict(*m),
                   fmt::format("{}: base {}, what-if {}, difference {} ({})", m->name,
                               format_plus_minus(m->name, m->base), format_plus_minus(m->name, m->whatif),
                               format_difference(m->name, m->difference), verdict(*m))});
  }
  return html::forest_plot(out, "change relative to the base's mean (%), with its 95% paired interval",
                           "Paired differences, what-if minus base, per metric");
}

std::string differences_table(const json& differences) {
  if (differences.empty()) return "<p class=\"note\">The two scenarios set nothing differently.</p>\n";
  std::string s = "<table class=\"compact\"><thead><tr><th>setting</th><th class=\"l\">base</th><th class=\"l\">what-if</th></tr></thead><tbody>\n";
  for (const json& d : differences)
    s += fmt::format("<tr><td><code>{}</code></td><td class=\"l\">{}</td><td class=\"l\">{}</td></tr>\n",
                     html::escape(d.value("path", "")), html::escape(d.value("base", "")),
                     html::escape(d.value("what_if", "")));
  return s + "</tbody></table>\n";
}

// Two figures next to each other, each scaled to its half.
std::string side_by_side(const std::string& left_title, const std::string& left, const std::string& right_title,
                         const std::string& right) {
  return "<div class=\"pair\"><div><h3>" + html::escape(left_title) + "</h3>\n" + left + "</div><div><h3>" +
         html::escape(right_title) + "</h3>\n" + right + "</div></div>\n";
}

}  // namespace

std::string compare_report_html(const json& doc, const std::string& where) {
  const ExperimentJson in{doc, where};
  const json& comparisons = in.at(doc, "comparisons", "compare.json");
  const std::string base = in.at(doc, "base", "compare.json").get<std::string>();
  std::vector<RunResult> designs;  // replication 0 of each design, when recorded
  if (doc.contains("designs"))
    for (const json& d : doc.at("designs"))
      designs.push_back(d.contains("replication_0")
                            ? run_result_from_json(d.at("replication_0"), where + ": designs[" + std::to_string(designs.size()) + "]")
                            : RunResult{});
  const auto replications = in.at(doc, "replications", "compare.json").get<std::uint64_t>();
  std::string s = "<style>.pair{display:grid;grid-template-columns:1fr 1fr;gap:16px}.pair svg.chart{width:100%}</style>\n";
  s += "<h1>What-if comparison</h1>\n";
  s += "<p class=\"meta\">" +
       html::escape(fmt::format("base {} · {} replications per design of {} customers · seeds from {} · {}", base,
                                replications, html::count(in.at(doc, "agents", "compare.json").get<std::uint64_t>()),
                                in.at(doc, "seeds", "compare.json").at(0).get<std::uint64_t>(),
                                doc.value("pairing", "") == "independent" ? "independent seeds"
                                                                          : "common random numbers")) +
       "</p>\n";
  s += "<p class=\"guide\"><b>How to read this:</b> each row is one metric's difference, what-if minus base, averaged "
       "over paired replications (replication r of both designs saw the same customers). The dot is the mean "
       "change relative to the base, the whisker its 95% interval. <span style=\"color:#1e8449\">Green</span>: a real "
       "improvement; <span style=\"color:#c0392b\">red</span>: a real loss; <span style=\"color:#2c6fbb\">blue</span>: "
       "a real change with no better direction; grey: not distinguishable from no change (the interval includes "
       "0). Real differences are listed first.</p>\n";
  for (const json& w : doc.value("base_load_warnings", json::array()))
    s += "<p class=\"warning\"><b>Warning (base):</b> " + html::escape(w.value("message", "")) + "</p>\n";
  for (std::size_t i = 0; i < comparisons.size(); ++i) {
    const json& c = comparisons[i];
    const std::string whatif = in.at(c, "what_if", "compare.json").get<std::string>();
    std::vector<MetricComparison> metrics;
    for (const json& m : in.at(c, "metrics", "compare.json")) metrics.push_back(metric_comparison_from_json(m));
    s += "<section><h2>" + html::escape(whatif) + " vs " + html::escape(base) + "</h2>\n";
    for (const json& w : c.value("load_warnings", json::array()))
      s += "<p class=\"warning\"><b>Warning (what-if):</b> " + html::escape(w.value("message", "")) + "</p>\n";
    const auto real = std::count_if(metrics.begin(), metrics.end(), [](const auto& m) { return m.distinguishable; });
    s += "<p>" + html::escape(fmt::format("{} of {} metrics changed distinguishably.", real, metrics.size())) + "</p>\n";
    s += forest(metrics);
    s += "<h3>Settings that differ</h3>\n" + differences_table(c.value("settings_that_differ", json::array()));
    if (i + 1 < designs.size() && !designs.front().touchpoints.empty() && !designs[i + 1].touchpoints.empty()) {
      const RunResult& b = designs.front();
      const RunResult& w = designs[i + 1];
      s += "<h3>Funnel (replication 0 of each)</h3>\n";
      s += side_by_side("base: " + base, funnel_chart(b), "what-if: " + whatif, funnel_chart(w));
      s += "<h3>Flow (replication 0 of each)</h3>\n<p class=\"note\">As in a run's report: stages left to right, "
           "boxes coloured by channel, arrows as wide as the moves, journeys ending in the converted and abandoned "
           "sinks.</p>\n";
      const auto flow_only = [](const RunResult& r) {
        const html::FlowDiagram d = html::flow_diagram(r);
        return d.svg + "<p class=\"note\">" + html::escape(html::left_out_note(d.moves_left_out, d.moves_total)) + "</p>\n";
      };
      s += side_by_side("base: " + base, flow_only(b), "what-if: " + whatif, flow_only(w));
    }
    s += "</section>\n";
  }
  s += "<footer>Written by JourneySim (jsim compare --out; redraw with jsim report). Every number is in "
       "compare.json, compare.csv and compare.h5; every replication in replications.csv.</footer>\n";
  return html_page("JourneySim comparison: " + base, s);
}

}  // namespace jsim
