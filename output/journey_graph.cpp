#include "output/journey_graph.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <numeric>

#include "model/error.hpp"
#include "output/channel_colours.hpp"
#include "output/svg_charts.hpp"

namespace jsim {
namespace {

using Role = GraphNode::Role;

constexpr const char* kFont = "Helvetica";
constexpr const char* kFaint = "#c3c8d0";
constexpr const char* kDropped = "#d9534f80";  // half transparent: many of them cross the picture
constexpr const char* kConverted = "#1e8449";

// "open Mon–Fri 09–18, Sat 10–16": the hours of each day as ranges, days with the same ranges grouped.
std::string hours_text(const OpeningHours& h) {
  static constexpr std::array<const char*, 7> kDays{"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  std::array<std::string, 7> day;
  for (std::size_t d = 0; d < 7; ++d)
    for (std::size_t hour = 0; hour < 24; ++hour) {
      if (!h.open[d * 24 + hour] || (hour > 0 && h.open[d * 24 + hour - 1])) continue;
      std::size_t end = hour;
      while (end < 24 && h.open[d * 24 + end]) ++end;
      day[d] += fmt::format("{}{:02}–{:02}", day[d].empty() ? "" : " ", hour, end);
    }
  std::string text;
  for (std::size_t d = 0; d < 7;) {
    std::size_t last = d;
    while (last + 1 < 7 && day[last + 1] == day[d]) ++last;
    if (!day[d].empty())
      text += fmt::format("{}{}{} {}", text.empty() ? "open " : ", ", kDays[d],
                          last > d ? std::string("–") + kDays[last] : std::string(), day[d]);
    d = last + 1;
  }
  return text.empty() ? "never open" : text;
}

std::size_t add_node(JourneyGraph& g, std::string id, Role role) {
  g.nodes.push_back({std::move(id), role, {}, std::nullopt, {}});
  return g.nodes.size() - 1;
}

// The sink of that role, added on first use.
std::size_t sink(JourneyGraph& g, Role role) {
  for (std::size_t i = 0; i < g.nodes.size(); ++i)
    if (g.nodes[i].role == role) return i;
  return add_node(g, role == Role::Converted ? "converted" : role == Role::Abandoned ? "abandoned" : "start", role);
}

// Moves within a stage or back to an earlier one are drawn faint, so the forward path stands out.
bool faint(const JourneyGraph& g, std::size_t from, std::size_t to) {
  const auto& a = g.nodes[from].stage;
  const auto& b = g.nodes[to].stage;
  return a && b && *b <= *a;
}

std::string share_text(double p) { return html::percent(p, p < 0.1 ? 1 : 0); }

// A DOT quoted string: backslashes and quotes escaped, so any text stays one id or label.
std::string dot_quoted(std::string_view text) {
  std::string s = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') s += '\\';
    if (c == '\n')
      s += "\\n";  // a line break in a label
    else
      s += c;
  }
  return s + '"';
}

// Node names: touchpoints by their id; start and sinks by their role's word, primed until no
// touchpoint has that id.
std::vector<std::string> node_names(const JourneyGraph& g) {
  std::vector<std::string> names;
  for (const GraphNode& n : g.nodes) {
    std::string name = n.id;
    if (n.role == Role::Start || n.role == Role::Converted || n.role == Role::Abandoned)
      while (std::any_of(g.nodes.begin(), g.nodes.end(), [&](const GraphNode& o) {
        return o.stage && o.id == name;
      }))
        name += "'";
    names.push_back(dot_quoted(name));
  }
  return names;
}

std::string node_attributes(const GraphNode& n) {
  std::string text = n.id;
  for (const std::string& line : n.details) text += "\n" + line;
  const std::string label = dot_quoted(text);
  switch (n.role) {
    case Role::Touchpoint:
      return fmt::format(R"(label={}, fillcolor="{}")", label, html::channel_colour(n.channel));
    case Role::Conversion:
      return fmt::format(R"(label={}, fillcolor="{}", shape=doubleoctagon, style="filled,bold")", label,
                         html::channel_colour(n.channel));
    case Role::Exit:
      return fmt::format(R"(label={}, fillcolor="{}", style="rounded,filled,dashed")", label,
                         html::channel_colour(n.channel));
    case Role::Start: return fmt::format(R"(label={}, shape=oval, fillcolor="#ffffff")", label);
    case Role::Converted: return fmt::format(R"(label={}, shape=doublecircle, fillcolor="#a9dfbf")", label);
    case Role::Abandoned: return fmt::format(R"(label={}, shape=doublecircle, fillcolor="#f5b7b1")", label);
  }
  return label;
}

}  // namespace

JourneyGraph touchpoint_graph(const Scenario& s) {
  JourneyGraph g;
  g.stages = s.stages;
  for (const Touchpoint& t : s.touchpoints) {
    const Role role = t.kind == TouchpointKind::Conversion ? Role::Conversion
                      : t.kind == TouchpointKind::Exit    ? Role::Exit
                                                          : Role::Touchpoint;
    GraphNode& n = g.nodes.emplace_back(GraphNode{t.id, role, s.channels[t.channel].id, t.stage, {}});
    n.details.push_back(n.channel);
    if (t.servers > 0) n.details.push_back(fmt::format("servers {}", t.servers));
    if (!t.hours.always_open) n.details.push_back(hours_text(t.hours));
  }
  return g;
}

std::vector<std::string> stages_in_order(const RunResult& r) {
  std::vector<std::string> stages;
  for (const TouchpointRow& t : r.touchpoints)
    if (std::find(stages.begin(), stages.end(), t.stage) == stages.end()) stages.push_back(t.stage);
  return stages;
}

JourneyGraph touchpoint_graph(const RunResult& r) {
  JourneyGraph g;
  g.stages = stages_in_order(r);
  for (const TouchpointRow& t : r.touchpoints) {
    const auto stage = std::find(g.stages.begin(), g.stages.end(), t.stage);
    const Role role = t.kind == "conversion" ? Role::Conversion : t.kind == "exit" ? Role::Exit : Role::Touchpoint;
    g.nodes.push_back({t.id, role, t.channel, static_cast<std::size_t>(stage - g.stages.begin()), {t.channel}});
  }
  return g;
}

void add_transitions(JourneyGraph& g, const Scenario& s) {
  const Persona neutral;  // affinities 1: the scenario's own weights
  double entry_total = 0.0;
  for (const WeightedTouchpoint& e : s.entry) entry_total += e.weight;
  const std::size_t start = s.entry.empty() ? 0 : sink(g, Role::Start);
  for (const WeightedTouchpoint& e : s.entry)
    if (e.weight > 0.0) g.edges.push_back({start, e.touchpoint, e.weight / entry_total, share_text(e.weight / entry_total)});
  for (std::size_t from = 0; from < s.touchpoints.size(); ++from) {
    const Touchpoint& t = s.touchpoints[from];
    // A conversion with transitions continues after the purchase (fulfilment, returns), without drop-off.
    if (t.kind == TouchpointKind::Conversion) g.edges.push_back({from, sink(g, Role::Converted), 1.0, ""});
    if (t.kind == TouchpointKind::Exit) continue;
    const double stay =
        t.terminal() ? 1.0 : 1.0 - std::min(s.base_abandonment(neutral, static_cast<Index>(from)), 1.0);
    if (stay < 1.0) {
      g.nodes[from].details.push_back("drop-off " + share_text(1.0 - stay));
      g.edges.push_back({from, sink(g, Role::Abandoned), 1.0 - stay, ""});
    }
    double total = 0.0;
    for (const Transition& tr : s.transitions[from]) total += tr.weight;
    for (const Transition& tr : s.transitions[from]) {
      if (!(tr.weight > 0.0 && total > 0.0)) continue;
      const double p = stay * tr.weight / total;
      g.edges.push_back({from, tr.to, p, share_text(p), faint(g, from, tr.to)});
    }
  }
}

void add_flow(JourneyGraph& g, const data::FlowCounts& c, double min_share) {
  const std::size_t n = c.touchpoints.size();
  bool same = n <= g.nodes.size() && c.visits.size() == n;
  for (std::size_t i = 0; same && i < n; ++i) same = g.nodes[i].stage && g.nodes[i].id == c.touchpoints[i];
  if (!same || (n < g.nodes.size() && g.nodes[n].stage))
    throw Error("its touchpoints are not the scenario's: a results file of another scenario?");

  std::uint64_t all = 0;
  for (std::size_t i = 0; i < n; ++i) all += c.abandonments[i] + c.conversions[i];
  for (const Move& m : c.moves) all += m.count;
  const auto drawn = [&](std::uint64_t count) {
    return count > 0 && static_cast<double>(count) > min_share * static_cast<double>(all);
  };
  auto move = c.moves.begin();  // in (from, to) order: walked alongside `from`
  for (std::size_t from = 0; from < n; ++from) {
    GraphNode& node = g.nodes[from];
    node.details.push_back(html::count(c.visits[from]) + " visits");
    if (c.abandonments[from] > 0)
      node.details.push_back(fmt::format("−{} dropped ({})", html::count(c.abandonments[from]),
                                         html::percent(c.visits[from] > 0 ? static_cast<double>(c.abandonments[from]) /
                                                                                static_cast<double>(c.visits[from])
                                                                          : 0.0)));
    if (c.conversions[from] > 0) node.details.push_back("✓ " + html::count(c.conversions[from]) + " orders");
    for (; move != c.moves.end() && move->from == from; ++move) {
      const std::size_t to = move->to;
      const std::uint64_t m = move->count;
      if (m == 0) continue;
      ++g.moves_total;
      if (to == from || !drawn(m)) {
        ++g.moves_left_out;
        continue;
      }
      g.edges.push_back({from, to, static_cast<double>(m), html::count(m), faint(g, from, to)});
    }
    if (c.conversions[from] > 0)
      g.edges.push_back({from, sink(g, Role::Converted), static_cast<double>(c.conversions[from]),
                         html::count(c.conversions[from])});
    if (drawn(c.abandonments[from]))
      g.edges.push_back({from, sink(g, Role::Abandoned), static_cast<double>(c.abandonments[from]), ""});
  }
  std::uint64_t converted = 0, abandoned = 0;
  for (std::size_t i = 0; i < n; ++i) {
    converted += c.conversions[i];
    abandoned += c.abandonments[i];
  }
  g.nodes[sink(g, Role::Converted)].details.push_back(html::count(converted) + " orders");
  g.nodes[sink(g, Role::Abandoned)].details.push_back(html::count(abandoned) + " journeys");
}

std::string dot_text(const JourneyGraph& g) {
  const std::vector<std::string> names = node_names(g);
  std::string s = "digraph journey {\n";
  s += fmt::format(
      "  graph [rankdir=LR, newrank=true, concentrate=true, nodesep=0.18, ranksep=0.55, fontname=\"{0}\", fontsize=11, "
      "bgcolor=\"transparent\"];\n"
      "  node [shape=box, style=\"rounded,filled\", fontname=\"{0}\", fontsize=10, penwidth=0.8, color=\"#4a5263\", "
      "margin=\"0.08,0.03\"];\n"
      "  edge [fontname=\"{0}\", fontsize=8, fontcolor=\"#4a5263\", arrowsize=0.5];\n",
      kFont);
  const auto node_line = [&](std::size_t i) {
    return fmt::format("    {} [{}];\n", names[i], node_attributes(g.nodes[i]));
  };
  for (std::size_t i = 0; i < g.nodes.size(); ++i)
    if (g.nodes[i].role == Role::Start) s += "  { rank=source;\n" + node_line(i) + "  }\n";
  // One box per stage around a rank=same subgraph: the stage's touchpoints in one column.
  for (std::size_t stage = 0; stage < g.stages.size(); ++stage) {
    s += fmt::format(
        "  subgraph {} {{\n    label={}; style=\"rounded,filled\"; fillcolor=\"#f6f8fb\"; color=\"#d9dee7\"; "
        "fontsize=12;\n    {{ rank=same;\n",
        dot_quoted("cluster_stage_" + std::to_string(stage)), dot_quoted(g.stages[stage]));
    for (std::size_t i = 0; i < g.nodes.size(); ++i)
      if (g.nodes[i].stage == stage) s += "  " + node_line(i);
    s += "    }\n  }\n";
  }
  s += "  { rank=sink;\n";
  for (std::size_t i = 0; i < g.nodes.size(); ++i)
    if (g.nodes[i].role == Role::Converted || g.nodes[i].role == Role::Abandoned) s += node_line(i);
  s += "  }\n";

  // Stages in scenario order even where no move leads from one to the next.
  std::optional<std::size_t> previous;
  for (std::size_t stage = 0; stage < g.stages.size(); ++stage)
    for (std::size_t i = 0; i < g.nodes.size(); ++i)
      if (g.nodes[i].stage == stage) {
        if (previous) s += fmt::format("  {} -> {} [style=invis];\n", names[*previous], names[i]);
        previous = i;
        break;
      }

  double largest = 0.0;
  for (const GraphEdge& e : g.edges) largest = std::max(largest, e.value);
  for (const GraphEdge& e : g.edges) {
    const Role to = g.nodes[e.to].role;
    double width = 0.8 + 9.0 * (largest > 0.0 ? e.value / largest : 0.0);
    std::string colour = html::channel_colour(g.nodes[e.from].channel);
    std::string label = "label=" + dot_quoted(e.label);
    if (to == Role::Converted || to == Role::Abandoned) {
      colour = to == Role::Converted ? kConverted : kDropped;
      width = std::min(width, to == Role::Converted ? 4.0 : 2.5);  // keep them from drowning the path
    }
    if (g.nodes[e.from].role == Role::Start) colour = "#8a8f98";
    if (e.faint) {
      // An external label: Graphviz 2.42 crashes on labelled edges within a rank.
      width = std::min(width, 1.2);
      colour = kFaint;
      label = "xlabel=" + dot_quoted(e.label) + ", constraint=false, fontcolor=\"#9aa0aa\"";
    }
    s += fmt::format("  {} -> {} [penwidth={:.2f}, color=\"{}\", {}];\n", names[e.from], names[e.to], width, colour,
                     label);
  }
  if (!g.note.empty()) s += fmt::format("  label={}; labelloc=b; labeljust=l;\n", dot_quoted(g.note));
  return s + "}\n";
}

}  // namespace jsim
