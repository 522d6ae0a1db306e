#pragma once
// Is a timed run's load more than its queues can take? After a run, each capacity-limited
// touchpoint is checked for the two signs of a crushed queue:
//
// - Overload: in some hours of the week the offered load (arrivals x mean service, over servers x
//   open time) reaches or exceeds capacity, rho >= 1. Hours are pooled by hour of the week over
//   the horizon's weeks (hour 0 of the horizon is Monday 00:00). Consecutive hours at or above
//   capacity count only when together their arrivals exceed what the servers can serve in them by
//   more than sampling noise (twice the Poisson standard deviation), so that a busy but stable
//   queue (rho 0.5-0.9) never warns.
// - Backlog: the customers still waiting when the horizon ended would keep every server busy
//   for at least an hour. A few waiting at the end is normal for any busy queue.
//
// docs/model.md ("Load") says the same for users.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "model/scenario.hpp"
#include "sim/run_result.hpp"

namespace jsim {

// Hours of the week [from, to), 0 = Monday 00:00, to <= 168.
struct WeekHours {
  std::uint32_t from = 0, to = 0;
  friend bool operator==(const WeekHours&, const WeekHours&) = default;
};

struct LoadWarning {
  enum class Kind { Overload, Backlog };
  Kind kind = Kind::Overload;
  std::string touchpoint;
  // Overload: the hours of the week at or above capacity, consecutive hours grouped, and the
  // highest offered load among them with the hour it occurs in.
  std::vector<WeekHours> hours;
  double peak_load = 0.0;
  std::uint32_t peak_hour = 0;
  // Backlog: arrivals still waiting at the horizon, and the hours of work they are for all servers.
  std::uint32_t servers = 0;
  std::uint64_t waiting = 0;
  double backlog_hours = 0.0;
};

// The warnings of one run of s, touchpoints in scenario order (overload before backlog); none for
// an untimed run.
[[nodiscard]] std::vector<LoadWarning> load_warnings(const Scenario& s, const RunResult& r);

// The warnings as plain numbers and back, exactly (touchpoints by their index in s), so that an
// MPI rank can send the warnings of a run it made with the run's metric values (engine/cluster).
[[nodiscard]] std::vector<double> warning_numbers(const Scenario& s, const std::vector<LoadWarning>& warnings);
[[nodiscard]] std::vector<LoadWarning> warnings_from_numbers(const Scenario& s, std::span<const double> numbers);

// "Mon-Fri 09:00-12:00; Sat 10:00-24:00": each daily time range with the days it falls on, in the
// order the times first occur in the week; "all week" for every hour. After `most` ranges the rest
// is counted ("; and 3 more").
[[nodiscard]] std::string week_hours_text(const std::vector<WeekHours>& hours, std::size_t most = SIZE_MAX);

// One line for people: "call_centre: offered load reaches capacity Mon-Fri 09:00-12:00 (peak
// 1.8x, Tue 10:00): queues grow and waits lengthen".
[[nodiscard]] std::string describe(const LoadWarning& w);

}  // namespace jsim
