#pragma once
// The report's Sankey-style flow diagram: one column per stage, one node per touchpoint (height
// proportional to visits, drop-offs in red at the node's foot), bands for the moves between
// touchpoints (width proportional to the count). Inline SVG, no script.
#include <string>
#include <vector>

#include "sim/run_result.hpp"

namespace jsim::html {

// Distinct stage values of the touchpoints, in order of first appearance (scenario order).
[[nodiscard]] std::vector<std::string> stages_in_order(const RunResult& r);

// Colour of a channel: its position in r.channels picks a palette entry.
[[nodiscard]] const char* channel_colour(const RunResult& r, const std::string& channel);

// Moves of at most this share of all moves are left out of the diagram (readability).
inline constexpr double kMinLinkShare = 0.005;

// One <svg> element. `links_drawn` / `links_total` (optional) receive how many distinct moves
// were drawn and how many exist.
[[nodiscard]] std::string flow_diagram(const RunResult& r, std::size_t* links_drawn = nullptr,
                                       std::size_t* links_total = nullptr);

}  // namespace jsim::html
