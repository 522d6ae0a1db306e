#include "model/scenario.hpp"

#include <algorithm>
#include <cmath>

#include "model/error.hpp"

namespace jsim {

bool OpeningHours::is_open(double t) const {
  if (always_open) return true;
  const auto hour = static_cast<std::int64_t>(std::floor(t / 3600.0));
  return open[static_cast<std::size_t>(((hour % 168) + 168) % 168)];
}

double OpeningHours::next_open_slow(double t) const {
  if (is_open(t)) return t;
  auto hour = static_cast<std::int64_t>(std::floor(t / 3600.0));
  for (int i = 1; i <= 168; ++i) {  // validation guarantees at least one open hour
    if (open[static_cast<std::size_t>(((hour + i) % 168 + 168) % 168)]) return static_cast<double>(hour + i) * 3600.0;
  }
  return t;
}

double OpeningHours::open_period_length(double opening) const {
  if (always_open) return 0.0;
  double end = std::floor(opening / 3600.0) * 3600.0;
  for (int i = 0; i < 168 && is_open(end); ++i) end += 3600.0;
  return end - opening;
}

double OpeningHours::open_seconds(double horizon) const {
  if (always_open) return horizon;
  double open_s = 0.0;
  for (double h = 0.0; h < horizon; h += 3600.0)
    if (is_open(h)) open_s += std::min(3600.0, horizon - h);
  return open_s;
}

bool Scenario::has_capacity_limits() const {
  for (const auto& tp : touchpoints)
    if (tp.capacity_limited()) return true;
  return false;
}

double Scenario::base_abandonment(const Persona& p, Index touchpoint) const {
  const Touchpoint& tp = touchpoints[touchpoint];
  const double trust = tp.stage == 0 ? 1.0 + design.trust_penalty * (1.0 - design.consistent_messaging) : 1.0;
  return std::clamp(tp.friction * p.friction_sensitivity * trust, 0.0, 1.0);
}

double Scenario::move_weight(const Persona& p, const Transition& t) const {
  const Touchpoint& to = touchpoints[t.to];
  // Personalisation needs unified data: recommendations lift personalised targets.
  const double lift = to.personalised ? 1.0 + design.personalisation_lift * design.personalisation * design.integration : 1.0;
  return t.weight * p.affinity[to.channel] * lift;
}

std::optional<Index> Scenario::find_touchpoint(const std::string& id) const {
  for (Index i = 0; i < touchpoints.size(); ++i)
    if (touchpoints[i].id == id) return i;
  return std::nullopt;
}

Index Scenario::touchpoint_index(const std::string& id) const {
  if (auto i = find_touchpoint(id)) return *i;
  throw Error("unknown touchpoint '" + id + "' in scenario '" + name + "'");
}

const char* to_string(ChannelKind k) {
  switch (k) {
    case ChannelKind::Digital: return "digital";
    case ChannelKind::Physical: return "physical";
    case ChannelKind::Assisted: return "assisted";
  }
  return "?";
}

const char* to_string(TouchpointKind k) {
  switch (k) {
    case TouchpointKind::Regular: return "regular";
    case TouchpointKind::Conversion: return "conversion";
    case TouchpointKind::Exit: return "exit";
  }
  return "?";
}

}  // namespace jsim
