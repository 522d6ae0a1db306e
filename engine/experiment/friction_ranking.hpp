#pragma once
// Friction ranking: "where to fix the journey first". Each friction point is removed in turn,
// and the variant is compared with the base under common random numbers; candidates are ranked
// by the conversions that removing them recovers.
#include <cstdint>
#include <string>
#include <vector>

#include "experiment/comparison.hpp"

namespace jsim {

struct FrictionCandidate {
  enum class Kind { Touchpoint, Channel };
  Kind kind = Kind::Touchpoint;
  Index index = 0;  // into Scenario::touchpoints or Scenario::channels
  std::string id;
  std::string fix;  // what the variant changes: "friction 0.3 -> 0, 8 servers -> no queue", "integration 0.6 -> 1"
};

// Every regular touchpoint with friction > 0 or servers > 0, then every channel into which a
// switch can lose context (integration_into(c) < 1), in scenario order.
[[nodiscard]] std::vector<FrictionCandidate> friction_candidates(const Scenario& s);

// The base with that friction removed: a touchpoint gets friction 0 and servers 0 (no queue, no
// waiting); a channel gets integration 1 (context always survives a switch into it). The variant
// records the change in Scenario::settings as --set would ("touchpoints.checkout.friction=0"), and
// is validated: an invalid variant throws ScenarioError.
[[nodiscard]] ScenarioPtr without_friction(const Scenario& base, const FrictionCandidate& c);

struct FrictionResult {
  FrictionCandidate candidate;
  MetricComparison conversions;                           // difference = conversions recovered (variant − base)
  MetricComparison revenue;                               // difference = revenue recovered
  std::vector<MetricComparison> persona_conversion_rate;  // per persona, scenario order
};

// Candidates ranked by conversions recovered (mean difference, largest first; ties: revenue).
// With `finished`, runs made before (a stopped ranking's) are taken from it, and new ones kept.
[[nodiscard]] std::vector<FrictionResult> rank_friction(const RunPlan& base, std::uint32_t replications,
                                                      FinishedRuns* finished = nullptr);

}  // namespace jsim
