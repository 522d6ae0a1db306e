#pragma once
// Agents asleep until a later time window, held by one thread. Memory follows the agents held,
// not the horizon: a ring of buckets for the next kRing windows and a heap for agents further
// ahead (a repeat purchase weeks later), pulled into the ring as the run reaches them.
#include <array>
#include <bit>
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

#include "sim/journey_kernel.hpp"

namespace jsim {

class AgentCalendar {
 public:
  static constexpr std::uint64_t kNever = std::numeric_limits<std::uint64_t>::max();

  // Files an agent for `window`, which must be later than the last window taken.
  void file(const Agent& a, std::uint64_t window);
  // Appends the agents of `window` to `out`. Windows are taken in increasing order, and none
  // holding agents is skipped (next_after tells which comes next).
  void take(std::uint64_t window, std::vector<Agent>& out);
  // The earliest window after `window` holding an agent; kNever when none.
  [[nodiscard]] std::uint64_t next_after(std::uint64_t window) const;
  [[nodiscard]] std::size_t size() const { return size_; }

 private:
  static constexpr std::uint64_t kRing = 4096;
  struct Far {
    std::uint64_t window;
    Agent agent;
  };
  std::array<std::vector<Agent>, kRing> ring_{};  // ring_[w % kRing]: window w in [base_, base_ + kRing)
  std::array<std::uint64_t, kRing / 64> occupied_{};  // bit per ring bucket
  std::vector<Far> far_;  // min-heap on window: windows at or after base_ + kRing
  std::uint64_t base_ = 0;
  std::size_t size_ = 0;
};

}  // namespace jsim
