#pragma once
// The observer of agent journeys: integer counters only, one Tally per thread, merged by
// addition. Integer sums do not depend on the order of addition, which is what keeps results
// bit-identical for any thread count.
#include <cstdint>
#include <vector>

#include "model/scenario.hpp"
#include "sim/log_histogram.hpp"

namespace jsim {

struct Tally {
  Tally(const Scenario& s, std::uint32_t transitions, std::size_t periods);

  void on_arrival(Index persona, double t) { ++arrivals[period(t)]; ++agents[persona]; }
  void on_visit(Index persona, Index tp) { ++visits[persona * touchpoints + tp]; }
  void on_move(std::uint32_t transition) { ++flow[transition]; }
  void on_silence(Index tp) { ++silences[tp]; }
  void on_silence_dropoff(Index tp) { ++silence_dropoffs[tp]; }
  void on_abandon(Index persona, Index tp, double t) {
    ++abandons[persona * touchpoints + tp];
    ++abandonments_at[period(t)];
  }
  void on_convert(Index persona, Index tp, std::int64_t value_cents, double t, double time_to_convert);
  void on_exit(Index persona, Index tp) { ++exits[persona * touchpoints + tp]; }
  void on_step_guard(Index persona) { ++step_guard[persona]; }
  void on_unfinished(Index persona) { ++unfinished[persona]; }

  void merge(const Tally& o);

  std::uint32_t touchpoints;
  std::vector<std::uint64_t> visits, abandons, conversions, exits;  // [persona * touchpoints + tp]
  std::vector<std::int64_t> revenue_cents;                           // [persona * touchpoints + tp]
  std::vector<std::uint64_t> flow;                                   // [transition]
  std::vector<std::uint64_t> silences, silence_dropoffs;             // [tp]
  std::vector<std::uint64_t> agents, step_guard, unfinished;         // [persona]
  std::vector<std::int64_t> time_to_convert_ms;                      // [persona]
  std::vector<LogHistogram> time_to_convert;                         // [persona]
  std::vector<std::uint64_t> arrivals, conversions_at, abandonments_at;  // [hour of the horizon]

 private:
  [[nodiscard]] std::size_t period(double t) const {
    const auto p = static_cast<std::size_t>(t > 0 ? t / 3600.0 : 0.0);
    return p < arrivals.size() ? p : arrivals.size() - 1;
  }
};

}  // namespace jsim
