#include "sim/tally.hpp"

namespace jsim {

Tally::Tally(const Scenario& s, std::uint32_t transitions, std::size_t periods)
    : touchpoints_(static_cast<std::uint32_t>(s.touchpoints.size())), periods_(periods == 0 ? 1 : periods) {
  const std::size_t P = s.personas.size(), T = s.touchpoints.size();
  Tally& c = *this;
  visits_ = c.add("visits", P * T);
  abandons_ = c.add("abandons", P * T);
  orders_ = c.add("orders", P * T);
  exits_ = c.add("exits", P * T);
  revenue_cents_ = c.add("revenue_cents", P * T);  // the low 64 bits of a 128-bit sum
  revenue_carry_ = c.add("revenue_cents_high", P * T);  // its high 64 bits
  flow_ = c.add("flow", transitions);
  silences_ = c.add("silences", T);
  silence_dropoffs_ = c.add("silence_dropoffs", T);
  switches_ = c.add("switches", T);
  repeats_ = c.add("repeats", T);
  lost_carts_ = c.add("lost_carts", T);
  agents_ = c.add("agents", P);
  journeys_ = c.add("journeys", P);
  customers_ = c.add("customers", P);
  repeat_customers_ = c.add("repeat_customers", P);
  persona_silences_ = c.add("persona_silences", P);
  persona_silence_dropoffs_ = c.add("persona_silence_dropoffs", P);
  outcomes_ = c.add("outcomes", P * kOutcomes);
  survey_ = c.add("survey", P * kScores);
  frustration_milli_ = c.add("frustration_milli", P);
  time_to_convert_ms_ = c.add("time_to_convert_ms", P);
  time_to_convert_ = c.add("time_to_convert_histogram", P * LogHistogram::kBins);
  arrivals_ = c.add("arrivals_at", periods_);
  conversions_at_ = c.add("conversions_at", periods_);
  abandonments_at_ = c.add("abandonments_at", periods_);
}

void Tally::on_order(Index persona, Index tp, std::int64_t value_cents, double t, double time_to_convert_s) {
  const std::size_t i = persona * touchpoints_ + tp;
  ++at(orders_, i);
  add_revenue(i, static_cast<std::uint64_t>(value_cents));
  if (time_to_convert_s < 0.0) return;
  ++at(conversions_at_, period(t));
  at(time_to_convert_ms_, persona) += static_cast<std::uint64_t>(std::llround(time_to_convert_s * 1000.0));
  ++at(time_to_convert_, persona * LogHistogram::kBins + LogHistogram::bin(time_to_convert_s));
}

void Tally::add_revenue(std::size_t i, std::uint64_t cents) {
  std::uint64_t& low = at(revenue_cents_, i);
  low += cents;
  if (low < cents) ++at(revenue_carry_, i);  // the carry out of the low word
}

void Tally::merge(const Tally& o) {
  // Counters merge modulo 2^64 (high words included); the carries out of revenue's low words are added after.
  const std::vector<std::uint64_t> low(get(revenue_cents_).begin(), get(revenue_cents_).end());
  counters.merge(o.counters);
  for (std::size_t i = 0; i < low.size(); ++i)
    if (get(revenue_cents_)[i] < low[i]) ++at(revenue_carry_, i);
}

}  // namespace jsim
