#pragma once
// jsim optimize's files (docs/experiments.md, "Optimising under a budget"): the frontier explored,
// one row per candidate with its settings, replications, objective and budget-metric means with
// 95% intervals, feasibility and what became of it.
//   optimize.csv, optimize.json   written atomically (output/atomic_file.hpp)
#include <filesystem>
#include <nlohmann/json_fwd.hpp>

#include "experiment/design_optimization.hpp"
#include "output/result_tables.hpp"

namespace jsim {

[[nodiscard]] Table optimization_table(const Optimization& o);
[[nodiscard]] nlohmann::json optimization_json(const Optimization& o);

// Creates dir if needed; throws jsim::Error naming the failing path.
void write_optimization(const Optimization& o, const std::filesystem::path& dir);

}  // namespace jsim
