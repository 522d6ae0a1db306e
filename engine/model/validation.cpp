#include "model/validation.hpp"

#include <deque>
#include <string>

namespace jsim {

namespace {

void add(std::vector<Diagnostic>& out, const yaml::Place& at, std::string message) {
  out.push_back({at.file, at.line, at.column, std::move(message)});
}

void check_transitions_present(const Scenario& s, const ScenarioPlaces& places, std::vector<Diagnostic>& out) {
  for (Index i = 0; i < s.touchpoints.size(); ++i) {
    const Touchpoint& tp = s.touchpoints[i];
    if (tp.terminal() || tp.id.empty() || places.from[i]) continue;  // empty id: already reported
    add(out, places.touchpoints[i],
        "touchpoints[" + std::to_string(i) + "]: regular touchpoint '" + tp.id +
            "' has no transitions (list it as 'from' under transitions, or make it kind: conversion or exit)");
  }
}

// Breadth-first search along transitions this persona can take (weight x affinity > 0);
// friction is ignored: it makes a path less likely, never impossible.
bool reaches_conversion(const Scenario& s, const std::vector<WeightedTouchpoint>& entry,
                        const std::vector<double>& affinity) {
  std::vector<bool> seen(s.touchpoints.size(), false);
  std::deque<Index> queue;
  const auto visit = [&](Index t) {
    if (!seen[t]) {
      seen[t] = true;
      queue.push_back(t);
    }
  };
  for (const auto& e : entry)
    if (e.weight > 0) visit(e.touchpoint);
  while (!queue.empty()) {
    const Index t = queue.front();
    queue.pop_front();
    if (s.touchpoints[t].kind == TouchpointKind::Conversion) return true;
    for (const auto& tr : s.transitions[t])
      if (tr.weight * affinity[s.touchpoints[tr.to].channel] > 0) visit(tr.to);
  }
  return false;
}

void check_reachability(const Scenario& s, const ScenarioPlaces& places, std::vector<Diagnostic>& out) {
  // Affinities only ever remove transitions, so when the scenario's own graph (its entry, all
  // affinities 1) reaches no conversion, no persona using that entry can: say so once, at `entry`.
  const bool graph_ok = reaches_conversion(s, s.entry, std::vector<double>(s.channels.size(), 1.0));
  bool entry_reported = false;
  for (Index i = 0; i < s.personas.size(); ++i) {
    const Persona& p = s.personas[i];
    if (reaches_conversion(s, s.entry_for(p), p.affinity)) continue;
    if (p.entry.empty() && !graph_ok) {
      if (!entry_reported)
        add(out, places.entry,
            "entry: no conversion touchpoint is reachable from the entry touchpoints (along transitions with weight > 0)");
      entry_reported = true;
    } else {
      add(out, places.personas[i],
          "personas[" + std::to_string(i) + "]: no conversion touchpoint is reachable for persona '" + p.id +
              "' (from its entry touchpoints, along transitions with weight x affinity > 0)");
    }
  }
}

}  // namespace

void check_journeys(const Scenario& s, const ScenarioPlaces& places, std::vector<Diagnostic>& out) {
  check_transitions_present(s, places, out);
  if (out.empty()) check_reachability(s, places, out);
}

}  // namespace jsim
