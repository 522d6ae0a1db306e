#pragma once
// Exact answers for v1 journey semantics (`jsim analyze`): the oracle the simulator is tested against.
//
// Per persona the journey graph is an absorbing Markov chain. Transient states are the regular
// touchpoints; absorbing states are "abandoned" plus every conversion and exit touchpoint.
//   - start: an entry touchpoint drawn with probability ∝ entry weight (Scenario::entry_for);
//     an entry that is itself terminal ends the journey at once (one visit);
//   - at a regular touchpoint u: abandon with a = min(1, u.friction × persona.friction_sensitivity),
//     else move to v with probability ∝ weight(u→v) × affinity[channel of v]; if every such
//     product is 0 the move mass is counted as abandonment too;
//   - arriving at a terminal touchpoint ends the journey; that visit counts.
// Ignored by the exact answer: delays, service times, capacity, queues, opening hours, and the
// step guard (max_steps), which is assumed not to bind. A graph in which an agent can be trapped
// for ever (a reachable loop with no abandonment and no way out) has no finite answer and throws.
#include <cstdint>
#include <string>
#include <vector>

#include "model/scenario.hpp"

namespace jsim {

struct PersonaExact {
  std::string id;
  double share = 0.0;
  double conversion_probability = 0.0;   // absorbed in any conversion touchpoint
  double abandonment_probability = 0.0;  // absorbed by friction (or a dead end of zero-weight moves)
  double exit_probability = 0.0;         // absorbed in an exit touchpoint
  double expected_path_length = 0.0;     // expected touchpoint visits per agent, terminal visit included
  // Sum over conversion touchpoints of P(convert there) × order_value.mean() × persona multiplier.
  double expected_order_value = 0.0;
  // Per touchpoint, scenario order: expected visits per agent; for terminal touchpoints this is
  // the absorption probability there (at most one terminal visit per journey).
  std::vector<double> expected_visits;
  // P(journey ends at each touchpoint), scenario order; 0 for regular touchpoints.
  std::vector<double> conversion_by_touchpoint;
  double path_length_sd = 0.0;  // standard deviation of the path length, for test tolerances
  // With the step guard (scenario max_steps): P(stopped by it), and the outcome probabilities of
  // a guarded journey, exact (the visit distribution walked step by step). NaN if the walk would
  // take more than kGuardWalkLimit steps and had not died out by then.
  double step_guard_probability = 0.0;
  double guarded_conversion_probability = 0.0;
};

// Steps the guarded walk takes at most (a scenario's max_steps may be up to 2^32 - 1).
inline constexpr std::uint32_t kGuardWalkLimit = 10'000'000;

struct ExactAnalysis {
  std::vector<PersonaExact> personas;
  // Share-weighted over personas (shares normalised by their sum, which validation makes 1).
  double conversion_probability = 0.0;
  double abandonment_probability = 0.0;
  double exit_probability = 0.0;
  double expected_path_length = 0.0;
  std::vector<double> expected_visits;  // per touchpoint, scenario order
  double step_guard_probability = 0.0;          // share-weighted, see PersonaExact
  double guarded_conversion_probability = 0.0;
};

// Throws jsim::Error for a scenario with no finite answer (a trap loop, named in the message)
// or an inconsistent hand-built description (no personas, affinity size, bad index, zero entry).
[[nodiscard]] PersonaExact analyze_persona_exact(const Scenario& s, const Persona& p);
[[nodiscard]] ExactAnalysis analyze_exact(const Scenario& s);

// What in this scenario the exact answer leaves out (queues, lost context, inconsistent messaging,
// the horizon, repeat journeys, a step guard that binds), one phrase each; empty when the
// simulation should match it.
// Personalisation and the trust effect of messaging are static and included exactly.
[[nodiscard]] std::vector<std::string> exact_analysis_caveats(const Scenario& s);

}  // namespace jsim
