#pragma once
// jsim uncertainty's files (docs/experiments.md, "Input uncertainty and sensitivity"):
//   uncertainty.csv   one row per input sample: its input values and every metric's mean over
//                     the sample's replications
//   uncertainty.json  the inputs and beliefs, the samples, each metric's variance split, Sobol indices
// Both written atomically (output/atomic_file.hpp).
#include <filesystem>
#include <nlohmann/json_fwd.hpp>

#include "experiment/uncertainty_study.hpp"
#include "output/result_tables.hpp"

namespace jsim {

[[nodiscard]] Table uncertainty_table(const UncertaintyStudy& u);
[[nodiscard]] nlohmann::json uncertainty_json(const UncertaintyStudy& u);

// Creates dir if needed; throws jsim::Error naming the failing path.
void write_uncertainty(const UncertaintyStudy& u, const std::filesystem::path& dir);

}  // namespace jsim
