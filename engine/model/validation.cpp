#include "model/validation.hpp"

#include <cmath>
#include <deque>
#include <limits>
#include <sstream>
#include <string>
#include <unordered_map>

#include <fmt/format.h>

#include "model/limits.hpp"
#include "model/value_ranges.hpp"

namespace jsim {

namespace {

using yaml::Place;

// Collects problems, each "PATH: message": at the place the loader noted when there is one,
// else at the scenario as a whole (built in code: the path alone says where).
class Report {
 public:
  Report(const Scenario& s, const ScenarioPlaces* places)
      : places_(places), label_(s.source_file.empty() ? "scenario" : s.source_file) {}

  void add(const std::optional<Place>& at, const std::string& path, const std::string& message) {
    std::string text = path.empty() ? message : path + ": " + message;
    if (places_ && at) out.push_back({at->file, at->line, at->column, std::move(text)});
    else out.push_back({label_, 0, 0, std::move(text)});
  }

  // Whether the value at `path` is what was given, not a default left where the reader
  // reported that field or a part of it ("touchpoints[2].service" for "...service.mean").
  [[nodiscard]] bool given(const std::string& path) const {
    if (!places_) return true;
    const auto& unread = places_->unread;
    for (auto it = unread.lower_bound(path); it != unread.end() && it->starts_with(path); ++it) {
      const std::string_view rest = std::string_view(*it).substr(path.size());
      if (rest.empty() || rest.front() == '.' || rest.front() == '[') return false;
    }
    return true;
  }

  [[nodiscard]] const ScenarioPlaces* places() const { return places_; }
  // Read from YAML with problems already reported: references may be kNoIndex, values defaults.
  [[nodiscard]] bool partial() const { return places_ && places_->partial; }

  std::vector<Diagnostic> out;

