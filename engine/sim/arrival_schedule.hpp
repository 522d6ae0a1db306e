#pragma once
// When agents arrive over the horizon. Given the population N, arrivals are a Poisson process
// with rate proportional to the weekly profile, conditioned on N arrivals: the count per hour is
// multinomial (drawn as a chain of binomials), instants within an hour are uniform. Agent ids
// follow arrival order. Each hour's instants come from that hour's own random stream, so hours
// are generated in parallel, a batch at a time, and memory does not grow with N.
#include <cstdint>
#include <vector>

#include "model/scenario.hpp"
#include "sim/random.hpp"

namespace jsim {

struct Arrival {
  double time;
  std::uint64_t agent;
};

class ArrivalSchedule {
 public:
  ArrivalSchedule(const Scenario& s, const StreamKey& key, std::uint64_t population);

  [[nodiscard]] std::size_t hours() const { return counts_.size(); }
  [[nodiscard]] std::uint64_t count_in_hour(std::size_t h) const { return counts_[h]; }
  // Appends every arrival strictly before `until` to `out`; consumed.
  void take_before(double until, std::vector<Arrival>& out);
  // Time of the next arrival not yet consumed; +inf when there is none.
  double next_time();

 private:
  // The sorted instants of hour h.
  void fill_hour(std::size_t h, std::vector<double>& out) const;
  // Makes the next hour with arrivals the current one; false when none is left.
  bool advance_hour();

  static constexpr std::size_t kBatch = 16;  // hours generated at once
  const StreamKey& key_;
  double horizon_;
  std::vector<std::uint64_t> counts_;
  std::vector<std::uint64_t> first_agent_;  // [hour] id of its first arrival
  std::size_t hour_ = 0;                   // next hour to make current
  std::vector<std::vector<double>> batch_;  // instants of hours batch_first_, batch_first_ + 1, ...
  std::size_t batch_first_ = 0;
  std::vector<double> pending_;  // sorted instants of the current hour
  std::size_t pending_pos_ = 0;
  std::uint64_t pending_first_agent_ = 0;
};

}  // namespace jsim
