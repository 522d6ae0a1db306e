#pragma once
// The uncertain numbers of a scenario (docs/scenario-format.md, "Uncertain values"): every value
// written as `{uncertain: {dist: ..., ...}}` in the resolved document (overlays followed), each
// named by the `--set` path that replaces it (model/loader.hpp: list items by their id, from or
// touchpoint), so a sample is loaded as load_scenario(file, {PATH=value, ...}).
#include <filesystem>
#include <string>
#include <vector>

#include "model/belief.hpp"
#include "model/loader.hpp"

namespace jsim {

struct UncertainInput {
  std::string path;  // a --set path
  Belief belief;
};

// In document order. Throws ScenarioError (FILE:LINE:COL) for a file that cannot be read or
// resolved, a belief that is not one, or one in a list item with no id to address it by.
[[nodiscard]] std::vector<UncertainInput> uncertain_inputs(const std::filesystem::path& file);

// `--uncertain PATH=uniform(0.1,0.3)`; ScenarioError naming the argument otherwise.
[[nodiscard]] UncertainInput parse_uncertain(const std::string& spec);

// `inputs` with each of `extra` added, or replacing the one of the same path.
[[nodiscard]] std::vector<UncertainInput> with_inputs(std::vector<UncertainInput> inputs,
                                                      const std::vector<UncertainInput>& extra);

// One sample as overrides: PATH=value for each input, value the belief's quantile at u[i].
[[nodiscard]] std::vector<Override> sample_overrides(const std::vector<UncertainInput>& inputs,
                                                     const std::vector<double>& u);

}  // namespace jsim
