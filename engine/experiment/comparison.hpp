#pragma once
// Paired comparison of a base design with what-if designs over replications.
//
// Replication r of the base and of every what-if runs with the same seed (common random
// numbers), so both see the same customers making the same draws wherever their paths agree;
// the difference per replication then carries little noise, and its mean gets a Student-t
// interval from the R paired differences.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "experiment/replication.hpp"

namespace jsim {

enum class Pairing {
  CommonRandomNumbers,  // what-if replication r uses the base's seed (the default, and the point)
  Independent,          // what-if seeds offset by kIndependentSeedOffset: for showing what CRN buys
};

inline constexpr std::uint64_t kIndependentSeedOffset = 1'000'003;

struct MetricComparison {
  std::string name;
  Interval base;  // mean over replications, 95% interval
  Interval whatif;
  Interval difference;  // mean of (what-if − base) per replication, 95% paired-t interval (none for 1 replication)
  // The one rule behind every verdict: identical when the designs agree in every replication (to
  // rounding); else distinguishable exactly when the printed interval excludes 0, which needs 2+
  // replications (one has no spread, hence no interval).
  bool identical = false;
  bool distinguishable = false;
};

// Both designs gave the same value in every replication (e.g. a design compared with itself).
[[nodiscard]] inline bool identical(const MetricComparison& m) { return m.identical; }

// The paired comparison of one metric from its per-replication values (same length, same seeds).
[[nodiscard]] MetricComparison compare_metric(std::string name, std::span<const double> base, std::span<const double> whatif);

struct Comparison {
  std::string base_label, whatif_label;
  std::vector<MetricComparison> metrics;  // metrics both designs have, in the base's order
  [[nodiscard]] const MetricComparison* find(std::string_view name) const;
};

// Compares replication r of base with replication r of whatif, for every metric both have.
// Throws jsim::Error if the replication counts differ.
[[nodiscard]] Comparison compare(const MetricSamples& base, const MetricSamples& whatif);

struct ComparisonPlan {
  RunPlan base;  // seed = first replication's seed; population and threads used for every design
  std::vector<ScenarioPtr> whatifs;
  std::uint32_t replications = 10;
  Pairing pairing = Pairing::CommonRandomNumbers;
  FinishedRuns* finished = nullptr;  // optional: runs of a stopped comparison, and where to keep new ones
};

struct ComparisonReport {
  ComparisonPlan plan;
  std::vector<Comparison> comparisons;             // one per what-if, in plan order
  std::vector<std::vector<LoadWarning>> warnings;  // [design]: the base, then each what-if (replication 0)
  std::vector<MetricSamples> samples;              // [design]: every replication's metrics (long-format output)
  std::vector<RunResult> first;                    // [design]: replication 0 in full (the report's funnel and flow)
};

// Seed of replication 0 of design d (0 the base, then the what-ifs in plan order).
[[nodiscard]] std::uint64_t design_seed(const ComparisonPlan& plan, std::size_t design);

// Runs base and every what-if `replications` times, several runs at once (run_concurrently);
// labels are the scenario names.
[[nodiscard]] ComparisonReport run_comparison(const ComparisonPlan& plan);

}  // namespace jsim
