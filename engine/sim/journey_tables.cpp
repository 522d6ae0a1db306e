#include "sim/journey_tables.hpp"

#include <algorithm>
#include <cmath>

namespace jsim {

static std::uint64_t abandon_threshold(double p) {
  const double clamped = std::clamp(p, 0.0, 1.0);
  return static_cast<std::uint64_t>(std::ldexp(clamped, 53));
}

JourneyTables::JourneyTables(const Scenario& s)
    : touchpoints_(static_cast<std::uint32_t>(s.touchpoints.size())), personas_(static_cast<std::uint32_t>(s.personas.size())) {
  std::vector<double> shares;
  for (const auto& p : s.personas) shares.push_back(p.share);
  persona_ = AliasTable(shares);

  for (Index u = 0; u < touchpoints_; ++u) touchpoint_steps_.push_back(jsim::touchpoint_step(s, u));
  for (const Persona& p : s.personas) persona_steps_.push_back(jsim::persona_step(p));

  for (Index u = 0; u < touchpoints_; ++u) {
    for (const auto& t : s.transitions[u]) {
      transition_from_.push_back(u);
      transition_to_.push_back(t.to);
      transition_delay_.push_back(&t.delay);
    }
  }

  rows_.resize(std::size_t{personas_} * touchpoints_);
  for (Index p = 0; p < personas_; ++p) {
    const Persona& persona = s.personas[p];
    std::vector<double> w;
    std::vector<Index> tps;
    for (const auto& e : s.entry_for(persona)) {
      w.push_back(e.weight);
      tps.push_back(e.touchpoint);
    }
    entry_.emplace_back(w);
    entry_touchpoints_.push_back(tps);

    std::uint32_t first_transition = 0;
    for (Index u = 0; u < touchpoints_; ++u) {
      StepRow& row = rows_[p * touchpoints_ + u];
      row = {abandon_threshold(s.base_abandonment(persona, u)), static_cast<std::uint32_t>(slots_.size()), 0,
             first_transition};
      const auto& out = s.transitions[u];
      first_transition += static_cast<std::uint32_t>(out.size());
      if (out.empty()) continue;
      w.clear();
      double total = 0.0;
      for (const auto& t : out) {
        w.push_back(s.move_weight(persona, t));
        total += w.back();
      }
      if (total <= 0.0) {  // nowhere this persona would go: the move mass becomes abandonment
        row.abandon53 = abandon_threshold(1.0);
        continue;
      }
      build_alias_slots(w, slots_);
      row.slot_count = static_cast<std::uint32_t>(w.size());
    }
  }
}

}  // namespace jsim
