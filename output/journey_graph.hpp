#pragma once
// The journey as a graph for Graphviz's dot layout: touchpoints as nodes ranked by stage (left to
// right, in scenario order), moves as edges whose width follows their weight, and the sinks a
// journey ends in (converted, abandoned). Built from the designed scenario (`jsim graph`) or
// from a run's counts (`jsim graph --results`, the report's flow diagram), then written as DOT
// text; output/graphviz_layout.hpp turns that into SVG.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "data/results_flow.hpp"
#include "model/scenario.hpp"
#include "sim/run_result.hpp"

namespace jsim {

struct GraphNode {
  enum class Role { Touchpoint, Conversion, Exit, Start, Converted, Abandoned };
  std::string id;
  Role role = Role::Touchpoint;
  std::string channel;               // touchpoints: fills the node (html::channel_colour)
  std::optional<std::size_t> stage;  // index into JourneyGraph::stages; none for start and sinks
  std::vector<std::string> details;  // label lines under the id
};

struct GraphEdge {
  std::size_t from = 0, to = 0;  // node indices
  double value = 0.0;            // width: proportional to value / the graph's largest value
  std::string label;
  bool faint = false;            // thin and light: a move within a stage or back to an earlier one
};

struct JourneyGraph {
  std::vector<std::string> stages;
  std::vector<GraphNode> nodes;  // touchpoints first, in scenario order
  std::vector<GraphEdge> edges;
  std::string note;              // printed under the picture; empty: none
  std::size_t moves_left_out = 0;  // distinct simulated moves not drawn (small, or staying put)
  std::size_t moves_total = 0;     // distinct simulated moves
};

// Distinct stage values of a run's touchpoints, in order of first appearance (scenario order).
[[nodiscard]] std::vector<std::string> stages_in_order(const RunResult& r);

// The touchpoints alone, as the scenario describes them (queued ones with their servers and
// opening hours), or as a run's result names them.
[[nodiscard]] JourneyGraph touchpoint_graph(const Scenario& s);
[[nodiscard]] JourneyGraph touchpoint_graph(const RunResult& r);

// The designed journey: a start node with the entry shares, transitions labelled with their
// probability given no drop-off, drop-offs (friction) into "abandoned", conversions into "converted"
// (and on along their transitions, where the journey continues after the purchase).
void add_transitions(JourneyGraph& g, const Scenario& s);

// The simulated journey: moves and drop-offs with their counts, labels with visits and drop-offs.
// Moves of at most `min_share` of all moves, and stays at the same touchpoint, are left out
// (counted in moves_left_out). Throws jsim::Error when the counts' touchpoints are not g's.
void add_flow(JourneyGraph& g, const data::FlowCounts& c, double min_share);

// DOT text: quoted, escaped ids (any touchpoint id works), one rank=same subgraph per stage.
[[nodiscard]] std::string dot_text(const JourneyGraph& g);

}  // namespace jsim
