#pragma once
// Variance-based sensitivity: first-order and total Sobol indices of a model's output with respect
// to each of d independent inputs, by Saltelli's scheme. Two independent n×d sample matrices A and B
// (points of the unit cube) and, for each input i, A_B^(i) (A with column i from B) cost n(d + 2)
// evaluations; then, with V the variance of f over A and B together,
//   first-order  S_i  = (1/n) Σ (f(B)_j − f̄) (f(A_B^(i))_j − f(A)_j) / V     (Saltelli et al. 2010, f(B) centred)
//   total        ST_i = (1/2n) Σ (f(A)_j − f(A_B^(i))_j)² / V                (Jansen 1999)
// S_i is the share of the output variance that input i explains alone; ST_i adds every interaction
// it takes part in. Intervals: percentile bootstrap over the n rows, with the bootstrap standard error.
//
// Pure: the model is a callback over unit-cube points (the caller maps them to its inputs, e.g.
// through Belief::quantile), evaluated in batches so the caller may run a batch at once.
#include <cstdint>
#include <functional>
#include <vector>

#include "sim/run_result.hpp"

namespace jsim {

// f at each point (point[i] in (0, 1) for input i); the result in the points' order.
using BatchModel = std::function<std::vector<double>(const std::vector<std::vector<double>>& points)>;

struct SobolIndices {
  std::vector<Interval> first, total;          // per input: estimate with 95% bootstrap interval
  std::vector<double> first_se, total_se;      // bootstrap standard errors
  double variance = 0.0;                       // V, the output variance
  double mean = 0.0;
  std::size_t evaluations = 0;                 // n(d + 2)
};

struct SobolPlan {
  std::size_t inputs = 0;      // d >= 1
  std::size_t base_samples = 0;  // n >= 2, rows of A and of B
  std::uint64_t seed = 1;      // of A and B (plain Monte Carlo from a hash: the same for any platform)
  std::uint32_t bootstrap = 500;
};

// Throws jsim::Error for d = 0 or n < 2.
[[nodiscard]] SobolIndices sobol_indices(const SobolPlan& plan, const BatchModel& model);

// A deterministic point in (0, 1), never 0 or 1 (a normal quantile stays finite): draw `index`
// of the stream `seed`.
[[nodiscard]] double unit_draw(std::uint64_t seed, std::uint64_t index);

}  // namespace jsim
