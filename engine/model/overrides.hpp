#pragma once
// Applying `--set PATH=VALUE` overrides (model/override_grammar.hpp) to a resolved scenario document.
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "model/error.hpp"
#include "model/override_grammar.hpp"
#include "model/yaml_reader.hpp"

namespace jsim {

// Applies the overrides to `root` (a handle: the document changes in place; it is the resolved
// document of `file`, so overlays and the persona include are already part of it;
// model/document_path.hpp says how a path is followed) and reports each path that leads nowhere,
// naming its --set and the nearest existing name. Each value set is noted in `origins` as coming
// from its `--set`, so that a bad value is reported as "--set PATH=VALUE: ...".
//
// Persona shares stay a mix: when settings give some personas' shares (each in [0, 1], summing to
// at most 1), the other personas' shares are rescaled in proportion so that all sum to 1, and
// `notes` says which ("personas.b.share 0.5 -> 0.4").
void apply_overrides(YAML::Node root, const std::string& file, const std::vector<Override>& overrides,
                     yaml::Origins& origins, std::vector<Diagnostic>& out, std::vector<std::string>& notes);

}  // namespace jsim
