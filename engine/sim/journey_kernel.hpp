#pragma once
// The per-agent step: what one agent does at a touchpoint, untimed (v1) and timed (v2), with the
// omnichannel effort model (v3). No allocation, no virtual call; lookups go to flat arrays.
//
// The hot paths read only JourneyTables' rows (step_rows.hpp: TouchpointStep, PersonaStep, and
// StepRow), never the Scenario's Touchpoint or Persona. Touchpoint behaviours are small named
// policies the step calls: the context policy (switch_channel: what a change of channel costs)
// and the admission policy of a queue (admission.hpp: the queue decides an Admission, and
// after_queue applies it with one switch).
#include <cmath>
#include <cstdint>
#include <limits>
#include <algorithm>
#include <type_traits>

#include "model/limits.hpp"
#include "model/scenario.hpp"
#include "sim/admission.hpp"
#include "sim/capacity_queue.hpp"
#include "sim/journey_recorder.hpp"
#include "sim/null_tally.hpp"
#include "sim/journey_tables.hpp"
#include "sim/random.hpp"
#include "sim/step_rows.hpp"
#include "sim/tally.hpp"

namespace jsim {

// Mutable run state of one agent in flight.
struct Agent {
  std::uint64_t id = 0;
  double arrival = 0.0;      // when its current journey started
  double time = 0.0;         // when it arrives at (or, if served, leaves) `at`
  double gap = 0.0;          // length of the silence before arriving at `at`
  double frustration = 0.0;  // accumulated effort in this journey (docs/model.md)
  Index persona = 0;
  Index at = 0;
  Index channel = kNoIndex;  // channel of the previous touchpoint in this journey
  std::uint32_t step = 0;    // index of the current visit: addresses its random draws
  std::uint32_t retries = 0;
  std::uint16_t journeys = 0;
  std::uint16_t purchases = 0;
  bool served = false;     // already through the queue at `at`
  bool silent = false;     // arrived at `at` after a moment of silence
  bool repeating = false;  // lost context on the switch into `at`: must repeat themselves
  bool cart = false;       // has progress (a cart) that a switch without context would lose
  bool converted = false;  // bought in this journey
  bool traced = false;     // its journeys are recorded (RunPlan::journeys)
  friend bool operator==(const Agent&, const Agent&) = default;
};

// What a customer brings to a queue, from its own draws: how long it will wait at most and how
// long it will be served.
struct QueueTicket {
  double patience = std::numeric_limits<double>::infinity();
  double service = 0.0;
};

// Whether an observer keeps the journey trace (a NullTally keeps nothing).
template <class TallyT>
inline constexpr bool kKeepsTrace = !std::is_same_v<TallyT, NullTally>;

enum class AgentStop : std::uint8_t { Done, Sleep, Queue };

class JourneyKernel {
 public:
  // journey_sample: share of customers whose journeys are traced when a tally's trace is on.
  JourneyKernel(const Scenario& s, const JourneyTables& t, const StreamKey& key, double journey_sample = 1.0)
      : s_(s), d_(s.design), t_(t), key_(key),
        horizon_(s.timed() ? s.horizon_seconds() : std::numeric_limits<double>::infinity()),
        journey_sample_(journey_sample) {}

  [[nodiscard]] Agent start(std::uint64_t id, double arrival, Tally& tally) const {
    Agent a;
    a.id = id;
    const RandomBlock r = key_.block(id, 0, Purpose::Start);
    a.persona = t_.pick_persona(r.a);
    a.traced = tally.trace.on && in_journey_sample(id, journey_sample_);
    tally.on_agent(a.persona);
    begin_journey(a, arrival, r.b, tally);
    return a;
  }

