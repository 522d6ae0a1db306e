#include "model/loader.hpp"

#include "model/calendar_time.hpp"

#include <algorithm>
#include <limits>
#include <unordered_map>

#include "model/error.hpp"
#include "model/limits.hpp"
#include "model/overlay.hpp"
#include "model/overrides.hpp"
#include "model/scenario_keys.hpp"
#include "model/validation.hpp"
#include "model/value_ranges.hpp"
#include "model/yaml_reader.hpp"

namespace jsim {

namespace {

namespace fs = std::filesystem;
using yaml::Field;
using yaml::Place;
using yaml::Quantity;
using yaml::Reader;
using yaml::where;

constexpr std::uint64_t kMaxU32 = std::numeric_limits<std::uint32_t>::max();
constexpr std::uint64_t kMaxU64 = std::numeric_limits<std::uint64_t>::max();

constexpr std::array<std::pair<std::string_view, ChannelKind>, 3> kChannelKinds{{
    {"digital", ChannelKind::Digital},
    {"physical", ChannelKind::Physical},
    {"assisted", ChannelKind::Assisted},
}};
constexpr std::array<std::pair<std::string_view, TouchpointKind>, 3> kTouchpointKinds{{
    {"regular", TouchpointKind::Regular},
    {"conversion", TouchpointKind::Conversion},
    {"exit", TouchpointKind::Exit},
}};
constexpr std::array<std::pair<std::string_view, int>, 7> kDays{{
    {"mon", 0}, {"tue", 1}, {"wed", 2}, {"thu", 3}, {"fri", 4}, {"sat", 5}, {"sun", 6},
}};

}  // namespace

std::vector<std::string_view> design_keys() {
  std::vector<std::string_view> names;
  for (const auto& k : kDesignKeys) names.push_back(k.key);
  return names;
}

namespace {

// A number in `range`: durations may be written with a unit.
std::optional<double> read_in(Reader& r, const Field& f, Range range) {
  const bool duration = range == Range::Duration || range == Range::PositiveDuration || range == Range::AnyDuration;
  return duration ? r.duration_in(f, range) : r.number_in(f, range);
}

// The ids of one section, so that references resolve to indices.
class IdTable {
 public:
  explicit IdTable(std::string what) : what_(std::move(what)) {}

  // Registers the id written at `f` as item `index` (a duplicate keeps the first: validate()
  // reports it); reports a malformed id. Returns the id, or nothing when it is malformed.
  std::optional<std::string> add(Reader& r, const Field& f, Index index) {
    const auto id = r.id(f);
    if (!id || index_.contains(*id)) return id;
    index_.emplace(*id, ids_.size());
    ids_.push_back(*id);
    indices_.push_back(index);
    return id;
  }

  // Resolves a reference written at `f`; reports an unknown id, listing the known ones.
  std::optional<Index> resolve(Reader& r, const Field& f) const {
    if (!f.node.IsScalar()) {
      r.error(f, "expected a " + what_ + " id, got " + yaml::describe(f.node));
      return std::nullopt;
    }
    if (const auto it = index_.find(f.node.Scalar()); it != index_.end()) return indices_[it->second];
    r.error(f, "unknown " + what_ + " " + yaml::describe(f.node) + " (expected one of: " + yaml::join_names(ids_) + ")");
    return std::nullopt;
  }

