#pragma once
// Applying `--set PATH=VALUE` overrides (model/loader.hpp) to a parsed scenario document.
#include <vector>

#include <yaml-cpp/yaml.h>

#include "model/error.hpp"
#include "model/loader.hpp"

namespace jsim {

// Applies the overrides to `root` (a handle: the document changes in place) and reports each
// path that leads nowhere. When the personas come from an include, overrides under `personas`
// cannot be applied here: they are returned, to be applied to the included document.
[[nodiscard]] std::vector<Override> apply_overrides(YAML::Node root, const std::vector<Override>& overrides,
                                                    std::vector<Diagnostic>& out);

}  // namespace jsim
