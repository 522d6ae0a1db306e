#pragma once
// Reading a scenario YAML file (docs/scenario-format.md) into a validated, immutable Scenario.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/override_grammar.hpp"
#include "model/scenario.hpp"

namespace jsim {

// Loads, validates and freezes a scenario. Throws ScenarioError listing every problem found
// (each Diagnostic has file, 1-based line and column, and a message saying what was expected).
// An overlay (`extends`) is merged onto its base first, and each problem names the file that the
// offending node was written in: the overlay, a base, or the persona file. Overrides apply to the
// resolved document (model/overrides.hpp); one whose path leads nowhere, or whose value is not
// valid there, is reported as file "--set PATH=VALUE", line 0. Scenario::settings records them,
// Scenario::setting_notes the persona shares they rescaled.
// Scenario::source_text is the file's text; for an overlay, followed by the resolved document
// (before the overrides) as a second YAML document, so that results record what ran.
[[nodiscard]] ScenarioPtr load_scenario(const std::filesystem::path& file, const std::vector<Override>& overrides = {});

// Same from text: file_label names it in diagnostics and Scenario::source_file;
// `extends` and a persona include are resolved relative to base_dir.
[[nodiscard]] ScenarioPtr load_scenario_text(const std::string& text, const std::string& file_label,
                                             const std::filesystem::path& base_dir = ".",
                                             const std::vector<Override>& overrides = {});

// The scenario as it runs, as YAML text (jsim show): overlays merged, the persona include
// inlined, the overrides applied. Validated like load_scenario, which throws the same errors.
[[nodiscard]] std::string resolved_yaml(const std::filesystem::path& file, const std::vector<Override>& overrides = {});

// The keys of the `design` section, in the order the format lists them.
[[nodiscard]] std::vector<std::string_view> design_keys();

// Parses a duration like 90, "90s", "5m", "2.5h", "3d", "1w" into seconds; std::nullopt if malformed.
// A negative number parses (callers report "must be >= 0" with the value in hand).
[[nodiscard]] std::optional<double> parse_duration(const std::string& text);

}  // namespace jsim
