#pragma once
// Second-order Monte Carlo: how much of a metric's uncertainty comes from not knowing the inputs
// exactly, and how much from simulation noise. N outer samples of the uncertain inputs × R inner
// replications each; y[i][r] is the metric in replication r of input sample i.
//
// Random-effects ANOVA, inputs × seeds. Replication r of every sample uses seed S + r (common
// random numbers), so y_ir = μ + a_i + b_r + e_ir: a_i the inputs' effect, b_r the seed's, shared
// by every sample. With ȳ_i the mean of sample i, ȳ_.r that of replication r over the samples:
//   MSB = R Σ_i (ȳ_i − ȳ)² / (N − 1)                       E = R σ²_a + σ²_e (b_r cancels)
//   MSE = Σ_ir (y_ir − ȳ_i − ȳ_.r + ȳ)² / ((N − 1)(R − 1))  E = σ²_e
//   MSW = Σ_ir (y_ir − ȳ_i)² / (N (R − 1))                  E = σ²_b + σ²_e, one replication's noise
//   input variance  σ²_a = max(0, (MSB − MSE) / R)   the variance over inputs of the conditional mean
//   noise variance  MSW / R                           of one sample's R-replication mean
// so an R-replication estimate with the inputs unknown varies by total = σ²_a + MSW/R. (The
// one-way estimator (MSB − MSW)/R would be biased low here: the shared seeds make the samples'
// noise alike, so MSB holds less of it than MSW.) The standard error of σ²_a comes from the mean
// squares' own variances (2 MS² / df each, normal outputs).
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
  double within_variance = 0.0;    // MSW: one replication's noise variance
  double total_variance = 0.0;     // σ²_in + MSW / R
  double input_share = 0.0;        // σ²_in / total (0 when total is 0)
  // ȳ ± 1.96 √total: where a metric estimated with R replications may lie, the inputs unknown;
  // against ȳ ± 1.96 √(MSW/R): where simulation noise alone puts it at known inputs.
  Interval with_inputs, noise_only;
};

// Throws jsim::Error with fewer than 2 samples, fewer than 2 replications, rows of unequal length
// or a NaN.
[[nodiscard]] VarianceSplit split_variance(const std::vector<std::vector<double>>& y);

}  // namespace jsim
