#pragma once
// How long a command's runs would take, estimated before any runs, so that a population or a
// sweep grid of days is refused (exit 2) unless --force says it is meant (docs/user-guide.md,
// "Limits"). The estimate is simple on purpose: runs x agents x the expected visits per agent
// (the absorbing Markov chain of analysis/markov.hpp) at a conservative rate of visits per second.
#include <cstdint>

#include "model/scenario.hpp"

namespace jsim::cli {

// Well below the measured engine rates (docs/performance.md: 6-65 M visits/s on all cores), so
// that a slow or busy machine still finishes within the estimate.
inline constexpr double kVisitsPerSecond = 1e6;
// Work estimated above this needs --force: a day of computing is no accident to run.
inline constexpr double kMaxUnforcedSeconds = 24 * 3600.0;

class WorkEstimate {
 public:
  explicit WorkEstimate(bool force) : force_(force) {}
  // Adds `runs` runs of `s` with `agents` each; throws ScenarioError (exit 2) with the estimate
  // once the total passes kMaxUnforcedSeconds without --force.
  void add(std::uint64_t runs, std::uint64_t agents, const Scenario& s);

 private:
  bool force_;
  double runs_ = 0, agents_ = 0, visits_ = 0;
};

}  // namespace jsim::cli