 private:
  std::string what_;
  std::unordered_map<std::string, std::size_t> index_;  // id -> position in ids_
  std::vector<std::string> ids_;
  std::vector<Index> indices_;  // position in the scenario's own list
};

// Notes that item `index` of a section was written at `at`.
void note_place(std::vector<std::optional<Place>>& places, Index index, const Place& at) {
  if (places.size() <= index) places.resize(index + 1);
  places[index] = at;
}

// Reads `f` as the id of item `index` of `table`, noting in `places` where it was written
// (for validate() to report duplicates). Returns "" when it is missing or malformed.
std::string add_id(Reader& r, const Field& f, IdTable& table, Index index, std::vector<std::optional<Place>>& places) {
  const auto id = table.add(r, f, index);
  if (id) note_place(places, index, r.place(f));
  return id.value_or("");
}

// Reads map.id (the one helper for "id" fields).
std::string read_id(Reader& r, const Field& map, IdTable& table, Index index, std::vector<std::optional<Place>>& places) {
  const auto f = r.required(map, "id");
  return f ? add_id(r, *f, table, index, places) : std::string();
}

std::vector<WeightedTouchpoint> to_weighted(const std::vector<Transition>& targets) {
  std::vector<WeightedTouchpoint> out;
  for (const auto& t : targets) out.push_back({t.to, t.weight});
  return out;
}

// Builds a Scenario section by section from a resolved document (model/overlay.hpp): `extends`
// and the persona include are followed, and every field knows the file it came from.
class ScenarioBuilder {
 public:
  ScenarioBuilder(Reader& r, std::vector<Diagnostic>& sink) : r_(r), sink_(sink) {}

  Scenario build(const Field& top) {
    s_.arrivals.hourly.fill(1.0);
    s_.arrivals.weekly.fill(1.0);
    if (!r_.map(top, keys::kTop)) return s_;
    // Order matters: each section refers to ids defined by the ones before it.
    if (const auto f = r_.required(top, "scenario")) read_settings(*f);
    if (const auto f = r_.required(top, "stages")) read_stages(*f);
    if (const auto f = r_.required(top, "channels")) read_channels(*f);
    if (const auto f = r_.required(top, "touchpoints")) read_touchpoints(*f);
    s_.transitions.resize(s_.touchpoints.size());
    places_.from.resize(s_.touchpoints.size());
    if (const auto f = r_.required(top, "transitions")) read_transitions(*f);
    if (const auto f = r_.required(top, "entry")) {
      places_.entry = r_.place(*f);
      s_.entry = to_weighted(read_targets(*f, false));
    }
    if (const auto f = r_.required(top, "personas")) read_personas(*f);
    if (const auto f = r_.field(top, "arrivals")) read_arrivals(*f);
    if (const auto f = r_.field(top, "design")) read_design(*f);
    places_.unread = r_.reported();
    places_.partial = !sink_.empty();
    const auto problems = validate(s_, &places_);
    sink_.insert(sink_.end(), problems.begin(), problems.end());
    return s_;
  }

 private:
  void read_settings(const Field& f) {
    if (!r_.map(f, keys::kSettings)) return;
    if (const auto x = r_.required(f, "name")) s_.name = r_.id(*x).value_or("");
    if (const auto x = r_.field(f, "description")) s_.description = r_.text(*x).value_or("");
    if (const auto x = r_.required(f, "seed")) s_.seed = r_.integer(*x, 0, kMaxU64).value_or(s_.seed);
    if (const auto x = r_.required(f, "population")) s_.population = r_.integer(*x, 1, limits::kMaxPopulation).value_or(s_.population);
    if (const auto x = r_.field(f, "max_steps"))
      s_.max_steps = static_cast<std::uint32_t>(r_.integer(*x, 1, kMaxU32).value_or(s_.max_steps));
    if (const auto x = r_.field(f, "horizon")) {
      const auto d = r_.duration(*x);
      if (d) s_.horizon_days = *d / 86400.0;
    }
    if (const auto x = r_.field(f, "silence_threshold")) s_.silence_threshold = r_.duration(*x).value_or(s_.silence_threshold);
    if (const auto x = r_.field(f, "window")) {
      s_.window = r_.positive_duration(*x).value_or(s_.window);
      places_.window = r_.place(*x);
    }
    if (const auto x = r_.field(f, "start")) {
      const auto t = parse_iso8601(r_.text(*x).value_or(""));
      if (t) s_.start = *t;
      else r_.error(*x, "expected an ISO 8601 date or date-time such as 2024-01-01 or 2024-01-01T08:00:00Z");
    }
  }

