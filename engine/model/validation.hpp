#pragma once
// The one semantic check of a Scenario, wherever it was built: read from YAML (the loader passes
// where each item was written, and problems carry FILE:LINE:COL) or built in code (tests, the
// variants an experiment derives from a loaded scenario; problems name the item's path).
// What only the YAML text can tell (not a number, a wrong YAML type, a value out of range as
// written) stays in the reader (model/yaml_reader.hpp), which keeps a default in its place.
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "model/error.hpp"
#include "model/scenario.hpp"
#include "model/yaml_reader.hpp"

namespace jsim {

// Where the loader found the things validate() reports on, by index of the item in the Scenario.
struct ScenarioPlaces {
  yaml::Place entry;                                // the scenario's `entry` list
  std::optional<yaml::Place> window;                // scenario.window, if given
  std::vector<std::optional<yaml::Place>> stages;   // each stage's id, if it was read
  std::vector<std::optional<yaml::Place>> channels;  // each channel's id, if it was read
  std::vector<yaml::Place> touchpoints;             // each touchpoint's mapping
  std::vector<std::optional<yaml::Place>> touchpoint_ids;
  std::vector<std::optional<yaml::Place>> servers;  // each touchpoint's `servers`, if given
  std::vector<std::optional<yaml::Place>> from;     // each touchpoint's `from`, if listed
  std::optional<yaml::Place> persona_list;          // `personas`, when it was read as a list
  bool shares_read = false;                         // every persona's share was read
  std::vector<yaml::Place> personas;                // each persona's mapping (its own file if included)
  std::vector<std::optional<yaml::Place>> persona_ids;
  std::optional<yaml::Place> arrivals;              // the `arrivals` mapping, if given
  // The paths of the fields the reader reported ("touchpoints[2].service.mean"): each holds a
  // default now, so a check of it would report the default rather than what was written.
  std::set<std::string> unread;
  bool partial = false;  // problems were found before validation: some of the scenario is defaults
};

// Every problem of `s` that needs no YAML text to see: sizes and indices consistent, ids
// non-empty and unique, values within their ranges (model/limits.hpp), capacity needing service
// and a horizon, persona shares summing to 1, transitions present, a conversion reachable for
// every persona. Empty when the scenario is valid.
[[nodiscard]] std::vector<Diagnostic> validate(const Scenario& s, const ScenarioPlaces* places = nullptr);

// Throws ScenarioError listing validate()'s problems, if any: for scenarios built in code.
void throw_if_invalid(const Scenario& s);

// Only sizes and indices (every index in range, one transition list per touchpoint, one affinity
// per channel): what any code reading the model relies on, whether or not each persona can convert.
[[nodiscard]] std::vector<Diagnostic> validate_structure(const Scenario& s);

}  // namespace jsim
