#pragma once
// One colour per channel name, the same in every report and picture: "social" is never green in
// one report and blue in the next, whatever the run's channel order.
#include <string_view>

namespace jsim::html {

// Fill colour ("#rrggbb", light enough for dark text on it) of a channel. The channels of the
// bundled scenarios have fixed entries; any other name gets an extra colour picked by a stable
// hash (FNV-1a) of the name, so it too keeps its colour from run to run.
[[nodiscard]] const char* channel_colour(std::string_view channel);

}  // namespace jsim::html