  void read_stages(const Field& f) {
    const auto items = r_.list(f, 1);
    if (!items) return;
    for (const auto& item : *items) {
      s_.stages.push_back(add_id(r_, item, stages_, static_cast<Index>(s_.stages.size()), places_.stages));
    }
  }

  void read_channels(const Field& f) {
    const auto items = r_.list(f, 1);
    if (!items) return;
    for (const auto& item : *items) {
      Channel c;
      if (r_.map(item, keys::kChannel)) {
        c.id = read_id(r_, item, channels_, static_cast<Index>(s_.channels.size()), places_.channels);
        if (const auto k = r_.required(item, "kind")) c.kind = r_.choice(*k, "channel kind", kChannelKinds).value_or(c.kind);
        // Absent: the struct's -1, which means design.integration.
        if (const auto x = r_.field(item, "integration")) c.integration = r_.probability(*x).value_or(c.integration);
      }
      s_.channels.push_back(c);  // always, so that indices follow the list
    }
  }

  // map.key as a reference into `table`; kNoIndex when absent or unknown (already reported).
  Index reference(const Field& map, std::string_view key, const IdTable& table) {
    const auto f = r_.required(map, key);
    return f ? table.resolve(r_, *f).value_or(kNoIndex) : kNoIndex;
  }

  void read_touchpoints(const Field& f) {
    const auto items = r_.list(f, 1);
    if (!items) return;
    for (const auto& item : *items) {
      places_.touchpoints.push_back(r_.place(item));
      s_.touchpoints.push_back(read_touchpoint(item, static_cast<Index>(s_.touchpoints.size())));
    }
  }

  Touchpoint read_touchpoint(const Field& f, Index index) {
    Touchpoint tp;
    if (!r_.map(f, keys::kTouchpoint)) return tp;
    tp.id = read_id(r_, f, touchpoints_, index, places_.touchpoint_ids);
    tp.channel = reference(f, "channel", channels_);
    tp.stage = reference(f, "stage", stages_);
    if (const auto x = r_.field(f, "kind")) tp.kind = r_.choice(*x, "kind", kTouchpointKinds).value_or(tp.kind);
    if (const auto x = r_.field(f, "friction")) tp.friction = r_.probability(*x).value_or(tp.friction);
    if (const auto x = r_.field(f, "cost")) tp.cost = r_.money(*x).value_or(tp.cost);
    const auto service = r_.field(f, "service");
    if (service) tp.service = r_.distribution(*service, Quantity::Duration).value_or(tp.service);
    if (const auto x = r_.field(f, "servers")) {
      tp.servers = static_cast<std::uint32_t>(r_.integer(*x, 0, limits::kMaxServers).value_or(0));
      note_place(places_.servers, index, r_.place(*x));
    }
    if (const auto x = r_.field(f, "hours")) tp.hours = read_hours(*x);
    if (const auto x = r_.field(f, "order_value"))
      tp.order_value = r_.distribution(*x, Quantity::Money).value_or(tp.order_value);
    if (const auto x = r_.field(f, "service_quality")) tp.service_quality = r_.non_negative(*x).value_or(tp.service_quality);
    if (const auto x = r_.field(f, "personalised")) tp.personalised = r_.boolean(*x).value_or(tp.personalised);
    if (const auto x = r_.field(f, "cart")) tp.cart = r_.boolean(*x).value_or(tp.cart);
    if (const auto x = r_.field(f, "fixed_cost")) tp.fixed_cost = r_.money(*x).value_or(tp.fixed_cost);
    if (const auto x = r_.field(f, "server_cost")) tp.server_cost = r_.money(*x).value_or(tp.server_cost);
    return tp;
  }

