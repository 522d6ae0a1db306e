#pragma once
// Reading a scenario YAML file (docs/scenario-format.md) into a validated, immutable Scenario.
#include <filesystem>
#include <optional>
#include <string>

#include "model/scenario.hpp"

namespace jsim {

// Loads, validates and freezes a scenario. Throws ScenarioError listing every problem found
// (each Diagnostic has file, 1-based line and column, and a message saying what was expected).
[[nodiscard]] ScenarioPtr load_scenario(const std::filesystem::path& file);

// Same from text: file_label names it in diagnostics and Scenario::source_file;
// a persona include is resolved relative to base_dir.
[[nodiscard]] ScenarioPtr load_scenario_text(const std::string& text, const std::string& file_label,
                                             const std::filesystem::path& base_dir = ".");

// Parses a duration like 90, "90s", "5m", "2.5h", "3d", "1w" into seconds; std::nullopt if malformed.
// A negative number parses (callers report "must be >= 0" with the value in hand).
[[nodiscard]] std::optional<double> parse_duration(const std::string& text);

}  // namespace jsim
