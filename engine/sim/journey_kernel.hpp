#pragma once
// The per-agent step: what one agent does at a touchpoint, v1 (untimed) and v2 (timed) semantics.
// No allocation, no virtual call; all lookups are into the flat JourneyTables arrays.
#include <cmath>
#include <cstdint>
#include <limits>

#include "model/scenario.hpp"
#include "sim/journey_tables.hpp"
#include "sim/random.hpp"
#include "sim/tally.hpp"

namespace jsim {

// Mutable run state of one agent in flight.
struct Agent {
  std::uint64_t id = 0;
  double arrival = 0.0;  // when its journey started
  double time = 0.0;     // when it arrives at (or, if served, leaves) `at`
  double gap = 0.0;      // length of the silence before arriving at `at`
  Index persona = 0;
  Index at = 0;
  std::uint32_t step = 0;     // index of the current visit: addresses its random draws
  std::uint32_t retries = 0;
  bool served = false;        // already through the queue at `at`
  bool silent = false;        // arrived at `at` after a moment of silence
};

enum class AgentStop : std::uint8_t { Done, Sleep, Queue };

class JourneyKernel {
 public:
  JourneyKernel(const Scenario& s, const JourneyTables& t, const StreamKey& key)
      : s_(s), t_(t), key_(key), horizon_(s.timed() ? s.horizon_seconds() : std::numeric_limits<double>::infinity()) {}

  [[nodiscard]] Agent start(std::uint64_t id, double arrival, Tally& tally) const {
    Agent a;
    a.id = id;
    a.arrival = a.time = arrival;
    const RandomBlock r = key_.block(id, 0, Purpose::Start);
    a.persona = t_.pick_persona(r.a);
    a.at = t_.pick_entry(a.persona, r.b);
    tally.on_arrival(a.persona, arrival);
    return a;
  }

  // Advances an agent until its journey ends (Done), its next event is at or after window_end
  // (Sleep), or it joins a capacity-limited touchpoint's queue (Queue).
  template <bool kTimed>
  AgentStop advance(Agent& a, double window_end, Tally& tally) const {
    for (;;) {
      if constexpr (kTimed) {
        if (a.time >= horizon_) {
          tally.on_unfinished(a.persona);
          return AgentStop::Done;
        }
        if (a.time >= window_end) return AgentStop::Sleep;
      }
      const Touchpoint& tp = s_.touchpoints[a.at];
      if (!a.served) {
        if (a.step >= s_.max_steps) {
          tally.on_step_guard(a.persona);
          return AgentStop::Done;
        }
        if constexpr (kTimed) {
          const double open = tp.hours.next_open(a.time);
          if (open != a.time) {  // closed: wait outside until it opens, then look again
            a.gap += open - a.time;
            a.time = open;
            continue;
          }
          a.silent = a.gap >= s_.silence_threshold;
          if (a.silent) tally.on_silence(a.at);
        }
        tally.on_visit(a.persona, a.at);
        if constexpr (kTimed) {
          if (tp.capacity_limited()) return AgentStop::Queue;
          if (!tp.service.is_none()) {
            Substream g(key_, a.id, a.step, Purpose::Service);
            a.time += tp.service.sample(g);
          }
        }
      }
      a.served = false;
      if (tp.kind == TouchpointKind::Conversion) {
        Substream g(key_, a.id, a.step, Purpose::OrderValue);
        const double value = tp.order_value.sample(g) * s_.personas[a.persona].order_value_multiplier;
        tally.on_convert(a.persona, a.at, std::llround(value * 100.0), a.time, a.time - a.arrival);
        return AgentStop::Done;
      }
      if (tp.kind == TouchpointKind::Exit) {
        tally.on_exit(a.persona, a.at);
        return AgentStop::Done;
      }
      const StepRow& row = t_.row(a.persona, a.at);
      const RandomBlock r = key_.block(a.id, a.step, Purpose::Move);
      if ((r.a >> 11) < row.abandon53) {
        abandon(a, tally);
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

  // Agent leaves the journey at its current touchpoint.
  void abandon(const Agent& a, Tally& tally) const {
    tally.on_abandon(a.persona, a.at, a.time);
    if (a.silent) tally.on_silence_dropoff(a.at);
  }

  [[nodiscard]] const StreamKey& key() const { return key_; }

 private:
  const Scenario& s_;
  const JourneyTables& t_;
  const StreamKey& key_;
  double horizon_;
};

}  // namespace jsim
