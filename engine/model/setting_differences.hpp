#pragma once
// What two scenarios set differently, path by path, for a comparison's report ("the scenarios'
// settings that differ"). Paths are written as --set writes them (list items by their id, or
// `from` for moves), so a difference can be tried on its own with `--set PATH=VALUE`.
#include <string>
#include <vector>

namespace jsim {

struct SettingDifference {
  std::string path;
  std::string base;     // YAML text of the value; "(absent)" when one side does not set it
  std::string what_if;
};

// Compares the resolved documents recorded in Scenario::source_text (the last YAML document of
// each: what an overlay resolves to). Leaves that are equal are skipped; the order is the base's,
// then paths only the what-if has. Unparsable text gives one difference at path "(scenario)".
[[nodiscard]] std::vector<SettingDifference> differing_settings(const std::string& base_text,
                                                                const std::string& what_if_text);

}  // namespace jsim
