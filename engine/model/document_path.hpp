#pragma once
// Setting one scalar of a resolved scenario document by path (the `--set` paths of
// docs/scenario-format.md, "Command-line overrides"). Parts are keys from the top level; in a
// list, an item is named by its `id` (or, in transitions and entry lists, `from` / `touchpoint`),
// and an item of a list of plain values (arrivals.hourly, stages, hours.days) by its 0-based
// position: design.integration, touchpoints.call_centre.servers, transitions.home.to.cart.weight,
// personas.loyal.affinity.email, arrivals.hourly.9.
#include <optional>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "model/yaml_reader.hpp"

namespace jsim {

// Sets the value at `parts` under `root` (a handle: the document changes in place) to the scalar
// `value`, noted in `origins` as built at `value_at` (the --set, for the loader's messages).
// A missing key is created where the format allows it. Nothing already in the document is
// changed in place: the mappings and lists along the path are built anew, so a node that a YAML
// alias shares with another place keeps its value there. `file` is the document's file, where
// its un-noted nodes came from. Returns what is wrong with the path ("no 'integraton' under
// 'design'; did you mean 'integration'?"), or nothing.
[[nodiscard]] std::optional<std::string> set_document_path(YAML::Node root, const std::string& file,
                                                           const std::vector<std::string>& parts,
                                                           const std::string& value, const yaml::Place& value_at,
                                                           yaml::Origins& origins);

}  // namespace jsim