 private:
  const ScenarioPlaces* places_;
  std::string label_;
};

// The noted place of item i, if any (a list shorter than the items notes none for the rest).
template <class P>
std::optional<Place> place_of(const std::vector<P>& places, std::size_t i) {
  if (i < places.size()) return places[i];
  return std::nullopt;
}

std::string item(const std::string& section, std::size_t i) { return section + "[" + std::to_string(i) + "]"; }

std::string quoted(double v) { return "'" + number_text(v) + "'"; }

// --- Sizes and indices.

void check_index(Report& r, const std::string& path, std::size_t index, std::size_t count, const std::string& what) {
  if (index >= count) r.add(std::nullopt, path, fmt::format("index {} out of range ({} {})", index, count, what));
}

void check_entry_indices(Report& r, const std::string& path, const std::vector<WeightedTouchpoint>& entry,
                         std::size_t touchpoints) {
  for (std::size_t j = 0; j < entry.size(); ++j)
    check_index(r, item(path, j) + ".touchpoint", entry[j].touchpoint, touchpoints, "touchpoints");
}

void check_structure(const Scenario& s, Report& r) {
  const std::size_t n = s.touchpoints.size();
  if (s.transitions.size() != n)
    r.add(std::nullopt, "transitions", fmt::format("{} transition lists for {} touchpoints (one per touchpoint)",
                                                   s.transitions.size(), n));
  for (std::size_t i = 0; i < n; ++i) {
    const std::string path = item("touchpoints", i);
    check_index(r, path + ".channel", s.touchpoints[i].channel, s.channels.size(), "channels");
    check_index(r, path + ".stage", s.touchpoints[i].stage, s.stages.size(), "stages");
    if (i >= s.transitions.size()) continue;
    for (std::size_t j = 0; j < s.transitions[i].size(); ++j)
      check_index(r, "transitions from " + path + ".to" + "[" + std::to_string(j) + "]", s.transitions[i][j].to, n,
                  "touchpoints");
  }
  check_entry_indices(r, "entry", s.entry, n);
  for (std::size_t i = 0; i < s.personas.size(); ++i) {
    const Persona& p = s.personas[i];
    if (p.affinity.size() != s.channels.size())
      r.add(std::nullopt, item("personas", i) + ".affinity",
            fmt::format("{} affinities for {} channels (one per channel)", p.affinity.size(), s.channels.size()));
    check_entry_indices(r, item("personas", i) + ".entry", p.entry, n);
  }
}

// --- Lists and ids.

// Built in code only: the reader reports an empty or missing list itself, where it is written.
void check_not_empty(const Scenario& s, Report& r) {
  if (r.places()) return;
  const std::pair<const char*, bool> lists[] = {{"stages", s.stages.empty()},
                                                {"channels", s.channels.empty()},
                                                {"touchpoints", s.touchpoints.empty()},
                                                {"entry", s.entry.empty()},
                                                {"personas", s.personas.empty()}};
  for (const auto& [path, empty] : lists)
    if (empty) r.add(std::nullopt, path, "expected a non-empty list");
}

// One section's ids: each non-empty (the reader reports a missing or malformed one itself, and
// leaves it empty) and unique. Returns which items repeat an earlier id.
std::vector<bool> check_ids(Report& r, const std::string& section, const std::string& what,
                            const std::vector<std::string>& ids, const std::vector<std::optional<Place>>* places,
                            bool item_is_id) {
  const auto id_path = [&](std::size_t i) { return item(section, i) + (item_is_id ? "" : ".id"); };
  std::vector<bool> repeated(ids.size(), false);
  std::unordered_map<std::string, std::size_t> first;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (ids[i].empty()) {
      if (!r.places()) r.add(std::nullopt, id_path(i), "expected a non-empty id");
      continue;
    }
    const auto [it, added] = first.emplace(ids[i], i);
    if (added) continue;
    repeated[i] = true;
    const auto here = places ? place_of(*places, i) : std::nullopt;
    const auto there = places ? place_of(*places, it->second) : std::nullopt;
    const std::string first_at = here && there ? yaml::where(*there, *here) : id_path(it->second);
    r.add(here, id_path(i), "duplicate " + what + " id '" + ids[i] + "' (first defined at " + first_at + ")");
  }
  return repeated;
}

template <class T>
std::vector<std::string> ids_of(const std::vector<T>& items) {
  std::vector<std::string> ids;
  for (const auto& x : items) ids.push_back(x.id);
  return ids;
}

// --- Values. A value the reader refused is held at its (valid) default, so on the YAML path
// these report nothing: the reader has told the value as written.

bool check_range(Report& r, const std::string& path, double v, Range range) {
  const auto why = out_of_range(v, range);
  if (why) r.add(std::nullopt, path, *why + ", got " + quoted(v));
  return !why;
}

void check_range(Report& r, const std::string& path, double v, double lo, double hi) {
  if (const auto why = out_of_range(v, lo, hi)) r.add(std::nullopt, path, *why + ", got " + quoted(v));
}

void check_integer(Report& r, const std::string& path, std::uint64_t v, std::uint64_t lo, std::uint64_t hi) {
  if (v < lo || v > hi) r.add(std::nullopt, path, fmt::format("expected an integer in [{}, {}], got '{}'", lo, hi, v));
}

// A distribution of durations or money (`range`), named as the reader names its parts.
void check_distribution(Report& r, const std::string& path, const Distribution& d, Range range) {
  using Kind = Distribution::Kind;
  const auto positive = [&](const std::string& at, double v, Range in) {
    if (check_range(r, at, v, in) && !(v > 0)) r.add(std::nullopt, at, "expected a value > 0, got " + quoted(v));
  };
  switch (d.kind) {
    case Kind::None: break;
    case Kind::Fixed: check_range(r, path, d.a, range); break;
    case Kind::Exponential: positive(path + ".mean", d.a, range); break;
    case Kind::Lognormal: {
      // A duration's lognormal is bounded by its median (the reader's rule), not by its moments.
      const Range moments = range == Range::Money ? Range::Money : Range::AnyDuration;
      positive(path + ".mean", d.a, moments);
      check_range(r, path + ".sd", d.b, moments);
      break;
    }
    case Kind::Uniform:
      if (check_range(r, path + ".min", d.a, range) && check_range(r, path + ".max", d.b, range) && d.a > d.b)
        r.add(std::nullopt, path + ".max", "expected max >= min (" + number_text(d.a) + "), got " + number_text(d.b));
      break;
    case Kind::Empirical:
      if (d.values.empty() || d.cumulative.size() != d.values.size())
        r.add(std::nullopt, path + ".values", "expected a non-empty list, with one cumulative weight per value");
      for (std::size_t i = 0; i < d.values.size(); ++i) check_range(r, item(path + ".values", i), d.values[i], range);
      break;
  }
}

void check_weights(Report& r, const std::string& path, const std::vector<WeightedTouchpoint>& entry) {
  for (std::size_t j = 0; j < entry.size(); ++j)
    check_range(r, item(path, j) + ".weight", entry[j].weight, Range::NonNegative);
}

// Each engine window is state in memory (limits.hpp): a window tiny against the horizon is refused.
void check_windows(const Scenario& s, Report& r) {
  const double windows = s.horizon_seconds() / s.window;
  if (s.window <= 0 || windows <= limits::kMaxWindows) return;
  r.add(r.places() ? r.places()->window : std::nullopt, "scenario.window",
        fmt::format("window {:g} s over horizon {:g} s makes {:.3g} engine windows, more than the "
                    "{:g} allowed: use a window of at least {:g} s",
                    s.window, s.horizon_seconds(), windows, limits::kMaxWindows,
                    s.horizon_seconds() / limits::kMaxWindows));
}

void check_settings(const Scenario& s, Report& r) {
  check_integer(r, "scenario.population", s.population, 1, limits::kMaxPopulation);
  check_integer(r, "scenario.max_steps", s.max_steps, 1, std::numeric_limits<std::uint32_t>::max());
  check_range(r, "scenario.horizon", s.horizon_seconds(), Range::Duration);
  check_range(r, "scenario.silence_threshold", s.silence_threshold, Range::Duration);
  if (s.window != 0) check_range(r, "scenario.window", s.window, Range::PositiveDuration);
  check_windows(s, r);
  for (std::size_t c = 0; c < s.channels.size(); ++c)
    if (s.channels[c].integration >= 0)  // < 0: design.integration
      check_range(r, item("channels", c) + ".integration", s.channels[c].integration, Range::Probability);
}

// A queue needs the time it takes to serve and a horizon to happen in.
void check_capacity(const Scenario& s, Report& r, std::size_t i) {
  const Touchpoint& tp = s.touchpoints[i];
  if (tp.servers == 0) return;
  const std::string path = item("touchpoints", i);
  const auto at = r.places() ? place_of(r.places()->servers, i) : std::nullopt;
  if (tp.service.is_none() && r.given(path + ".service"))
    r.add(at, path + ".servers", "servers > 0 requires 'service' (the time spent being served)");
  if (!s.timed() && r.given("scenario.horizon"))
    r.add(at, path + ".servers",
          "servers > 0 requires scenario.horizon (a queue needs time: without a horizon every agent "
          "starts at time 0); add a horizon such as 28d, or use servers: 0 for unlimited capacity");
}

void check_touchpoints(const Scenario& s, Report& r) {
  for (std::size_t i = 0; i < s.touchpoints.size(); ++i) {
    const Touchpoint& tp = s.touchpoints[i];
    const std::string path = item("touchpoints", i);
    check_range(r, path + ".friction", tp.friction, Range::Probability);
    check_range(r, path + ".cost", tp.cost, Range::Money);
    check_distribution(r, path + ".service", tp.service, Range::Duration);
    check_integer(r, path + ".servers", tp.servers, 0, limits::kMaxServers);
    check_distribution(r, path + ".order_value", tp.order_value, Range::Money);
    check_range(r, path + ".service_quality", tp.service_quality, Range::NonNegative);
    check_range(r, path + ".fixed_cost", tp.fixed_cost, Range::Money);
    check_range(r, path + ".server_cost", tp.server_cost, Range::Money);
    check_capacity(s, r, i);
    if (tp.kind == TouchpointKind::Conversion && tp.order_value.is_none() && r.given(path + ".order_value"))
      r.add(r.places() ? place_of(r.places()->touchpoints, i) : std::nullopt, path,
            "missing required key 'order_value' (required for kind: conversion)");
    if (i >= s.transitions.size()) continue;  // partly read: already reported
    const std::string moves = "transitions from " + path + ".to";
    for (std::size_t j = 0; j < s.transitions[i].size(); ++j) {
      check_range(r, item(moves, j) + ".weight", s.transitions[i][j].weight, Range::NonNegative);
      check_distribution(r, item(moves, j) + ".delay", s.transitions[i][j].delay, Range::Duration);
    }
  }
  check_weights(r, "entry", s.entry);
}

void check_persona(const Scenario& s, Report& r, std::size_t i) {
  const Persona& p = s.personas[i];
  const std::string path = item("personas", i);
  check_range(r, path + ".share", p.share, Range::Probability);
  for (std::size_t c = 0; c < p.affinity.size() && c < s.channels.size(); ++c)
    check_range(r, path + ".affinity." + s.channels[c].id, p.affinity[c], Range::NonNegative);
  check_range(r, path + ".friction_sensitivity", p.friction_sensitivity, Range::NonNegative);
  check_range(r, path + ".order_value_multiplier", p.order_value_multiplier, 0, limits::kMaxOrderValueMultiplier);
  check_weights(r, path + ".entry", p.entry);
  check_distribution(r, path + ".patience", p.patience, Range::Duration);
  check_distribution(r, path + ".retry_delay", p.retry_delay, Range::Duration);
  check_range(r, path + ".base_satisfaction", p.base_satisfaction, 0, 10);
  check_range(r, path + ".repeat_probability", p.repeat_probability, Range::Probability);
  check_distribution(r, path + ".repeat_delay", p.repeat_delay, Range::Duration);
}

// The personas are a mix: their shares sum to 1. Read from YAML, only when every share was read.
void check_shares(const Scenario& s, Report& r) {
  const ScenarioPlaces* places = r.places();
  if (places && (!places->persona_list || !places->shares_read)) return;
  double total = 0.0;
  for (const Persona& p : s.personas) total += p.share;
  if (s.personas.empty() || std::abs(total - 1.0) <= 1e-6) return;
  std::ostringstream sum;
  sum.precision(10);
  sum << total;
  r.add(places ? places->persona_list : std::nullopt, "personas",
        "persona shares sum to " + sum.str() + ", expected 1 (within 1e-6)");
}

// A profile that is zero in every hour of the horizon brings no one: a run of 0 customers
// would report nothing as if all were fine, so it is an error.
void check_some_arrivals(const Scenario& s, Report& r) {
  for (std::size_t h = 0; h < 24; ++h) check_range(r, item("arrivals.hourly", h), s.arrivals.hourly[h], Range::NonNegative);
  for (std::size_t d = 0; d < 7; ++d) check_range(r, item("arrivals.weekly", d), s.arrivals.weekly[d], Range::NonNegative);
  const auto hours = static_cast<std::size_t>(std::ceil(s.horizon_seconds() / 3600.0));
  for (std::size_t h = 0; h < hours && h < 168; ++h)
    if (s.arrivals.rate_multiplier(h) > 0) return;
  if (hours > 0)
    r.add(r.places() ? r.places()->arrivals : std::nullopt, "arrivals",
          fmt::format("the hourly x weekly profile is zero in every hour of the horizon ({:g} h from Monday "
                      "00:00), so no customer would arrive: give an hour within the horizon a weight > 0",
                      s.horizon_seconds() / 3600.0));
}

void check_design(const Scenario& s, Report& r) {
  for (const auto& k : kDesignKeys) check_range(r, "design." + std::string(k.key), s.design.*k.member, k.range);
}

// --- The journey graph.

// Read from YAML, a touchpoint has transitions when it is listed as `from` (a list that failed to
// read is reported already); built in code, when it has any.
void check_transitions_present(const Scenario& s, Report& r, const std::vector<bool>& repeated_id) {
  for (std::size_t i = 0; i < s.touchpoints.size(); ++i) {
    const Touchpoint& tp = s.touchpoints[i];
    if (tp.terminal() || tp.id.empty() || repeated_id[i]) continue;  // a bad id: already reported
    const bool listed = r.places() ? place_of(r.places()->from, i).has_value() : !s.transitions[i].empty();
    if (listed) continue;
    r.add(r.places() ? place_of(r.places()->touchpoints, i) : std::nullopt, item("touchpoints", i),
          "regular touchpoint '" + tp.id +
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

void check_reachability(const Scenario& s, Report& r) {
  // Affinities only ever remove transitions, so when the scenario's own graph (its entry, all
  // affinities 1) reaches no conversion, no persona using that entry can: say so once, at `entry`.
  const bool graph_ok = reaches_conversion(s, s.entry, std::vector<double>(s.channels.size(), 1.0));
  bool entry_reported = false;
  for (Index i = 0; i < s.personas.size(); ++i) {
    const Persona& p = s.personas[i];
    if (reaches_conversion(s, s.entry_for(p), p.affinity)) continue;
    if (p.entry.empty() && !graph_ok) {
      if (!entry_reported)
        r.add(r.places() ? std::optional(r.places()->entry) : std::nullopt, "entry",
              "no conversion touchpoint is reachable from the entry touchpoints (along transitions with weight > 0)");
      entry_reported = true;
    } else {
      r.add(r.places() ? place_of(r.places()->personas, i) : std::nullopt, item("personas", i),
            "no conversion touchpoint is reachable for persona '" + p.id +
                "' (from its entry touchpoints, along transitions with weight x affinity > 0)");
    }
  }
}

}  // namespace

std::vector<Diagnostic> validate_structure(const Scenario& s) {
  Report r(s, nullptr);
  check_structure(s, r);
  return std::move(r.out);
}

std::vector<Diagnostic> validate(const Scenario& s, const ScenarioPlaces* places) {
  Report r(s, places);
  // A partly read scenario holds kNoIndex where a reference was reported; what follows never
  // follows an index there (reachability waits for a scenario read cleanly).
  if (!r.partial()) {
    check_structure(s, r);
    if (!r.out.empty()) return std::move(r.out);  // what follows would index out of range
  }
  check_not_empty(s, r);
  (void)check_ids(r, "stages", "stage", s.stages, places ? &places->stages : nullptr, true);
  (void)check_ids(r, "channels", "channel", ids_of(s.channels), places ? &places->channels : nullptr, false);
  const std::vector<bool> repeated = check_ids(r, "touchpoints", "touchpoint", ids_of(s.touchpoints),
                                               places ? &places->touchpoint_ids : nullptr, false);
  (void)check_ids(r, "personas", "persona", ids_of(s.personas), places ? &places->persona_ids : nullptr, false);
  check_settings(s, r);
  check_touchpoints(s, r);
  for (std::size_t i = 0; i < s.personas.size(); ++i) check_persona(s, r, i);
  check_shares(s, r);
  check_some_arrivals(s, r);
  check_design(s, r);
  check_transitions_present(s, r, repeated);
  // Reachability on a scenario with other problems would give misleading answers.
  if (!r.partial() && r.out.empty()) check_reachability(s, r);
  return std::move(r.out);
}

void throw_if_invalid(const Scenario& s) {
  if (auto problems = validate(s); !problems.empty()) throw ScenarioError(std::move(problems));
}

}  // namespace jsim
