#pragma once
// Second-order Monte Carlo: how much of a metric's uncertainty comes from not knowing the inputs
// exactly, and how much from simulation noise. N outer samples of the uncertain inputs × R inner
// replications each; y[i][r] is the metric in replication r of input sample i.
//
// One-way random-effects ANOVA (inputs the random factor):
//   MSB = R Σ_i (ȳ_i − ȳ)² / (N − 1),  MSW = Σ_i Σ_r (y_ir − ȳ_i)² / (N (R − 1))
//   input variance  σ²_in = max(0, (MSB − MSW) / R)   the variance over inputs of the conditional mean
//   noise variance  MSW / R                            of one sample's R-replication mean
// so Var(ȳ_i) = σ²_in + MSW/R (total). Standard error of σ²_in from the mean squares' own variances
// (2 MS² / df each, normal outputs).
#include <cstdint>
#include <vector>

#include "sim/run_result.hpp"

namespace jsim {

// n points of the unit cube (d coordinates each) by Latin hypercube sampling: each coordinate's
// n values fall one in each of n equal strata, in a random order; deterministic in `seed`.
[[nodiscard]] std::vector<std::vector<double>> latin_hypercube(std::size_t n, std::size_t d, std::uint64_t seed);

struct VarianceSplit {
  double mean = 0.0;               // grand mean ȳ
  double input_variance = 0.0;     // σ²_in
  double input_variance_se = 0.0;  // its standard error
  double noise_variance = 0.0;     // MSW / R
  double within_variance = 0.0;    // MSW: one replication's noise
  double total_variance = 0.0;     // σ²_in + MSW / R
  double input_share = 0.0;        // σ²_in / total (0 when total is 0)
  // ȳ ± t(0.975, N−1) √total: where a metric estimated with R replications may lie, the inputs
  // unknown; against ȳ ± t(0.975, N(R−1)) √(MSW/R): what simulation noise alone gives at known inputs.
  Interval with_inputs, noise_only;
};

// Throws jsim::Error with fewer than 2 samples, fewer than 2 replications, rows of unequal length
// or a NaN.
[[nodiscard]] VarianceSplit split_variance(const std::vector<std::vector<double>>& y);

}  // namespace jsim
