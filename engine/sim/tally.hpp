#pragma once
// The observers of agent journeys, one set per thread, merged when the run ends:
//  - counters: named flat blocks in a CounterBlocks registry (integer sums do not depend on the
//    order of addition, which keeps results bit-identical for any thread count);
//  - the journey trace, switched on by the run's collection settings (RunPlan::journeys): raw
//    records of sampled customers' visits, purchases and journey ends, ordered and written by a
//    JourneyRecorder. Off, it costs one predictable branch per visit.
#include <cmath>
#include <cstdint>
#include <span>
#include <vector>

#include "model/scenario.hpp"
#include "sim/counter_blocks.hpp"
#include "sim/journey_trace.hpp"
#include "sim/log_histogram.hpp"

namespace jsim {

// Money in cents, summed exactly however large the run (model/limits.hpp).
__extension__ typedef unsigned __int128 WideCents;

class Tally {
 public:
  // Journey outcomes, in this order in `outcomes`.
  static constexpr int kConverted = 0, kAbandoned = 1, kExited = 2, kStepGuard = 3, kUnfinished = 4, kOutcomes = 5;
  static constexpr int kScores = 11;  // survey answers 0..10

  Tally(const Scenario& s, std::uint32_t transitions, std::size_t periods);

  void on_agent(Index persona) { ++at(agents_, persona); }
  void on_journey(Index persona, double t) { ++at(journeys_, persona), ++at(arrivals_, period(t)); }
  void on_visit(Index persona, Index tp) { ++at(visits_, persona * touchpoints_ + tp), ++events; }
  void on_move(std::uint32_t transition) { ++at(flow_, transition); }
  void on_switch(Index tp) { ++at(switches_, tp); }
  void on_repeat(Index tp, bool lost_cart) { ++at(repeats_, tp), at(lost_carts_, tp) += lost_cart ? 1 : 0; }
  void on_silence(Index persona, Index tp) { ++at(silences_, tp), ++at(persona_silences_, persona); }
  void on_abandon(Index persona, Index tp, double t, bool after_silence) {
    ++at(abandons_, persona * touchpoints_ + tp);
    ++at(abandonments_at_, period(t));
    if (after_silence) ++at(silence_dropoffs_, tp), ++at(persona_silence_dropoffs_, persona);
  }
  // time_to_convert < 0: not the journey's first purchase.
  void on_order(Index persona, Index tp, std::int64_t value_cents, double t, double time_to_convert);
  void on_exit(Index persona, Index tp) { ++at(exits_, persona * touchpoints_ + tp); }
  void on_journey_end(Index persona, int outcome, double frustration) {
    ++at(outcomes_, persona * kOutcomes + outcome);
    at(frustration_milli_, persona) += static_cast<std::uint64_t>(std::llround(frustration * 1000.0));
  }
  void on_survey(Index persona, int score) { ++at(survey_, persona * kScores + score); }
  void on_agent_end(Index persona, unsigned purchases) {
    if (purchases >= 1) ++at(customers_, persona);
    if (purchases >= 2) ++at(repeat_customers_, persona);
  }

  // Adds another thread's counters. The journey trace is not merged: the recorder drains it.
  void merge(const Tally& o);

