#include "output/html_report.hpp"

#include "output/attribution_writers.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <fstream>

#include "model/error.hpp"
#include "output/atomic_file.hpp"
#include "output/channel_colours.hpp"
#include "output/flow_diagram.hpp"
#include "output/journey_graph.hpp"
#include "output/result_tables.hpp"
#include "output/svg_charts.hpp"

namespace jsim {
namespace {

using html::count;
using html::escape;
using html::money;
using html::number;
using html::percent;

constexpr const char* kStyle = R"(
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
       color: #1d2330; background: #fff; margin: 0; }
main { max-width: 1040px; margin: 0 auto; padding: 24px 20px 48px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 36px 0 6px; padding-bottom: 4px; border-bottom: 2px solid #d9dee7; }
h3 { font-size: 15px; margin: 18px 0 4px; }
p { margin: 6px 0; }
.meta, .note, .guide { color: #4a5263; }
.guide { background: #f3f6fa; border-left: 4px solid #2c6fbb; padding: 8px 12px; margin: 14px 0; }
.warning { background: #fdf3f2; border-left: 4px solid #c0392b; padding: 8px 12px; margin: 14px 0; color: #5a1e16; }
.cards { display: grid; grid-template-columns: repeat(4, 1fr); gap: 10px; margin-top: 14px; }
.card { border: 1px solid #d9dee7; border-radius: 6px; padding: 10px 12px; break-inside: avoid; }
.card .k { font-size: 12px; color: #4a5263; text-transform: uppercase; letter-spacing: .03em; }
.card .v { font-size: 22px; font-weight: 600; font-variant-numeric: tabular-nums; }
.card .s { font-size: 12px; color: #4a5263; }
.ci { font-size: 12px; color: #4a5263; white-space: nowrap; }
table { border-collapse: collapse; width: 100%; margin: 8px 0; font-variant-numeric: tabular-nums; }
th, td { border-bottom: 1px solid #e3e7ee; padding: 4px 8px; text-align: right; vertical-align: top; }
th { background: #f3f6fa; font-weight: 600; font-size: 12px; }
th:first-child, td:first-child { text-align: left; }
td.l, th.l { text-align: left; }
table.compact { font-size: 12px; }
table.compact th, table.compact td { padding: 3px 5px; }
tbody tr:nth-child(even) { background: #fafbfd; }
.swatch { display: inline-block; width: 11px; height: 11px; border-radius: 2px; margin-right: 6px; vertical-align: -1px; }
.legend span { margin-right: 14px; white-space: nowrap; }
svg.chart { display: block; max-width: 100%; height: auto; margin: 8px 0; }
svg text { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; }
svg .label { font-size: 12px; fill: #1d2330; }
svg .value { font-size: 12px; fill: #3a4252; }
svg .tick { font-size: 11px; fill: #4a5263; }
svg .grid { stroke: #e3e7ee; stroke-width: 1; }
svg.flow text { font-family: Helvetica, Arial, sans-serif; }  /* the font Graphviz measured labels in */
code { background: #f3f6fa; padding: 0 3px; border-radius: 3px; }
footer { margin-top: 40px; font-size: 12px; color: #6b7385; }
@media print {
  main { max-width: none; padding: 0; }
  h2 { break-after: avoid; }
  svg.chart, table, .cards { break-inside: avoid; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
)";

// A label for an SVG row: long ids are shortened (at a character boundary) so they fit.
std::string shorten(const std::string& s, std::size_t max_bytes = 30) {
  if (s.size() <= max_bytes) return s;
  std::size_t cut = max_bytes - 1;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return s.substr(0, cut) + "…";
}

std::string interval(const Interval& i, bool as_percent) {
  const auto f = [&](double x) { return as_percent ? percent(x) : number(x, 1); };
  return f(i.estimate) + " <span class=\"ci\">[" + f(i.low) + " – " + f(i.high) + "]</span>";
}

std::string card(const std::string& key, const std::string& value_html, const std::string& sub_html) {
  return fmt::format(R"(<div class="card"><div class="k">{}</div><div class="v">{}</div><div class="s">{}</div></div>)",
                     escape(key), value_html, sub_html) +
         "\n";
}

double ratio(std::uint64_t a, std::uint64_t b) {
  return b > 0 ? static_cast<double>(a) / static_cast<double>(b) : std::nan("");
}

std::string nps_text(const Nps& n, bool with_interval) {
  if (n.respondents == 0) return "n/a";
  return with_interval ? interval(n.score, false) : number(n.score.estimate, 1);
}

void header(std::string& s, const RunResult& r) {
  s += fmt::format("<h1>{}</h1>\n", escape(r.scenario));
  std::string meta = fmt::format("{} agents · seed {} · ", count(r.agents), r.seed);
  meta += r.timed ? "timed, horizon " + html::duration(r.horizon_seconds) : std::string("untimed");
  meta += " · " + count(r.events) + " touchpoint visits";
  if (!r.source_file.empty()) meta += " · " + r.source_file;
  s += "<p class=\"meta\">" + escape(meta) + "</p>\n";

  const BusinessMetrics& b = r.business;
  const std::uint64_t journeys = b.journeys > 0 ? b.journeys : r.agents;
  s += "<div class=\"cards\">\n";
  const Interval& cr = r.conversion_rate;
  s += card("Conversion rate", escape(percent(cr.estimate)),
            escape("95% CI " + percent(cr.low) + " – " + percent(cr.high) + " · " + count(r.conversions) + " of " +
                   count(journeys) + " journeys bought"));
  s += card("Revenue", escape(money(r.revenue)), escape(count(b.orders) + " orders"));
  s += card("Cost", escape(money(r.cost)),
            escape("visits " + money(r.variable_cost) + " · fixed " + money(r.fixed_cost) +
                   (r.design_cost != 0.0 ? " · design " + money(r.design_cost) : std::string())));
  s += card("Profit", escape(money(r.profit)), escape("ROI " + number(r.roi, 2) + " (profit / cost)"));
  s += card("Average order value", escape(money(r.aov)), escape("revenue / orders"));
  s += card("NPS", nps_text(b.nps, false),
            escape(b.nps.respondents > 0 ? "95% CI " + number(b.nps.score.low, 1) + " – " +
                                               number(b.nps.score.high, 1) + " · " + count(b.nps.respondents) +
                                               " respondents (scale −100..100)"
                                         : std::string("no survey responses")));
  s += card("Retention", escape(percent(b.retention_rate)),
            escape(count(b.repeat_customers) + " of " + count(b.customers) + " customers bought again"));
  s += card("CLTV", escape(money(b.cltv)), escape("per customer, incl. discounted future"));
  s += "</div>\n";

  std::string outcomes = fmt::format("Journey outcomes: {} converted, {} abandoned, {} exited", count(r.conversions),
                                     count(r.abandonments), count(r.exits));
  if (r.step_guard_hits > 0) outcomes += ", " + count(r.step_guard_hits) + " stopped by max_steps";
  if (r.timed) outcomes += ", " + count(r.unfinished) + " unfinished at the horizon";
  s += "<p class=\"meta\">" + escape(outcomes) + ".</p>\n";
  s += "<p class=\"guide\"><b>How to read this:</b> numbers in [brackets] are 95% confidence intervals; money is in "
       "the scenario's currency; every bar is scaled to the largest value in its own chart; red always means "
       "customers lost (drop-offs). Hover over a chart element for its exact counts.</p>\n";
}

void funnel(std::string& s, const RunResult& r) {
  s += "<section><h2>Funnel by stage</h2>\n";
  s += "<p class=\"note\">Blue: visits at touchpoints of this stage (an agent who visits several touchpoints, or "
       "one twice, counts each time, so these are not numbers of people). Red: visits that ended the journey "
       "there (drop-offs).</p>\n";
  s += funnel_chart(r);
  s += "</section>\n";
}

void flow(std::string& s, const RunResult& r) {
  s += "<section><h2>Flow between touchpoints</h2>\n" + flow_figure(r) + "</section>\n";
}

void friction(std::string& s, const RunResult& r) {
  s += "<section><h2>Where customers drop off</h2>\n";
  s += "<p class=\"note\">Touchpoints ranked by drop-offs (journeys that ended there through friction, or after "
       "giving up on a queue), with the drop-off rate per visit. A <i>silence</i> is an arrival after a long "
       "gap without contact; \"dropped\" counts those who then left right there. This ranks places, not causes: "
       "<code>jsim friction FILE</code> re-simulates with each friction point removed and ranks fixes by the "
       "conversions they would recover.</p>\n";
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < r.touchpoints.size(); ++i)
    if (r.touchpoints[i].abandonments > 0 || r.touchpoints[i].silences > 0) order.push_back(i);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return r.touchpoints[a].abandonments > r.touchpoints[b].abandonments;
  });
  std::vector<html::Bar> bars;
  for (std::size_t i : order) {
    const TouchpointRow& t = r.touchpoints[i];
    std::string text = count(t.abandonments) + " (" + percent(ratio(t.abandonments, t.visits)) + " of " +
                       count(t.visits) + " visits)";
    if (t.silences > 0) text += " · " + count(t.silences) + " silences, " + count(t.silence_dropoffs) + " dropped";
    std::string tip = t.id + " (" + t.stage + ", " + t.channel + "): " + text;
    if (t.repeats > 0) tip += ", " + count(t.repeats) + " had to repeat themselves after a channel switch";
    if (t.switches > 0) tip += ", " + count(t.switches) + " arrived by a channel switch";
    if (t.lost_carts > 0) tip += ", " + count(t.lost_carts) + " lost carts";
    if (t.reneges > 0) tip += ", " + count(t.reneges) + " reneged in the queue";
    bars.push_back({shorten(t.id), static_cast<double>(t.abandonments), 0.0, text, tip});
  }
  s += html::bar_chart(bars, {html::kRed, html::kRed, "Drop-offs by touchpoint"});
  s += "</section>\n";
}

void personas(std::string& s, const RunResult& r) {
  s += "<section><h2>Personas</h2>\n<table><thead><tr><th>persona</th><th>agents</th><th>journeys</th>"
       "<th>conversion rate [95% CI]</th><th>orders</th><th>revenue</th><th>NPS [95% CI]</th><th>retention</th>"
       "<th>CLTV</th><th>mean path length</th>";
  if (r.timed) s += "<th>mean time to convert</th>";
  s += "</tr></thead><tbody>\n";
  for (const PersonaRow& p : r.personas) {
    s += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>"
                     "<td>{}</td><td>{}</td>",
                     escape(p.id), count(p.agents), count(p.business.journeys), interval(p.conversion_rate, true),
                     count(p.business.orders), escape(money(p.revenue)), nps_text(p.business.nps, true),
                     escape(percent(p.business.retention_rate)), escape(money(p.business.cltv)),
                     number(p.mean_path_length, 1));
    if (r.timed) s += "<td>" + escape(html::duration(p.mean_time_to_convert)) + "</td>";
    s += "</tr>\n";
  }
  s += "</tbody></table>\n<p class=\"note\">Path length: touchpoint visits per agent. NPS only counts agents who "
       "bought and answered the survey; a wide interval means few respondents.</p>\n</section>\n";
}

void channels(std::string& s, const RunResult& r) {
  s += "<section><h2>Channels</h2>\n<table><thead><tr><th>channel</th><th class=\"l\">kind</th><th>visits</th><th>orders</th>"
       "<th>revenue</th><th>cost</th><th>switches in</th></tr></thead><tbody>\n";
  for (const ChannelRow& c : r.channels) {
    s += fmt::format(
        R"(<tr><td><i class="swatch" style="background:{}"></i>{}</td><td class="l">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>)",
        html::channel_colour(c.id), escape(c.id), escape(c.kind), count(c.visits), count(c.orders), escape(money(c.revenue)),
        escape(money(c.cost)), count(c.switches_in));
    s += '\n';
  }
  s += "</tbody></table>\n<p class=\"note\">Switches in: arrivals on this channel that came from another channel.</p>"
       "\n</section>\n";
}

void queues_and_time(std::string& s, const RunResult& r) {
  std::vector<const TouchpointRow*> queues;
  for (const TouchpointRow& t : r.touchpoints)
    if (t.servers > 0) queues.push_back(&t);
  const bool series = r.timed && !r.series.arrivals.empty();
  if (queues.empty() && !series) return;
  s += "<section><h2>" + std::string(queues.empty() ? "Over time" : "Queues") + "</h2>\n";
  if (!queues.empty()) {
    s += "<table><thead><tr><th>touchpoint</th><th>servers</th><th>arrivals</th><th>served</th><th>utilisation</th>"
         "<th>P(wait)</th><th>mean wait</th><th>p95 wait</th><th>reneges</th><th>mean queue</th>"
         "<th>waiting at the end</th></tr></thead><tbody>\n";
    for (const TouchpointRow* t : queues)
      s += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>"
                       "<td>{}</td><td>{}</td><td>{}</td></tr>\n",
                       escape(t->id), t->servers, count(t->queued), count(t->served), percent(t->utilisation),
                       percent(t->prob_wait), escape(html::duration(t->mean_wait)),
                       escape(html::duration(t->p95_wait)), count(t->reneges), number(t->mean_queue_length, 2),
                       count(t->unfinished_waits));
    s += "</tbody></table>\n<p class=\"note\">Utilisation: busy server time over open server time. P(wait): share "
         "of arrivals that had to wait at all. Reneges: customers who left the queue out of patience. Utilisation "
         "near 100% means queues grow without bound when demand rises. Waiting at the end: arrivals still waiting "
         "when the horizon ended, left out of the wait figures.</p>\n";
  }
  if (series) {
    const auto as_doubles = [](const std::vector<std::uint64_t>& v) {
      return std::vector<double>(v.begin(), v.end());
    };
    s += "<h3>Arrivals, conversions and drop-offs per period</h3>\n";
    s += html::line_chart({{"arrivals", as_doubles(r.series.arrivals), html::kBlue, false},
                           {"conversions", as_doubles(r.series.conversions), html::kGreen, false},
                           {"drop-offs", as_doubles(r.series.abandonments), html::kRed, true}},
                          r.series.period, "journeys", "Arrivals, conversions and drop-offs over time");
    for (std::size_t q = 0; q < r.series.queue_touchpoints.size() && q < r.series.queue_length.size(); ++q) {
      s += "<h3>Queue length at " + escape(r.series.queue_touchpoints[q]) + "</h3>\n";
      s += html::line_chart({{"customers waiting", r.series.queue_length[q], html::palette(q), false}},
                            r.series.period, "customers waiting",
                            "Time-average queue length at " + r.series.queue_touchpoints[q]);
    }
  }
  s += "</section>\n";
}

void touchpoint_table(std::string& s, const RunResult& r) {
  s += "<section><h2>All touchpoints</h2>\n<table class=\"compact\"><thead><tr><th>touchpoint</th><th class=\"l\">stage</th>"
       "<th class=\"l\">channel</th><th class=\"l\">kind</th><th>visits</th><th>drop-offs</th><th>rate</th><th>orders</th><th>exits</th><th>revenue</th>"
       "<th>cost</th><th>switches in</th><th>repeats</th><th>lost carts</th></tr></thead><tbody>\n";
  for (const TouchpointRow& t : r.touchpoints)
    s += fmt::format("<tr><td>{}</td><td class=\"l\">{}</td><td class=\"l\">{}</td><td class=\"l\">{}</td><td>{}</td>"
                     "<td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>"
                     "<td>{}</td></tr>\n",
                     escape(t.id), escape(t.stage), escape(t.channel), escape(t.kind), count(t.visits),
                     count(t.abandonments), percent(ratio(t.abandonments, t.visits)), count(t.conversions),
                     count(t.exits), escape(money(t.revenue)), escape(money(t.cost)), count(t.switches),
                     count(t.repeats), count(t.lost_carts));
  s += "</tbody></table>\n</section>\n";
}


// Which channel earns the conversions: the attribution of the recorded journeys' paths.
void attribution(std::string& s, const AttributionReport& a) {
  s += "<section><h2>Which " + escape(a.level) + " earns the conversions</h2>\n";
  s += "<p class=\"guide\">Credit for the " + count(static_cast<std::uint64_t>(std::llround(a.total_conversions))) +
       " conversions of the recorded journeys, by model: first and last touch give each conversion to one touch, "
       "linear and position-based share it along the path, Markov by the removal effect (how many conversions "
       "would be lost without the " + escape(a.level) + "). Where the models agree the answer is robust; more in "
       "docs/attribution.md, and <code>jsim attribute paths.csv</code> adds intervals and Shapley values.</p>\n";
  s += attribution_chart(a) + "</section>\n";
}

}  // namespace

std::string funnel_chart(const RunResult& r) {
  std::vector<html::Bar> bars;
  for (const std::string& stage : stages_in_order(r)) {
    std::uint64_t visits = 0, dropped = 0, orders = 0, exits = 0;
    std::size_t touchpoints = 0;
    for (const TouchpointRow& t : r.touchpoints)
      if (t.stage == stage) {
        visits += t.visits;
        dropped += t.abandonments;
        orders += t.conversions;
        exits += t.exits;
        ++touchpoints;
      }
    std::string text = count(visits) + " visits · " + count(dropped) + " dropped off (" +
                       percent(ratio(dropped, visits)) + ")";
    if (orders > 0) text += " · " + count(orders) + " orders";
    if (exits > 0) text += " · " + count(exits) + " exits";
    bars.push_back({shorten(stage), static_cast<double>(visits), static_cast<double>(dropped), text,
                    fmt::format("{}: {} touchpoints, {}", stage, touchpoints, text)});
  }
  return html::bar_chart(bars, {html::kBlue, html::kRed, "Visits and drop-offs by stage"});
}

std::string flow_figure(const RunResult& r) {
  const html::FlowDiagram d = html::flow_diagram(r);
  std::string s =
      "<p class=\"note\">Columns are stages, left to right; boxes are touchpoints, coloured by channel, with "
      "their visits, drop-offs (share of visits) and orders; double octagons place orders, dashed boxes are exits. "
      "Arrows are moves between touchpoints, width ∝ number of moves, in the channel colour of where they start; "
      "thin grey arrows stay within a stage or go back to an earlier one. Journeys end in the sinks on the right: "
      "<span style=\"color:#1e8449\">converted</span> and <span style=\"color:#b03a2e\">abandoned</span>. ";
  if (d.moves_left_out > 0) s += escape(html::left_out_note(d.moves_left_out, d.moves_total));
  s += "</p>\n<p class=\"legend\">";
  for (const ChannelRow& c : r.channels)
    s += fmt::format(R"(<span><i class="swatch" style="background:{}"></i>{}</span>)", html::channel_colour(c.id),
                     escape(c.id));
  return s + "</p>\n" + d.svg;
}

static void warning_notes(std::string& s, std::span<const std::string> warnings) {
  for (const std::string& w : warnings) s += "<p class=\"warning\"><b>Warning:</b> " + escape(w) + "</p>\n";
}

std::string html_report(const RunResult& r, const AttributionReport* attribution_of_journeys,
                        std::span<const LoadWarning> warnings) {
  std::vector<std::string> messages;
  for (const LoadWarning& w : warnings) messages.push_back(describe(w));
  return html_report(r, attribution_of_journeys, std::span<const std::string>(messages));
}

std::string html_report(const RunResult& r, const AttributionReport* attribution_of_journeys,
                        std::span<const std::string> warnings) {
  check_shape(r);
  std::string s;
  header(s, r);
  warning_notes(s, warnings);
  funnel(s, r);
  flow(s, r);
  friction(s, r);
  if (attribution_of_journeys != nullptr) attribution(s, *attribution_of_journeys);
  personas(s, r);
  channels(s, r);
  queues_and_time(s, r);
  touchpoint_table(s, r);
  s += "<footer>Written by JourneySim (jsim run --out). The same numbers, in full precision, are in summary.json, "
       "results.h5 and the CSV files next to this report.</footer>\n";
  return html_page("JourneySim report: " + r.scenario, s);
}

std::string html_page(const std::string& title, const std::string& body) {
  std::string s = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  s += "<title>" + escape(title) + "</title>\n<style>" + kStyle + "</style>\n</head>\n";
  return s + "<body>\n<main>\n" + body + "</main>\n</body>\n</html>\n";
}

const char* report_style() { return kStyle; }

void write_html_report(const RunResult& r, const std::filesystem::path& file, const AttributionReport* attribution,
                       std::span<const LoadWarning> warnings) {
  write_text_atomically(file, html_report(r, attribution, warnings));
}

}  // namespace jsim
