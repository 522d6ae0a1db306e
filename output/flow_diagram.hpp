#pragma once
// The report's flow diagram: the simulated journey (output/journey_graph.hpp) laid out by
// Graphviz, stages as columns from left to right, converted and abandoned as sinks on the right,
// edge width proportional to the number of moves. Inline SVG, no script.
#include <cstddef>
#include <string>

#include "sim/run_result.hpp"

namespace jsim::html {

// Moves of at most this share of all moves are left out of the diagram (readability).
inline constexpr double kMinLinkShare = 0.005;

struct FlowDiagram {
  std::string svg;  // one <svg> element
  std::size_t moves_left_out = 0, moves_total = 0;  // distinct moves between touchpoints
};

[[nodiscard]] FlowDiagram flow_diagram(const RunResult& r);

// "Left out: 3 of 40 distinct moves (...)": what the picture does not show, in plain text.
[[nodiscard]] std::string left_out_note(std::size_t left_out, std::size_t total);

}  // namespace jsim::html