  // Read access by block, for summarize(); names and shapes are in tally.cpp.
  [[nodiscard]] std::span<const std::uint64_t> visits() const { return get(visits_); }      // [persona * T + tp]
  [[nodiscard]] std::span<const std::uint64_t> abandons() const { return get(abandons_); }  // [persona * T + tp]
  [[nodiscard]] std::span<const std::uint64_t> orders() const { return get(orders_); }      // [persona * T + tp]
  [[nodiscard]] std::span<const std::uint64_t> exits() const { return get(exits_); }        // [persona * T + tp]
  // Revenue in cents, 128 bits wide: limits.hpp says why no valid run can pass that.
  [[nodiscard]] WideCents revenue_cents(std::size_t i) const {  // [persona * T + tp]
    return (WideCents{get(revenue_carry_)[i]} << 64) | get(revenue_cents_)[i];
  }
  [[nodiscard]] std::span<const std::uint64_t> flow() const { return get(flow_); }          // [transition]
  [[nodiscard]] std::span<const std::uint64_t> silences() const { return get(silences_); }  // [tp]
  [[nodiscard]] std::span<const std::uint64_t> silence_dropoffs() const { return get(silence_dropoffs_); }  // [tp]
  [[nodiscard]] std::span<const std::uint64_t> switches() const { return get(switches_); }  // [tp] arrivals by a channel switch
  [[nodiscard]] std::span<const std::uint64_t> repeats() const { return get(repeats_); }    // [tp] of them without context
  [[nodiscard]] std::span<const std::uint64_t> lost_carts() const { return get(lost_carts_); }  // [tp]
  [[nodiscard]] std::span<const std::uint64_t> agents() const { return get(agents_); }      // [persona]
  [[nodiscard]] std::span<const std::uint64_t> journeys() const { return get(journeys_); }  // [persona]
  [[nodiscard]] std::span<const std::uint64_t> customers() const { return get(customers_); }  // [persona]
  [[nodiscard]] std::span<const std::uint64_t> repeat_customers() const { return get(repeat_customers_); }  // [persona]
  [[nodiscard]] std::span<const std::uint64_t> persona_silences() const { return get(persona_silences_); }  // [persona]
  [[nodiscard]] std::span<const std::uint64_t> persona_silence_dropoffs() const { return get(persona_silence_dropoffs_); }
  [[nodiscard]] std::span<const std::uint64_t> outcomes() const { return get(outcomes_); }  // [persona * kOutcomes + outcome]
  [[nodiscard]] std::span<const std::uint64_t> survey() const { return get(survey_); }      // [persona * kScores + score]
  [[nodiscard]] std::int64_t frustration_milli(Index persona) const { return signed_at(frustration_milli_, persona); }
  [[nodiscard]] std::int64_t time_to_convert_ms(Index persona) const { return signed_at(time_to_convert_ms_, persona); }
  [[nodiscard]] double time_to_convert_quantile(Index persona, double q) const {
    return LogHistogram::quantile(get(time_to_convert_).subspan(persona * LogHistogram::kBins, LogHistogram::kBins), q);
  }
  [[nodiscard]] std::span<const std::uint64_t> arrivals() const { return get(arrivals_); }  // [hour of the horizon]
  [[nodiscard]] std::span<const std::uint64_t> conversions_at() const { return get(conversions_at_); }
  [[nodiscard]] std::span<const std::uint64_t> abandonments_at() const { return get(abandonments_at_); }

  CounterBlocks counters;
  JourneyTrace trace;
  std::uint64_t events = 0;  // visits by this thread so far, for progress (RunProgress); not merged

 private:
  // Where one block lies in `counters`.
  struct Ref {
    std::size_t offset = 0, size = 0;
  };
  Ref add(const char* name, std::size_t size) { return {counters.add(name, size), size}; }
  void add_revenue(std::size_t i, std::uint64_t cents);  // an order's cents (>= 0) into the 128-bit sum
  std::uint64_t& at(Ref block, std::size_t i) { return counters.values()[block.offset + i]; }
  [[nodiscard]] std::span<const std::uint64_t> get(Ref block) const { return counters.values().subspan(block.offset, block.size); }
  [[nodiscard]] std::int64_t signed_at(Ref block, std::size_t i) const {
    return static_cast<std::int64_t>(get(block)[i]);
  }
  [[nodiscard]] std::size_t period(double t) const {
    const auto p = static_cast<std::size_t>(t > 0 ? t / 3600.0 : 0.0);
    return p < periods_ ? p : periods_ - 1;
  }

  std::uint32_t touchpoints_;
  std::size_t periods_;
  Ref visits_, abandons_, orders_, exits_, revenue_cents_, revenue_carry_, flow_, silences_, silence_dropoffs_, switches_,
      repeats_, lost_carts_, agents_, journeys_, customers_, repeat_customers_, persona_silences_,
      persona_silence_dropoffs_, outcomes_, survey_, frustration_milli_, time_to_convert_ms_, time_to_convert_,
      arrivals_, conversions_at_, abandonments_at_;
};

}  // namespace jsim
