#pragma once
// The rows the per-agent step reads (journey_kernel.hpp): what a visit needs of a touchpoint and
// of a persona, copied out of the Scenario once per run by JourneyTables.
//
// Why rows: a Touchpoint is about 450 bytes and a Persona about 400 (names, costs, affinities, a
// week of opening hours), and the kernel used a handful of fields of each on every step, spread
// over several cache lines. A row holds just those fields, one cache line at most, in a
// contiguous array, so a step touches one line per touchpoint and one per persona. Distributions
// and opening hours stay where they are in the Scenario (the rows point at them): they are read
// only when sampled, and the Scenario outlives the tables (simulate() holds both).
#include <cstdint>

#include "model/scenario.hpp"

namespace jsim {

// A touchpoint, as one visit sees it.
struct TouchpointStep {
  const Distribution* service = nullptr;      // time spent here; none() = instantaneous
  const Distribution* order_value = nullptr;  // conversion touchpoints only
  const OpeningHours* hours = nullptr;        // read only when !always_open
  double service_quality = 0.0;               // frustration relieved by a visit here
  double integration = 1.0;                   // chance context survives a switch into its channel
  Index channel = 0;
  TouchpointKind kind = TouchpointKind::Regular;
  bool cart = false;              // progress is built here: lost on a switch without context
  bool capacity_limited = false;  // servers and a queue: the timed engine decides the visit
  bool has_transitions = false;   // a move out exists (a conversion touchpoint without one ends the journey)
  bool always_open = true;        // hours need not be read
};
// One cache line: the point of the row (see the top of this file).
static_assert(sizeof(TouchpointStep) <= 64, "TouchpointStep must stay within one cache line");

// A persona, as its steps, queues and journey ends see it.
struct PersonaStep {
  const Distribution* patience = nullptr;      // time waited in a queue before reneging; none() = forever
  const Distribution* retry_delay = nullptr;   // time before coming back after reneging
  const Distribution* repeat_delay = nullptr;  // time from the end of a journey to the next one
  double friction_sensitivity = 1.0;
  double order_value_multiplier = 1.0;
  double base_satisfaction = 9.0;
  double repeat_probability = 0.0;
  std::uint32_t max_retries = 0;
};
// One cache line: the point of the row (see the top of this file).
static_assert(sizeof(PersonaStep) <= 64, "PersonaStep must stay within one cache line");

[[nodiscard]] inline TouchpointStep touchpoint_step(const Scenario& s, Index u) {
  const Touchpoint& tp = s.touchpoints[u];
  return {.service = &tp.service,
          .order_value = &tp.order_value,
          .hours = &tp.hours,
          .service_quality = tp.service_quality,
          .integration = s.integration_into(tp.channel),
          .channel = tp.channel,
          .kind = tp.kind,
          .cart = tp.cart,
          .capacity_limited = tp.capacity_limited(),
          .has_transitions = !s.transitions[u].empty(),
          .always_open = tp.hours.always_open};
}

[[nodiscard]] inline PersonaStep persona_step(const Persona& p) {
  return {.patience = &p.patience,
          .retry_delay = &p.retry_delay,
          .repeat_delay = &p.repeat_delay,
          .friction_sensitivity = p.friction_sensitivity,
          .order_value_multiplier = p.order_value_multiplier,
          .base_satisfaction = p.base_satisfaction,
          .repeat_probability = p.repeat_probability,
          .max_retries = p.max_retries};
}

}  // namespace jsim