  // Advances an agent until it is done, its next event is at or after window_end (Sleep), or it
  // joins a capacity-limited touchpoint's queue (Queue).
  template <bool kTimed, class TallyT>
  AgentStop advance(Agent& a, double window_end, TallyT& tally) const {
    for (;;) {
      if constexpr (kTimed) {
        if (a.time >= horizon_) return end_journey(a, Outcome::Unfinished, tally) ? AgentStop::Sleep : AgentStop::Done;
        if (a.time >= window_end) return AgentStop::Sleep;
      }
      const TouchpointStep& tp = t_.touchpoint_step(a.at);
      if (!a.served) {
        if (a.step >= s_.max_steps) {
          if (end_journey(a, Outcome::StepGuard, tally)) continue;
          return AgentStop::Done;
        }
        if constexpr (kTimed) {
          const double open = tp.always_open ? a.time : tp.hours->next_open(a.time);
          if (open != a.time) {
            // Closed: the customer comes back at some time during the next opening period (not all
            // at the opening instant, which would make an artificial rush), then looks again.
            const double back = open + tp.hours->open_period_length(open) * to_unit(key_.block(a.id, a.step, Purpose::Hours).a);
            a.gap += back - a.time;
            a.time = back;
            continue;
          }
          a.silent = a.gap >= s_.silence_threshold;
          if (a.silent) tally.on_silence(a.persona, a.at);
        }
        arrive(a, tp, tally);
        if constexpr (kTimed) {
          if (tp.capacity_limited) return AgentStop::Queue;  // traced when the queue resolves
          const double service = service_time(a, tp);
          if (a.traced) trace_visit(a, tally, a.time, 0.0, service, false);
          a.time += service;
        } else {
          if (a.traced) trace_visit(a, tally, 0.0, 0.0, 0.0, false);
        }
      }
      a.served = false;
      if (tp.kind == TouchpointKind::Conversion) {
        purchase(a, tp, tally);
        if (!tp.has_transitions) {
          if (end_journey(a, Outcome::Converted, tally)) continue;
          return AgentStop::Done;
        }
      } else if (tp.kind == TouchpointKind::Exit) {
        if (end_journey(a, Outcome::Exited, tally)) continue;
        return AgentStop::Done;
      }
      const StepRow& row = t_.row(a.persona, a.at);
      const RandomBlock r = key_.block(a.id, a.step, Purpose::Move);
      if ((r.a >> 11) < abandon_threshold(a, row)) {
        if (end_journey(a, Outcome::Abandoned, tally)) continue;
        return AgentStop::Done;
      }
      const std::uint32_t tr = t_.pick_transition(row, r.b);
      tally.on_move(tr);
      if constexpr (kTimed) {
        const Distribution& delay = t_.transition_delay(tr);
        a.gap = 0.0;
        if (!delay.is_none()) {
          Substream g(key_, a.id, a.step, Purpose::Delay);
          a.gap = delay.sample(g);
          a.time += a.gap;
        }
      }
      a.at = t_.transition_to(tr);
      ++a.step;
    }
  }

  // Time a visit takes: the service draw, plus repeating oneself after a switch without context.
  [[nodiscard]] double service_time(const Agent& a, const TouchpointStep& tp) const {
    double t = 0.0;
    if (!tp.service->is_none()) {
      Substream g(key_, a.id, a.step, Purpose::Service);
      t = tp.service->sample(g);
    }
    return a.repeating ? t + d_.repeat_time : t;
  }

  // An agent that advance() stopped at a queue: its patience and service time there.
  [[nodiscard]] QueueTicket ticket(const Agent& a) const {
    QueueTicket t;
    const PersonaStep& persona = t_.persona_step(a.persona);
    if (!persona.patience->is_none()) {
      Substream g(key_, a.id, a.step, Purpose::Patience);
      t.patience = persona.patience->sample(g);
    }
    t.service = service_time(a, t_.touchpoint_step(a.at));
    return t;
  }

  // Applies what the queue's admission policy decided (admission.hpp) to an agent stopped there:
  // the effort of waiting, then by outcome: served, or unserved with a retry later or the end of
  // the journey. False when the customer is done. The agent's own draws decide everything, so the
  // result does not depend on who resolved it.
  template <class TallyT>
  bool after_queue(Agent& a, const QueueOutcome& o, const QueueTicket& t, TallyT& tally) const {
    const bool served = o.served();
    if constexpr (kKeepsTrace<TallyT>)
      if (a.traced) trace_visit(a, tally, a.time, o.wait, served ? t.service : 0.0, !served);
    a.frustration += d_.wait_effort * o.wait / d_.wait_unit + (served ? 0.0 : d_.renege_effort);
    a.time = o.leave;
    switch (o.admission) {
      case Admission::Served: a.served = true; return true;
      case Admission::Reneged: return retry_or_give_up(a, tally);
      // Reserved (admission.hpp): no policy produces these yet; until one does, as Reneged.
      case Admission::Balked:
      case Admission::Deflected: return retry_or_give_up(a, tally);
    }
    return retry_or_give_up(a, tally);
  }

  // Records a visit of a traced agent at a.at: arrival time, queue wait, service, and the flags
  // its arrival set (moment of silence, context lost).
  template <class TallyT>
  void trace_visit(const Agent& a, TallyT& tally, double time, double wait, double service, bool reneged) const {
    if constexpr (kKeepsTrace<TallyT>) {
      const auto flags = static_cast<std::uint8_t>((a.silent ? TracedVisit::kSilence : 0) |
                                                   (a.repeating ? TracedVisit::kContextLost : 0) |
                                                   (reneged ? TracedVisit::kReneged : 0));
      tally.trace.visits.push_back({a.id, a.step, a.at, time, wait, service, a.journeys, flags});
    }
  }

