#pragma once
// Tables derived once from a Scenario for the hot loop: per (persona, touchpoint) the
// abandonment threshold and an alias table over the outgoing transitions, flattened into
// contiguous arrays; per touchpoint and per persona the small row a step reads
// (step_rows.hpp). Immutable after construction; shared by all threads. They point into the
// Scenario (distributions, opening hours), which must outlive them.
#include <cstdint>
#include <vector>

#include "model/scenario.hpp"
#include "sim/alias_table.hpp"
#include "sim/step_rows.hpp"

namespace jsim {

struct StepRow {
  std::uint64_t abandon53;     // abandon when the top 53 bits of a draw are below this (2^53 = always)
  std::uint32_t first_slot;    // into JourneyTables::slots
  std::uint32_t slot_count;    // 0 for terminal touchpoints
  std::uint32_t first_transition;  // flat transition id of local index 0
};

class JourneyTables {
 public:
  explicit JourneyTables(const Scenario& s);

  [[nodiscard]] std::uint32_t touchpoint_count() const { return touchpoints_; }
  [[nodiscard]] std::uint32_t persona_count() const { return personas_; }
  [[nodiscard]] std::uint32_t transition_count() const { return static_cast<std::uint32_t>(transition_to_.size()); }

  [[nodiscard]] Index pick_persona(std::uint64_t r) const { return persona_.pick(r); }
  [[nodiscard]] Index pick_entry(Index persona, std::uint64_t r) const { return entry_touchpoints_[persona][entry_[persona].pick(r)]; }

  [[nodiscard]] const TouchpointStep& touchpoint_step(Index touchpoint) const { return touchpoint_steps_[touchpoint]; }
  [[nodiscard]] const PersonaStep& persona_step(Index persona) const { return persona_steps_[persona]; }
  [[nodiscard]] const StepRow& row(Index persona, Index touchpoint) const { return rows_[persona * touchpoints_ + touchpoint]; }
  // Flat transition id chosen from a row with one 64-bit draw.
  [[nodiscard]] std::uint32_t pick_transition(const StepRow& r, std::uint64_t draw) const {
    return r.first_transition + alias_pick(&slots_[r.first_slot], r.slot_count, draw);
  }
  [[nodiscard]] Index transition_from(std::uint32_t t) const { return transition_from_[t]; }
  [[nodiscard]] Index transition_to(std::uint32_t t) const { return transition_to_[t]; }
  [[nodiscard]] const Distribution& transition_delay(std::uint32_t t) const { return *transition_delay_[t]; }

 private:
  std::uint32_t touchpoints_, personas_;
  AliasTable persona_;
  std::vector<AliasTable> entry_;
  std::vector<std::vector<Index>> entry_touchpoints_;
  std::vector<StepRow> rows_;
  std::vector<TouchpointStep> touchpoint_steps_;
  std::vector<PersonaStep> persona_steps_;
  std::vector<AliasSlot> slots_;
  std::vector<Index> transition_from_, transition_to_;
  std::vector<const Distribution*> transition_delay_;
};

}  // namespace jsim
