#pragma once
// A capacity-limited touchpoint: c servers, one FIFO queue, reneging after the customer's patience.
//
// Arrivals must be admitted in (time, agent id) order. For FIFO service the start of service of an
// arrival depends only on the arrivals before it, so with a min-heap of server free times
// (Kiefer–Wolfowitz recursion) each arrival is resolved at once: start = max(arrival, earliest
// free server); if that wait exceeds patience the customer reneges and takes no server.
#include <cstdint>
#include <limits>
#include <vector>

#include "sim/log_histogram.hpp"

namespace jsim {

struct QueueOutcome {
  bool served = false;
  double wait = 0.0;     // time spent queueing (patience when reneged)
  double leave = 0.0;    // end of service, or time of reneging
};

class CapacityQueue {
 public:
  CapacityQueue(std::uint32_t servers, double horizon, std::size_t periods);

  // patience: +inf for none.
  QueueOutcome admit(double arrival, double patience, double service);

  [[nodiscard]] std::uint32_t servers() const { return static_cast<std::uint32_t>(free_at_.size()); }
  std::uint64_t queued = 0, served = 0, reneges = 0, waited = 0;
  double wait_sum = 0.0;
  double busy = 0.0;  // server-seconds busy within the horizon
  LogHistogram waits;
  std::vector<double> waiting_area;  // [period] customer-seconds spent waiting in each hour

 private:
  void add_waiting(double from, double to);
  std::vector<double> free_at_;  // min-heap of server free times
  double horizon_;
};

}  // namespace jsim