  enum class Outcome : std::uint8_t { Converted, Abandoned, Exited, StepGuard, Unfinished };

  // Ends the current journey; true when the customer comes back for another one (the agent goes on).
  template <class TallyT>
  bool end_journey(Agent& a, Outcome outcome, TallyT& tally) const;

  [[nodiscard]] const StreamKey& key() const { return key_; }

 private:
  // entry_draw: the journey's Start draw at the visit index it starts from, so journeys differ.
  template <class TallyT>
  void begin_journey(Agent& a, double t, std::uint64_t entry_draw, TallyT& tally) const {
    a.arrival = a.time = t;
    a.gap = 0.0;
    a.frustration = 0.0;
    a.channel = kNoIndex;
    a.retries = 0;
    a.repeating = a.cart = a.converted = false;
    a.at = t_.pick_entry(a.persona, entry_draw);
    ++a.journeys;
    tally.on_journey(a.persona, t);
  }

  // Unserved at a queue: comes back later to try again while retries remain, else gives up.
  template <class TallyT>
  bool retry_or_give_up(Agent& a, TallyT& tally) const {
    const PersonaStep& persona = t_.persona_step(a.persona);
    if (a.retries < persona.max_retries) {
      ++a.retries;
      Substream g(key_, a.id, a.step, Purpose::Retry);
      a.gap = persona.retry_delay->sample(g);
      a.time += a.gap;
      ++a.step;
      return true;
    }
    return end_journey(a, Outcome::Abandoned, tally);
  }

  // A visit: counted; a change of channel goes through the context policy; good service
  // relieves effort.
  template <class TallyT>
  void arrive(Agent& a, const TouchpointStep& tp, TallyT& tally) const {
    tally.on_visit(a.persona, a.at);
    a.repeating = false;
    if (a.channel != kNoIndex && a.channel != tp.channel) switch_channel(a, tp, tally);
    a.channel = tp.channel;
    a.cart = a.cart || tp.cart;
    a.frustration = std::max(0.0, a.frustration - tp.service_quality);
  }

  // The context policy: what a switch of channel into `tp` costs. Inconsistent messaging adds
  // effort; context survives with the channel's integration, and when it is lost the customer
  // repeats themselves (more effort, more time at the visit) and loses any cart.
  template <class TallyT>
  void switch_channel(Agent& a, const TouchpointStep& tp, TallyT& tally) const {
    tally.on_switch(a.at);
    a.frustration += d_.inconsistency_effort * (1.0 - d_.consistent_messaging);
    if (tp.integration < 1.0 && to_unit(key_.block(a.id, a.step, Purpose::Context).a) >= tp.integration) {
      a.repeating = true;
      a.frustration += d_.repeat_effort * (a.cart ? 2.0 : 1.0);
      tally.on_repeat(a.at, a.cart);
      a.cart = false;
    }
  }

  template <class TallyT>
  void purchase(Agent& a, const TouchpointStep& tp, TallyT& tally) const {
    Substream g(key_, a.id, a.step, Purpose::OrderValue);
    // Capped (model/limits.hpp): the 128-bit revenue sum relies on no order passing 1e14 cents.
    const double value =
        std::min(tp.order_value->sample(g) * t_.persona_step(a.persona).order_value_multiplier, limits::kMaxOrderValue);
    const std::int64_t cents = std::llround(value * 100.0);
    tally.on_order(a.persona, a.at, cents, a.time, a.converted ? -1.0 : a.time - a.arrival);
    if constexpr (kKeepsTrace<TallyT>)
      if (a.traced) tally.trace.orders.push_back({a.id, a.step, cents});
    a.converted = true;
    ++a.purchases;
    a.cart = false;
  }

  // Abandonment hazard: base friction (trust-adjusted, in the row) raised by frustration:
  // a = 1 - (1 - a0) exp(-beta * sensitivity * frustration).
  [[nodiscard]] std::uint64_t abandon_threshold(const Agent& a, const StepRow& row) const {
    if (a.frustration <= 0.0) return row.abandon53;
    const double a0 = std::ldexp(static_cast<double>(row.abandon53), -53);
    const double s = t_.persona_step(a.persona).friction_sensitivity;
    const double p = 1.0 - (1.0 - a0) * std::exp(-d_.frustration_weight * s * a.frustration);
    return static_cast<std::uint64_t>(std::ldexp(std::min(p, 1.0), 53));
  }

  const Scenario& s_;
  const Design& d_;
  const JourneyTables& t_;
  const StreamKey& key_;
  double horizon_;
  double journey_sample_;
};

}  // namespace jsim
