#pragma once
// The --json summary of a run: the whole RunResult as one JSON document (format in
// docs/results-format.md). Non-finite doubles become null so the output is always valid JSON.
#include <nlohmann/json_fwd.hpp>

#include <vector>

#include "experiment/load_warnings.hpp"
#include "sim/run_result.hpp"

namespace jsim {

// Throws jsim::Error if the result's per-touchpoint vectors disagree in length (see check_shape).
// What the run produced, without how it ran: the same for any thread count.
[[nodiscard]] nlohmann::json to_json(const RunResult& r);
// How it ran: threads, wall time, version, and the load warnings (run_info.json; "run_info" in the
// --json output).
[[nodiscard]] nlohmann::json run_info_json(const RunResult& r, const std::vector<LoadWarning>& warnings = {});
// [{touchpoint, kind: "overload" | "backlog", message, ...}] (docs/results-format.md, "run_info.json").
[[nodiscard]] nlohmann::json load_warnings_json(const std::vector<LoadWarning>& warnings);

}  // namespace jsim
