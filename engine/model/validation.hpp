#pragma once
// Checks that need the whole scenario read: every regular touchpoint has transitions, and every
// persona can reach a conversion. Used by the loader only.
#include <optional>
#include <vector>

#include "model/error.hpp"
#include "model/scenario.hpp"
#include "model/yaml_reader.hpp"

namespace jsim {

// Where the loader found the things these checks report on.
struct ScenarioPlaces {
  yaml::Place entry;                                // the scenario's `entry` list
  std::vector<yaml::Place> touchpoints;             // each touchpoint's mapping, by index
  std::vector<std::optional<yaml::Place>> from;     // each touchpoint's `from`, if listed
  std::vector<yaml::Place> personas;                // each persona's mapping (its own file if included)
};

// Appends a diagnostic for each regular touchpoint without transitions and, when nothing else
// is wrong (a partly read scenario would give misleading answers), for each persona from whose
// entry no conversion touchpoint is reachable.
void check_journeys(const Scenario& s, const ScenarioPlaces& places, std::vector<Diagnostic>& out);

}  // namespace jsim
