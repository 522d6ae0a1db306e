#pragma once
// The --json summary of a run: the whole RunResult as one JSON document (format in
// docs/results-format.md). Non-finite doubles become null so the output is always valid JSON.
#include <nlohmann/json.hpp>

#include "sim/run_result.hpp"

namespace jsim {

// Throws jsim::Error if the result's per-touchpoint vectors disagree in length (see check_shape).
// What the run produced, without how it ran: the same for any thread count.
[[nodiscard]] nlohmann::json to_json(const RunResult& r);
// How it ran: threads, wall time, version (run_info.json; "run_info" in the --json output).
[[nodiscard]] nlohmann::json run_info_json(const RunResult& r);

}  // namespace jsim
