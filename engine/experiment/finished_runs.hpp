#pragma once
// Runs an experiment has already made, kept by what they are, so that a killed experiment resumes
// without making them again (`jsim sweep --out DIR` keeps them in a file beside DIR:
// output/checkpoint_file.hpp). A run is its scenario (the text it was loaded from, with whatever
// it extends or includes, and its --set settings), seed and population: the same four give the
// same numbers, bit for bit, on any number of threads or ranks, so a number kept from a killed
// job is the number the run would give again.
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "sim/simulation.hpp"

namespace jsim {

// A 64-bit digest of what a run's results depend on: the scenario's text and settings, the seed,
// the population, and the jsim version (a new version may compute differently).
[[nodiscard]] std::uint64_t run_key(const RunPlan& plan);

class FinishedRuns {
 public:
  virtual ~FinishedRuns() = default;
  // The numbers kept for a run, if it was made before.
  [[nodiscard]] virtual std::optional<std::vector<double>> find(std::uint64_t key) = 0;
  // A run just made. Called from any thread, one at a time or not: implementations lock.
  virtual void add(std::uint64_t key, std::span<const double> numbers) = 0;
};

}  // namespace jsim
