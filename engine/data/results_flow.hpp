#pragma once
// The simulated flow of one run, by touchpoint: what `jsim graph --results` overlays on the
// designed journey and what the report's flow diagram draws. Read from a RunResult or from the
// /touchpoints and /flow tables of a results.h5 (docs/results-format.md).
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "sim/run_result.hpp"

namespace jsim::data {

struct FlowCounts {
  std::vector<std::string> touchpoints;  // ids, scenario order
  std::vector<std::uint64_t> visits, abandonments, conversions;
  std::vector<Move> moves;  // nonzero, in (from, to) order, as RunResult::flow
};

[[nodiscard]] FlowCounts flow_counts(const RunResult& r);

// The results.h5 that `path` names: itself, or results.h5 in it when it is a folder.
[[nodiscard]] std::filesystem::path results_file(const std::filesystem::path& path);

// `path`: a results.h5, or the folder `jsim run --out` wrote it into. Throws jsim::ScenarioError
// naming the file when it is missing or not a results file (the CLI exits 2).
[[nodiscard]] FlowCounts read_results_flow(const std::filesystem::path& path);

}  // namespace jsim::data
