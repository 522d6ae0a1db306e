#pragma once
// Applying `--set PATH=VALUE` overrides (model/loader.hpp) to a resolved scenario document.
#include <vector>

#include <yaml-cpp/yaml.h>

#include "model/error.hpp"
#include "model/loader.hpp"
#include "model/yaml_reader.hpp"

namespace jsim {

// Applies the overrides to `root` (a handle: the document changes in place; it is the resolved
// document, so overlays and the persona include are already part of it) and reports each path
// that leads nowhere. Each value set is noted in `origins` as coming from its `--set`, so that a
// bad value is reported as "--set PATH=VALUE: ...".
void apply_overrides(YAML::Node root, const std::vector<Override>& overrides, yaml::Origins& origins,
                     std::vector<Diagnostic>& out);

}  // namespace jsim