  OpeningHours read_hours(const Field& f) {
    OpeningHours h;  // always open unless fully valid
    if (!r_.map(f, keys::kHours)) return h;
    const auto open_field = r_.required(f, "open");
    const auto close_field = r_.required(f, "close");
    std::optional<std::uint64_t> open, close;
    if (open_field) open = r_.integer(*open_field, 0, 24);
    if (close_field) close = r_.integer(*close_field, 0, 24);
    const bool hours_ok = open && close && *open < *close;
    if (open && close && !hours_ok)
      r_.error(*close_field, "expected close > open (" + std::to_string(*open) + "), got " + yaml::describe(close_field->node));
    const auto days_field = r_.required(f, "days");
    const auto days = days_field ? r_.list(*days_field, 1) : std::nullopt;
    std::vector<int> day_indices;
    if (days)
      for (const auto& d : *days)
        if (const auto day = r_.choice(d, "day", kDays)) day_indices.push_back(*day);
    if (!hours_ok || !days || day_indices.size() != days->size()) return h;
    h.always_open = false;
    for (int day : day_indices)
      for (auto hour = *open; hour < *close; ++hour) h.open[static_cast<std::size_t>(day) * 24 + hour] = true;
    return h;
  }

  void read_transitions(const Field& f) {
    const auto items = r_.list(f);
    if (!items) return;
    for (const auto& item : *items) {
      if (!r_.map(item, keys::kTransition)) continue;
      const auto from_field = r_.required(item, "from");
      std::optional<Index> from;
      if (from_field) from = touchpoints_.resolve(r_, *from_field);
      const auto to_field = r_.required(item, "to");
      auto targets = to_field ? read_targets(*to_field, true) : std::vector<Transition>{};
      if (!from) continue;
      const Touchpoint& tp = s_.touchpoints[*from];
      // A conversion may lead on (post-purchase journeys, v3); an exit always ends the journey.
      if (tp.kind == TouchpointKind::Exit) {
        r_.error(*from_field, "touchpoint '" + tp.id + "' is kind: exit, which ends the journey, so it must not have transitions");
      } else if (const auto& first = places_.from[*from]) {
        r_.error(*from_field, "touchpoint '" + tp.id + "' is already listed as 'from' (at " +
                                  where(*first, r_.place(*from_field)) + ")");
      } else {
        places_.from[*from] = r_.place(*from_field);
        s_.transitions[*from] = std::move(targets);
      }
    }
  }

  // A non-empty list of {touchpoint, weight} (and `delay` in transitions), weights not all zero:
  // transitions' `to`, and the scenario's and personas' `entry`.
  std::vector<Transition> read_targets(const Field& f, bool with_delay) {
    std::vector<Transition> out;
    const auto items = r_.list(f, 1);
    if (!items) return out;
    std::vector<double> weights;
    bool weights_ok = true;
    for (const auto& item : *items) {
      const bool is_map = with_delay ? r_.map(item, keys::kTarget) : r_.map(item, keys::kEntry);
      if (!is_map) {
        weights_ok = false;
        continue;
      }
      const auto tp_field = r_.required(item, "touchpoint");
      const auto to = tp_field ? touchpoints_.resolve(r_, *tp_field) : std::nullopt;
      const auto weight_field = r_.required(item, "weight");
      std::optional<double> weight;
      if (weight_field) weight = r_.non_negative(*weight_field);
      Transition t;
      if (const auto d = with_delay ? r_.field(item, "delay") : std::nullopt)
        t.delay = r_.distribution(*d, Quantity::Duration).value_or(t.delay);
      if (weight) weights.push_back(*weight);
      weights_ok = weights_ok && weight;
      if (!to || !weight) continue;
      t.to = *to;
      t.weight = *weight;
      out.push_back(std::move(t));
    }
    if (weights_ok) r_.not_all_zero(f, weights);
    return out;
  }

  // The list of personas: a file's {include: PATH} is replaced by its list when the document is resolved.
  void read_personas(const Field& f) {
    // A mapping here is an include that could not be followed, which is reported already
    // (model/overlay.cpp); reading it as a list would say so twice.
    if (f.node.IsMap() && r_.field(f, "include") && !sink_.empty()) return;
    read_persona_list(f);
  }

