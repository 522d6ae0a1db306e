#pragma once
// Attribution of a scenario model itself: how much of its conversions each channel (or regular
// touchpoint) earns, by removal effects (docs/attribution.md, "Scenario attribution").
//
// Removing a state makes every visit to its regular touchpoints end the journey without a
// conversion: the touchpoints become exits (absorbing, not a conversion), so the chain code and the
// simulator are reused unchanged. Conversion and exit touchpoints are never removed: they are the
// outcomes. With P the conversion probability and P_c the one with c removed:
//   removal effect RE_c = 1 − P_c / P,   credit_c = RE_c / Σ RE × expected conversions
// and the same share of the expected conversion value.
//
//   - Exact ("markov_exact"), when `jsim analyze` applies (exact_analysis_caveats is empty):
//     P and P_c from analyze_exact, share-weighted over personas.
//   - Simulated ("removal_simulated") otherwise (queues, frustration, the horizon, ...), or when
//     forced: the base and every removal are run over R replications with the same seeds
//     (replicate(): replication r of every design uses seed S + r, common random numbers).
//     Per replication r: RE_c,r = 1 − conversions_c,r / conversions_base,r and
//     credit_c,r = RE_c,r / Σ_c RE_c,r × conversions_base,r (value: × revenue_base,r). The
//     estimates are means over replications with 95% Student-t intervals over the R
//     per-replication values (mean_interval), so each interval carries the pairing's low noise.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "data/attribution.hpp"
#include "data/journey_paths.hpp"
#include "model/scenario.hpp"
#include "sim/run_result.hpp"

namespace jsim::data {

struct ScenarioAttributionOptions {
  PathLevel level = PathLevel::Channel;
  bool force_simulation = false;             // simulate even where the exact answer applies
  std::uint32_t replications = 10;           // simulation only
  std::optional<std::uint64_t> population;   // default: the scenario's
  std::optional<std::uint64_t> seed;         // first replication's seed; default: the scenario's
  std::uint32_t threads = 0;                 // 0 = all cores; never changes results
};

struct ScenarioAttribution {
  std::string scenario;
  PathLevel level = PathLevel::Channel;
  // The credited states: channels with at least one regular touchpoint, or regular touchpoints.
  std::vector<std::string> states;
  std::vector<State> state_channel;  // touchpoint level: channel of each state (index into channels)
  std::vector<std::string> channels;
  bool exact = true;
  std::uint64_t population = 0;
  std::uint32_t replications = 0;  // simulation only
  std::uint64_t first_seed = 0;    // simulation only
  // Base conversion probability per journey: exact P, or simulated conversions / agents (mean, interval).
  Interval conversion_probability;
  // Per state: P with the state removed (exact) or its simulated mean with interval.
  std::vector<Interval> removed_conversion_probability;
  // Expected conversions and conversion value of a run of `population` agents (exact: P × population;
  // simulated: the base's mean over replications).
  Interval expected_conversions, expected_value;
  // One Credit ("markov_exact" or "removal_simulated") with removal_effect filled; intervals
  // (conversions_low/high, value_low/high) only when simulated. chain_conversion_probability = {P}.
  AttributionResult result;
  std::vector<std::string> caveats;  // what the exact answer would leave out (why it was simulated)
};

// A copy of s in which every regular touchpoint with removed[u] set is an exit: its visits end the
// journey without conversion, at once (no service time, queue or opening hours of its own).
// Conversion and exit touchpoints are left alone whatever removed says. Unlike a friction variant,
// the copy is not validate()d: that a removal leaves some persona no way to convert is what the
// removal effect measures, and nothing else changes (its sizes and indices are the base's).
[[nodiscard]] ScenarioPtr remove_touchpoints(const Scenario& s, const std::vector<bool>& removed);

// Throws jsim::Error if the scenario never converts (P = 0: nothing to attribute) or the exact
// answer is infinite (a trap loop).
[[nodiscard]] ScenarioAttribution attribute_scenario(const ScenarioPtr& s, const ScenarioAttributionOptions& options);

}  // namespace jsim::data
