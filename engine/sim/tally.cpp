#include "sim/tally.hpp"

namespace jsim {

Tally::Tally(const Scenario& s, std::uint32_t transitions, std::size_t periods)
    : touchpoints(static_cast<std::uint32_t>(s.touchpoints.size())) {
  const std::size_t P = s.personas.size(), T = s.touchpoints.size();
  for (auto* v : {&visits, &abandons, &orders, &exits}) v->assign(P * T, 0);
  revenue_cents.assign(P * T, 0);
  flow.assign(transitions, 0);
  for (auto* v : {&silences, &silence_dropoffs, &switches, &repeats, &lost_carts}) v->assign(T, 0);
  for (auto* v : {&agents, &journeys, &customers, &repeat_customers, &persona_silences, &persona_silence_dropoffs})
    v->assign(P, 0);
  outcomes.assign(P * kOutcomes, 0);
  survey.assign(P * kScores, 0);
  frustration_milli.assign(P, 0);
  time_to_convert_ms.assign(P, 0);
  time_to_convert.assign(P, LogHistogram());
  for (auto* v : {&arrivals, &conversions_at, &abandonments_at}) v->assign(periods == 0 ? 1 : periods, 0);
}

void Tally::on_order(Index persona, Index tp, std::int64_t value_cents, double t, double time_to_convert_s) {
  const std::size_t i = persona * touchpoints + tp;
  ++orders[i];
  revenue_cents[i] += value_cents;
  if (time_to_convert_s < 0.0) return;
  ++conversions_at[period(t)];
  time_to_convert_ms[persona] += std::llround(time_to_convert_s * 1000.0);
  time_to_convert[persona].add(time_to_convert_s);
}

template <class T>
static void add_into(std::vector<T>& into, const std::vector<T>& from) {
  for (std::size_t i = 0; i < into.size(); ++i) into[i] += from[i];
}

void Tally::merge(const Tally& o) {
  for (auto [into, from] :
       {std::pair{&visits, &o.visits}, {&abandons, &o.abandons}, {&orders, &o.orders}, {&exits, &o.exits},
        {&flow, &o.flow}, {&silences, &o.silences}, {&silence_dropoffs, &o.silence_dropoffs}, {&switches, &o.switches},
        {&repeats, &o.repeats}, {&lost_carts, &o.lost_carts}, {&agents, &o.agents}, {&journeys, &o.journeys},
        {&customers, &o.customers}, {&repeat_customers, &o.repeat_customers}, {&outcomes, &o.outcomes},
        {&survey, &o.survey}, {&persona_silences, &o.persona_silences},
        {&persona_silence_dropoffs, &o.persona_silence_dropoffs}, {&arrivals, &o.arrivals}, {&conversions_at, &o.conversions_at},
        {&abandonments_at, &o.abandonments_at}})
    add_into(*into, *from);
  for (auto [into, from] : {std::pair{&revenue_cents, &o.revenue_cents}, {&frustration_milli, &o.frustration_milli},
                            {&time_to_convert_ms, &o.time_to_convert_ms}})
    add_into(*into, *from);
  for (std::size_t i = 0; i < time_to_convert.size(); ++i) time_to_convert[i].merge(o.time_to_convert[i]);
}

}  // namespace jsim
