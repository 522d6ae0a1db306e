#pragma once
// The --json summary of a run: the whole RunResult as one JSON document (format in
// docs/results-format.md). Non-finite doubles become null so the output is always valid JSON.
#include <nlohmann/json.hpp>

#include "sim/run_result.hpp"

namespace jsim {

// Throws jsim::Error if the result's per-touchpoint vectors disagree in length (see check_shape).
[[nodiscard]] nlohmann::json to_json(const RunResult& r);

}  // namespace jsim
