// friction.html: where to fix the journey first (output/experiment_reports.hpp).
#include <nlohmann/json.hpp>
#include <fmt/format.h>

#include "experiment/metric_text.hpp"
#include "model/error.hpp"
#include "output/experiment_json.hpp"
#include "output/experiment_reports.hpp"
#include "output/html_report.hpp"
#include "output/interval_charts.hpp"

namespace jsim {
namespace {

using nlohmann::json;

const char* colour_of(const MetricComparison& m) {
  if (!m.distinguishable) return html::kGrey;
  return m.difference.estimate > 0 ? html::kGreen : html::kRed;
}

html::ForestRow row(const std::string& label, const MetricComparison& m, double scale, const std::string& fix) {
  return {label,
          m.difference.estimate * scale,
          m.difference.low * scale,
          m.difference.high * scale,
          colour_of(m),
          format_difference(m.name, m.difference) + " · " + verdict(m),
          fmt::format("{} ({}): {} {}", label, fix, m.name, format_difference(m.name, m.difference))};
}

}  // namespace

std::string friction_report_html(const json& doc, const std::string& where) {
  const ExperimentJson in{doc, where};
  const json& ranking = in.at(doc, "ranking", "friction.json");
  const std::string scenario = doc.value("scenario", std::string());
  std::string s = "<h1>Friction ranking: " + html::escape(scenario) + "</h1>\n";
  s += "<p class=\"meta\">" +
       html::escape(fmt::format("{} candidate fixes · {} replications each of {} customers · common random numbers",
                                ranking.size(), in.at(doc, "replications", "friction.json").get<std::uint64_t>(),
                                html::count(in.at(doc, "agents", "friction.json").get<std::uint64_t>()))) +
       "</p>\n";
  s += "<p class=\"guide\"><b>How to read this:</b> each candidate re-simulates the journey with one friction point "
       "removed (the fix named beside it), paired with the base. The dot is the conversions it recovers, the "
       "whisker its 95% interval; <span style=\"color:#1e8449\">green</span> is a real gain, grey cannot be told "
       "from none. Ranked by conversions recovered.</p>\n";
  std::vector<html::ForestRow> overall;
  std::vector<std::string> personas;
  for (const json& r : ranking) {
    const std::string label = in.at(r, "kind", "friction.json").get<std::string>() + " " + r.value("id", std::string());
    overall.push_back(row(label, metric_comparison_from_json(in.at(r, "conversions", "friction.json")), 1.0,
                          r.value("fix", std::string())));
    const json per = r.value("persona_conversion_rate", json::object());  // kept: items() refers to it
    for (const auto& [persona, value] : per.items())
      if (std::find(personas.begin(), personas.end(), persona) == personas.end()) personas.push_back(persona);
  }
  s += "<section><h2>Conversions recovered per fix</h2>\n" +
       html::forest_plot(overall, "conversions recovered (what-if − base), with 95% paired interval",
                         "Friction ranking: conversions recovered per candidate fix");
  s += "<table class=\"compact\"><thead><tr><th>rank</th><th class=\"l\">candidate</th><th class=\"l\">fix</th>"
       "<th>revenue recovered</th></tr></thead><tbody>\n";
  for (std::size_t i = 0; i < ranking.size(); ++i) {
    const json& r = ranking[i];
    const MetricComparison revenue = metric_comparison_from_json(r.value("revenue", json::object()));
    s += fmt::format("<tr><td>{}</td><td class=\"l\">{}</td><td class=\"l\">{}</td><td>{}</td></tr>\n", i + 1,
                     html::escape(r.value("kind", "") + " " + r.value("id", "")), html::escape(r.value("fix", "")),
                     html::escape(format_difference("revenue", revenue.difference)));
  }
  s += "</tbody></table>\n</section>\n";
  if (!personas.empty()) {
    s += "<section><h2>Per persona</h2>\n<p class=\"note\">Change in each persona's conversion rate, in percentage "
         "points: the same fix can help one segment and not another.</p>\n";
    for (const std::string& persona : personas) {
      std::vector<html::ForestRow> rows;
      for (const json& r : ranking) {
        const json& per = r.value("persona_conversion_rate", json::object());
        if (!per.contains(persona)) continue;
        rows.push_back(row(r.value("kind", "") + " " + r.value("id", ""), metric_comparison_from_json(per.at(persona)),
                           100.0, r.value("fix", std::string())));
      }
      s += "<h3>" + html::escape(persona) + "</h3>\n" +
           html::forest_plot(rows, "conversion rate change (percentage points)", "Conversion rate change for " + persona);
    }
    s += "</section>\n";
  }
  s += "<footer>Written by JourneySim (jsim friction --out; redraw with jsim report). The numbers are in "
       "friction.json and friction.csv.</footer>\n";
  return html_page("JourneySim friction ranking: " + scenario, s);
}

}  // namespace jsim
