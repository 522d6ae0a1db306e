#pragma once
// Reader for path files in ChannelAttribution's layout: one row per distinct path with
//   path,total_conversions,total_conversion_value,total_null
// e.g. "email > search > display",12,340.5,88. Level: channel (the states are the path's tokens).
#include <filesystem>
#include <string>

#include "data/journey_paths.hpp"

namespace jsim::data {

struct PathFileOptions {
  std::string path_column = "path";
  std::string conversions_column = "total_conversions";
  std::string value_column = "total_conversion_value";  // optional in the file: value 0 if absent
  std::string nulls_column = "total_null";              // optional in the file: 0 if absent
  // Between tokens. Matched without its surrounding spaces and tokens are trimmed, so with the
  // default "a>b" and "a > b" are the same path.
  std::string separator = " > ";
  char delimiter = ',';
};

// Duplicate path rows are summed. Throws jsim::ScenarioError (FILE:ROW:COL) on bad input.
[[nodiscard]] PathData read_path_file(const std::filesystem::path& file, const PathFileOptions& options = {});

}  // namespace jsim::data
