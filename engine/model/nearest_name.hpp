#pragma once
// "Did you mean ...?": the known name nearest a misspelt one, by edit distance.
#include <optional>
#include <string>
#include <vector>

namespace jsim {

// Levenshtein distance (insertions, deletions, substitutions, each 1).
[[nodiscard]] std::size_t edit_distance(const std::string& a, const std::string& b);

// The name of `known` nearest `name`, when it is near enough to be a likely misspelling (at most
// a third of the longer name's letters differ, at least 2 allowed); the first of equals wins.
[[nodiscard]] std::optional<std::string> nearest_name(const std::string& name, const std::vector<std::string>& known);

}  // namespace jsim
