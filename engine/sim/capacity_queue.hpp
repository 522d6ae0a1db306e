#pragma once
// A capacity-limited touchpoint: c servers, one FIFO queue, reneging after the customer's patience.
//
// Arrivals must be admitted in (time, agent id, visit) order. For FIFO service the start of service
// of an arrival depends only on the arrivals before it, so with a min-heap of server free times
// (Kiefer–Wolfowitz recursion) each arrival is resolved at once: start = max(arrival, earliest
// free server); if that wait exceeds patience the customer reneges and takes no server.
//
// ServerPool is that recursion alone (a value the engine can copy to try an order out);
// CapacityQueue adds the statistics over the horizon. ServerPool::admit is the queue's admission
// policy: its QueueOutcome (admission.hpp) says Served or Reneged.
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "model/scenario.hpp"
#include "sim/admission.hpp"
#include "sim/log_histogram.hpp"

namespace jsim {

class ServerPool {
 public:
  explicit ServerPool(std::uint32_t servers) : free_at_(servers, 0.0) {}
  // FIFO with reneging: Served, or Reneged when the wait would pass patience (+inf for none).
  QueueOutcome admit(double arrival, double patience, double service);
  [[nodiscard]] std::uint32_t servers() const { return static_cast<std::uint32_t>(free_at_.size()); }

 private:
  std::vector<double> free_at_;  // min-heap of server free times
};

class CapacityQueue {
 public:
  // hours: when staff are on duty, for utilisation; periods: hours of the horizon.
  CapacityQueue(std::uint32_t servers, double horizon, std::size_t periods, const OpeningHours& hours);

  QueueOutcome admit(double arrival, double patience, double service);
  // Counts an outcome that `pool` already gave (admit = pool.admit + record).
  void record(double arrival, const QueueOutcome& out);

  [[nodiscard]] std::uint32_t servers() const { return pool.servers(); }
  // Every count below as 64-bit words (doubles bit for bit), appended to `out`, and read back from
  // the front of `words` (returns how many it read): a queue owned by another MPI rank.
  void append_counts(std::vector<std::uint64_t>& out) const;
  std::size_t read_counts(std::span<const std::uint64_t> words);
  [[nodiscard]] double horizon() const { return horizon_; }

  ServerPool pool;
  // Waits that ended within the horizon (served or reneged) are in `waited`, `wait_sum` and `waits`;
  // a wait still running at the horizon is counted apart in `unfinished_waits` (docs/model.md).
  // queued = served + reneges + unfinished_waits: served and reneged count only waits that ended within the horizon.
  std::uint64_t queued = 0, served = 0, reneges = 0, waited = 0, finished_waits = 0, unfinished_waits = 0;
  double wait_sum = 0.0;
  double busy = 0.0;  // server-seconds busy within the horizon and within opening hours
  LogHistogram waits;
  std::vector<double> waiting_area;            // [period] customer-seconds spent waiting in each hour
  std::vector<std::uint64_t> arrivals_by_hour;  // [period] arrivals at the queue (retries included)

 private:
  void add_waiting(double from, double to);
  double horizon_;
  const OpeningHours* hours_;
};

}  // namespace jsim
