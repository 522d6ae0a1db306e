#include "output/flow_diagram.hpp"

#include "data/results_flow.hpp"
#include "output/graphviz_layout.hpp"
#include "output/journey_graph.hpp"
#include "output/svg_charts.hpp"

namespace jsim::html {

FlowDiagram flow_diagram(const RunResult& r) {
  JourneyGraph g = touchpoint_graph(r);
  add_flow(g, data::flow_counts(r), kMinLinkShare);
  return {inline_svg(svg_layout(dot_text(g)), "chart flow"), g.moves_left_out, g.moves_total};
}

std::string left_out_note(std::size_t left_out, std::size_t total) {
  return "Left out: " + count(left_out) + " of " + count(total) +
         " distinct moves (stays at the same touchpoint, and moves of at most " + number(100.0 * kMinLinkShare, 1) +
         "% of all moves).";
}

}  // namespace jsim::html
