#pragma once
// The inverse of to_json (output/json_summary.hpp): a RunResult read back from summary.json, so
// that `jsim report` redraws a report from the files a run wrote, and experiment reports draw a
// design's funnel and flow from the summary embedded in compare.json. What summary.json leaves
// out (the scenario text, per-queue arrivals over time, how the run ran) stays empty.
#include <nlohmann/json_fwd.hpp>
#include <string>

#include "sim/run_result.hpp"

namespace jsim {

// Throws jsim::Error naming `where` (a file, or a place in one) and the key when the document
// is not a run summary.
[[nodiscard]] RunResult run_result_from_json(const nlohmann::json& j, const std::string& where);

}  // namespace jsim