  void read_persona_list(const Field& f) {
    const auto items = r_.list(f, 1);
    if (!items) return;
    IdTable ids("persona");
    bool shares_ok = true;
    for (const auto& item : *items) {
      places_.personas.push_back(r_.place(item));
      s_.personas.push_back(read_persona(item, ids, shares_ok));
    }
    places_.persona_list = r_.place(f);
    places_.shares_read = shares_ok;
  }

  // Reads one persona; shares_ok becomes false when its share is missing or invalid.
  Persona read_persona(const Field& f, IdTable& ids, bool& shares_ok) {
    Persona p;
    p.affinity.assign(s_.channels.size(), 1.0);
    p.retry_delay = Distribution::fixed(3600.0);
    p.repeat_delay = Distribution::exponential(30 * 86400.0);
    if (!r_.map(f, keys::kPersona)) {
      shares_ok = false;
      return p;
    }
    p.id = read_id(r_, f, ids, static_cast<Index>(s_.personas.size()), places_.persona_ids);
    const auto share_field = r_.required(f, "share");
    const auto share = share_field ? r_.probability(*share_field) : std::nullopt;
    shares_ok = shares_ok && share;
    p.share = share.value_or(0.0);
    if (const auto x = r_.field(f, "affinity")) read_affinity(*x, p.affinity);
    if (const auto x = r_.field(f, "friction_sensitivity"))
      p.friction_sensitivity = r_.non_negative(*x).value_or(p.friction_sensitivity);
    if (const auto x = r_.field(f, "order_value_multiplier"))
      p.order_value_multiplier = r_.number_in(*x, 0, limits::kMaxOrderValueMultiplier).value_or(p.order_value_multiplier);
    if (const auto x = r_.field(f, "entry")) p.entry = to_weighted(read_targets(*x, false));
    if (const auto x = r_.field(f, "patience")) p.patience = r_.distribution(*x, Quantity::Duration).value_or(p.patience);
    if (const auto x = r_.field(f, "max_retries"))
      p.max_retries = static_cast<std::uint32_t>(r_.integer(*x, 0, kMaxU32).value_or(p.max_retries));
    if (const auto x = r_.field(f, "retry_delay"))
      p.retry_delay = r_.distribution(*x, Quantity::Duration).value_or(p.retry_delay);
    if (const auto x = r_.field(f, "base_satisfaction")) p.base_satisfaction = r_.number_in(*x, 0, 10).value_or(p.base_satisfaction);
    if (const auto x = r_.field(f, "repeat_probability"))
      p.repeat_probability = r_.probability(*x).value_or(p.repeat_probability);
    if (const auto x = r_.field(f, "repeat_delay"))
      p.repeat_delay = r_.distribution(*x, Quantity::Duration).value_or(p.repeat_delay);
    return p;
  }

  // {channel id: number >= 0}; channels not named keep affinity 1.
  void read_affinity(const Field& f, std::vector<double>& affinity) {
    const auto pairs = r_.entries(f);
    if (!pairs) return;
    for (const auto& [key, value] : *pairs) {
      const auto channel = channels_.resolve(r_, key);
      const auto a = r_.non_negative(value);
      if (channel && a) affinity[*channel] = *a;
    }
  }

  void read_arrivals(const Field& f) {
    if (!r_.map(f, keys::kArrivals)) return;
    places_.arrivals = r_.place(f);
    if (const auto x = r_.field(f, "hourly"))
      if (const auto w = r_.weights(*x, 24)) std::copy(w->begin(), w->end(), s_.arrivals.hourly.begin());
    if (const auto x = r_.field(f, "weekly"))
      if (const auto w = r_.weights(*x, 7)) std::copy(w->begin(), w->end(), s_.arrivals.weekly.begin());
  }

