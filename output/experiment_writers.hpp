#pragma once
// Experiment results (docs/experiments.md) as tables, JSON and files. Each result type has one
// Table builder, and both the CSV and the HDF5 file are written from that table.
//   compare: compare.json, compare.csv      one row per (what-if, metric)
//            compare.h5 (/comparisons, /designs, /replications)
//   sweep:   sweep.json, sweep.csv, sweep.h5 (/points, /designs, /replications)  one row per grid point
//   both:    replications.csv (one row per design point, replication and metric), designs.csv
//   friction: friction.json, friction.csv   one row per candidate, ranked
// Every file is written atomically (output/atomic_file.hpp).
#include <filesystem>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <vector>

#include "experiment/comparison.hpp"
#include "experiment/friction_ranking.hpp"
#include "experiment/sweep.hpp"
#include "output/replication_table.hpp"
#include "output/result_tables.hpp"

namespace jsim {

// Seeds and sizes shared by every experiment's JSON: replications, seeds, agents, pairing, and the
// --set settings applied ("PATH=VALUE" each; a sweep's: its --set and --zip arguments).
struct ExperimentSetup {
  std::uint32_t replications = 0;
  std::uint64_t first_seed = 0;
  std::uint64_t agents = 0;
  Pairing pairing = Pairing::CommonRandomNumbers;
  std::vector<std::string> settings;
};

[[nodiscard]] Table comparison_table(const ComparisonReport& report);
[[nodiscard]] Table sweep_table(const Sweep& sweep);
[[nodiscard]] Table friction_table(const std::vector<FrictionResult>& ranking);

// {metric: {mean, low, high}} in metric order; NaN as null.
[[nodiscard]] nlohmann::json estimates_json(const std::vector<MetricEstimate>& estimates);
[[nodiscard]] nlohmann::json setup_json(const ExperimentSetup& setup);
[[nodiscard]] nlohmann::json comparison_json(const ComparisonReport& report);
[[nodiscard]] nlohmann::json sweep_json(const Sweep& sweep);
[[nodiscard]] nlohmann::json friction_json(const std::vector<FrictionResult>& ranking, const std::string& scenario,
                                           const ExperimentSetup& setup);

// The design points of an experiment, for the long-format tables (output/replication_table.hpp).
[[nodiscard]] std::vector<DesignRuns> comparison_designs(const ComparisonReport& report);
[[nodiscard]] std::vector<DesignRuns> sweep_designs(const Sweep& sweep);

// Create dir if needed; throw jsim::Error naming the failing path.
void write_comparison(const ComparisonReport& report, const std::filesystem::path& dir);
void write_sweep(const Sweep& sweep, const std::filesystem::path& dir);
void write_friction(const std::vector<FrictionResult>& ranking, const std::string& scenario,
                    const ExperimentSetup& setup, const std::filesystem::path& dir);

}  // namespace jsim
