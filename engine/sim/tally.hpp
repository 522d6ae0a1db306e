#pragma once
// The observer of agent journeys: integer counters only, one Tally per thread, merged by
// addition. Integer sums do not depend on the order of addition, which is what keeps results
// bit-identical for any thread count.
#include <cmath>
#include <cstdint>
#include <vector>

#include "model/scenario.hpp"
#include "sim/log_histogram.hpp"

namespace jsim {

struct Tally {
  // Journey outcomes, in this order in `outcomes`.
  static constexpr int kConverted = 0, kAbandoned = 1, kExited = 2, kStepGuard = 3, kUnfinished = 4, kOutcomes = 5;
  static constexpr int kScores = 11;  // survey answers 0..10

  Tally(const Scenario& s, std::uint32_t transitions, std::size_t periods);

  void on_agent(Index persona) { ++agents[persona]; }
  void on_journey(Index persona, double t) { ++journeys[persona]; ++arrivals[period(t)]; }
  void on_visit(Index persona, Index tp) { ++visits[persona * touchpoints + tp]; }
  void on_move(std::uint32_t transition) { ++flow[transition]; }
  void on_switch(Index tp) { ++switches[tp]; }
  void on_repeat(Index tp, bool lost_cart) { ++repeats[tp]; lost_carts[tp] += lost_cart ? 1 : 0; }
  void on_silence(Index persona, Index tp) { ++silences[tp]; ++persona_silences[persona]; }
  void on_abandon(Index persona, Index tp, double t, bool after_silence) {
    ++abandons[persona * touchpoints + tp];
    ++abandonments_at[period(t)];
    if (after_silence) ++silence_dropoffs[tp], ++persona_silence_dropoffs[persona];
  }
  // time_to_convert < 0: not the journey's first purchase.
  void on_order(Index persona, Index tp, std::int64_t value_cents, double t, double time_to_convert);
  void on_exit(Index persona, Index tp) { ++exits[persona * touchpoints + tp]; }
  void on_journey_end(Index persona, int outcome, double frustration) {
    ++outcomes[persona * kOutcomes + outcome];
    frustration_milli[persona] += std::llround(frustration * 1000.0);
  }
  void on_survey(Index persona, int score) { ++survey[persona * kScores + score]; }
  void on_agent_end(Index persona, unsigned purchases) {
    if (purchases >= 1) ++customers[persona];
    if (purchases >= 2) ++repeat_customers[persona];
  }

  void merge(const Tally& o);

  std::uint32_t touchpoints;
  std::vector<std::uint64_t> visits, abandons, orders, exits;      // [persona * touchpoints + tp]
  std::vector<std::int64_t> revenue_cents;                          // [persona * touchpoints + tp]
  std::vector<std::uint64_t> flow;                                  // [transition]
  std::vector<std::uint64_t> silences, silence_dropoffs;            // [tp]
  std::vector<std::uint64_t> switches, repeats, lost_carts;         // [tp]: arrivals by a channel switch, of them without context
  std::vector<std::uint64_t> agents, journeys, customers, repeat_customers;  // [persona]
  std::vector<std::uint64_t> persona_silences, persona_silence_dropoffs;     // [persona]
  std::vector<std::uint64_t> outcomes;                              // [persona * kOutcomes + outcome]
  std::vector<std::uint64_t> survey;                                // [persona * kScores + score]
  std::vector<std::int64_t> frustration_milli;                      // [persona] at journey end, in 1/1000
  std::vector<std::int64_t> time_to_convert_ms;                     // [persona]
  std::vector<LogHistogram> time_to_convert;                        // [persona]
  std::vector<std::uint64_t> arrivals, conversions_at, abandonments_at;  // [hour of the horizon]

 private:
  [[nodiscard]] std::size_t period(double t) const {
    const auto p = static_cast<std::size_t>(t > 0 ? t / 3600.0 : 0.0);
    return p < arrivals.size() ? p : arrivals.size() - 1;
  }
};

}  // namespace jsim
