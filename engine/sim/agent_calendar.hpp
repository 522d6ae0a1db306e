#pragma once
// Agents asleep until a later time window, held by one thread. Memory follows the agents held,
// not the horizon, and filing is O(1) however far ahead an agent sleeps:
//  - a fine ring with a bucket per window for the current and the next epoch (kEpoch windows each);
//  - a coarse ring with a bucket per epoch for the kCoarse epochs after those, poured into the fine
//    ring when their epoch comes near;
//  - a heap for the rare agent further ahead still (a repeat journey months later in 1 s windows).
#include <array>
#include <cstdint>
#include <limits>
#include <vector>

#include "sim/journey_kernel.hpp"

namespace jsim {

class AgentCalendar {
 public:
  static constexpr std::uint64_t kNever = std::numeric_limits<std::uint64_t>::max();

  // Files an agent for `window`, which must be later than the last window taken.
  void file(const Agent& a, std::uint64_t window);
  // The agents of `window`, to be walked in place; release(window) empties the bucket after.
  // Windows are taken in increasing order, and none holding agents is skipped (next_after tells
  // which comes next).
  [[nodiscard]] const std::vector<Agent>& take(std::uint64_t window);
  void release(std::uint64_t window);
  // The earliest window after `window` (the last one taken) holding an agent; kNever when none.
  [[nodiscard]] std::uint64_t next_after(std::uint64_t window) const;
  [[nodiscard]] std::size_t size() const { return size_; }

 private:
  static constexpr std::uint64_t kEpoch = 4096, kFine = 2 * kEpoch, kCoarse = 4096;
  struct Far {
    std::uint64_t window;
    Agent agent;
  };
  template <std::size_t N>
  using Bits = std::array<std::uint64_t, N / 64>;
  template <std::size_t N>
  static std::uint64_t first_set(const Bits<N>& bits, std::uint64_t from, std::uint64_t count);

  void pour(std::uint64_t epoch);

  std::array<std::vector<Agent>, kFine> fine_{};  // [window % kFine], epochs up to poured_
  Bits<kFine> fine_used_{};
  std::array<std::vector<Far>, kCoarse> coarse_{};  // [epoch % kCoarse], epochs poured_ + 1 ... poured_ + kCoarse
  Bits<kCoarse> coarse_used_{};
  std::vector<Far> far_;  // min-heap on window: epochs after those
  std::vector<std::vector<Agent>> spare_;  // emptied buckets' storage, reused rather than freed and faulted in again
  std::uint64_t poured_ = 1;  // epochs up to this one are in the fine ring
  std::size_t size_ = 0;
};

}  // namespace jsim