  void read_design(const Field& f) {
    if (!r_.map(f, design_keys())) return;
    for (const auto& k : kDesignKeys)
      if (const auto x = r_.field(f, k.key)) {
        double& value = s_.design.*k.member;
        value = read_in(r_, *x, k.range).value_or(value);
      }
  }

  Reader& r_;
  std::vector<Diagnostic>& sink_;
  Scenario s_;
  ScenarioPlaces places_;
  IdTable stages_{"stage"};
  IdTable channels_{"channel"};
  IdTable touchpoints_{"touchpoint"};
};

}  // namespace

namespace {

// YAML text of a document (one that failed to be written, which should not happen to what the
// parser produced, says so in a comment rather than failing the load).
std::string emit(const YAML::Node& node) {
  YAML::Emitter out;
  out << node;
  if (!out.good()) return "# (the resolved scenario could not be written as YAML: " + out.GetLastError() + ")\n";
  return std::string(out.c_str()) + "\n";
}

// What was written followed, when other files took part (an overlay's base, a persona include), by
// what it resolves to, as a second YAML document: results then record what ran, all of it.
std::string source_text(const std::string& text, const std::string& resolved) {
  if (resolved.empty()) return text;
  const bool newline = text.empty() || text.back() == '\n';
  return text + (newline ? "" : "\n") +
         "--- # resolved: extends and the persona include followed (--set settings are recorded apart)\n" + resolved;
}

// Every loader entry point: resolves, applies the overrides, reads and validates. `shown`, when
// given, receives the resolved document with the overrides applied, as YAML.
ScenarioPtr load(const std::string& text, const std::string& file_label, const fs::path& base_dir,
                 const std::optional<fs::path>& own_path, const std::vector<Override>& overrides,
                 std::string* shown) {
  std::vector<Diagnostic> diagnostics;
  yaml::Origins origins;  // declared before the reader that points to it
  Reader reader(file_label, diagnostics, &origins);
  Scenario s;
  std::string resolved;
  std::vector<std::string> notes;  // from the overrides
  try {
    if (const auto doc = resolve_document(text, file_label, base_dir, own_path, origins, diagnostics)) {
      if (doc->other_files) resolved = emit(doc->root.node);
      apply_overrides(doc->root.node, file_label, overrides, origins, diagnostics, notes);
      s = ScenarioBuilder(reader, diagnostics).build(doc->root);
      if (shown && diagnostics.empty()) *shown = emit(doc->root.node);
    }
  } catch (const std::exception& e) {
    // A safety net: the readers report bad input themselves, so this would be a loader bug.
    reader.error(Place{file_label, 0, 0}, std::string("internal error while reading the scenario: ") + e.what());
  }
  if (!diagnostics.empty()) throw ScenarioError(std::move(diagnostics));
  s.source_file = file_label;
  s.source_text = source_text(text, resolved);
  s.settings = settings_texts(overrides);
  s.setting_notes = std::move(notes);
  return std::make_shared<const Scenario>(std::move(s));
}

ScenarioPtr load_file(const fs::path& file, const std::vector<Override>& overrides, std::string* shown) {
  std::string why;
  const auto text = read_text(file, why);
  if (!text) throw ScenarioError({Diagnostic{file.string(), 0, 0, "cannot read file: " + why}});
  return load(*text, file.string(), file.parent_path(), file, overrides, shown);
}

}  // namespace

ScenarioPtr load_scenario_text(const std::string& text, const std::string& file_label, const fs::path& base_dir,
                               const std::vector<Override>& overrides) {
  return load(text, file_label, base_dir, std::nullopt, overrides, nullptr);
}

ScenarioPtr load_scenario(const fs::path& file, const std::vector<Override>& overrides) {
  return load_file(file, overrides, nullptr);
}

std::string resolved_yaml(const fs::path& file, const std::vector<Override>& overrides) {
  std::string shown;
  (void)load_file(file, overrides, &shown);
  return shown;
}

}  // namespace jsim
