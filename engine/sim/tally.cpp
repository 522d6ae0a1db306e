#include "sim/tally.hpp"

#include <cmath>

namespace jsim {

Tally::Tally(const Scenario& s, std::uint32_t transitions, std::size_t periods)
    : touchpoints(static_cast<std::uint32_t>(s.touchpoints.size())) {
  const std::size_t pt = s.personas.size() * s.touchpoints.size();
  for (auto* v : {&visits, &abandons, &conversions, &exits}) v->assign(pt, 0);
  revenue_cents.assign(pt, 0);
  flow.assign(transitions, 0);
  silences.assign(s.touchpoints.size(), 0);
  silence_dropoffs.assign(s.touchpoints.size(), 0);
  for (auto* v : {&agents, &step_guard, &unfinished}) v->assign(s.personas.size(), 0);
  time_to_convert_ms.assign(s.personas.size(), 0);
  time_to_convert.assign(s.personas.size(), LogHistogram());
  for (auto* v : {&arrivals, &conversions_at, &abandonments_at}) v->assign(periods == 0 ? 1 : periods, 0);
}

void Tally::on_convert(Index persona, Index tp, std::int64_t value_cents, double t, double time_to_convert_s) {
  const std::size_t i = persona * touchpoints + tp;
  ++conversions[i];
  revenue_cents[i] += value_cents;
  ++conversions_at[period(t)];
  time_to_convert_ms[persona] += std::llround(time_to_convert_s * 1000.0);
  time_to_convert[persona].add(time_to_convert_s);
}

template <class T>
static void add_into(std::vector<T>& into, const std::vector<T>& from) {
  for (std::size_t i = 0; i < into.size(); ++i) into[i] += from[i];
}

void Tally::merge(const Tally& o) {
  for (auto [into, from] : {std::pair{&visits, &o.visits}, {&abandons, &o.abandons}, {&conversions, &o.conversions},
                            {&exits, &o.exits}, {&flow, &o.flow}, {&silences, &o.silences},
                            {&silence_dropoffs, &o.silence_dropoffs}, {&agents, &o.agents}, {&step_guard, &o.step_guard},
                            {&unfinished, &o.unfinished}, {&arrivals, &o.arrivals}, {&conversions_at, &o.conversions_at},
                            {&abandonments_at, &o.abandonments_at}})
    add_into(*into, *from);
  add_into(revenue_cents, o.revenue_cents);
  add_into(time_to_convert_ms, o.time_to_convert_ms);
  for (std::size_t i = 0; i < time_to_convert.size(); ++i) time_to_convert[i].merge(o.time_to_convert[i]);
}

}  // namespace jsim
