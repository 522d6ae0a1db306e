#pragma once
// Counter-based random streams (Random123 Philox4x32-10).
//
// Every draw is addressed by (seed, agent, step, purpose, i): the agent's own stream, the
// touchpoint visit it belongs to, and what it is for. Nothing is shared between agents, so
// results do not depend on thread count or scheduling; and two designs that agree on an
// agent's path give that agent the same draws (common random numbers for comparisons).
#include <cstdint>

#include <Random123/philox.h>

namespace jsim {

enum class Purpose : std::uint32_t {
  Start = 1,        // persona and entry touchpoint
  Move = 2,         // abandon-or-move and which transition
  Service = 3,      // service time at a touchpoint
  Delay = 4,        // delay of the chosen transition
  Patience = 5,     // patience in a queue
  OrderValue = 6,   // value of the order at conversion
  Retry = 7,        // delay before coming back after reneging
  ArrivalCount = 8, // arrivals per hour of the horizon (not per agent)
  ArrivalTime = 9,  // arrival instants within an hour (not per agent)
  Context = 10,     // whether context survives a channel switch
  Satisfaction = 11,// post-purchase survey noise and the decision to come back
  Repeat = 12,      // time until the next journey
  Hours = 13,       // when a customer who found a touchpoint closed comes back
  Bootstrap = 14,   // attribution: a path's journey counts in one bootstrap replicate (not per agent)
  Design = 15,      // sweep designs: random and Latin-hypercube points (not per agent)
};

// The id used for streams that belong to the arrival process rather than to an agent.
inline constexpr std::uint64_t kArrivalStreamId = ~std::uint64_t{0};

struct RandomBlock {
  std::uint64_t a, b;  // two independent 64-bit words
};

class StreamKey {
 public:
  explicit StreamKey(std::uint64_t seed) : key_{{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)}} {}

  [[nodiscard]] RandomBlock block(std::uint64_t agent, std::uint32_t step, Purpose purpose, std::uint32_t i = 0) const {
    // Word 3: purpose in the top 8 bits, the index within the purpose below.
    const r123::Philox4x32::ctr_type ctr{{static_cast<std::uint32_t>(agent), static_cast<std::uint32_t>(agent >> 32), step,
                                          (static_cast<std::uint32_t>(purpose) << 24) | (i & 0xFFFFFFu)}};
    const auto out = r123::Philox4x32()(ctr, key_);
    return {(std::uint64_t{out[0]} << 32) | out[1], (std::uint64_t{out[2]} << 32) | out[3]};
  }

 private:
  r123::Philox4x32::key_type key_;
};

// A Boost/std uniform random bit generator over one (agent, step, purpose) address, for
// distributions that need a variable number of draws (lognormal, binomial, ...).
class Substream {
 public:
  using result_type = std::uint64_t;
  Substream(const StreamKey& key, std::uint64_t agent, std::uint32_t step, Purpose purpose)
      : key_(key), agent_(agent), step_(step), purpose_(purpose) {}
  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return ~result_type{0}; }
  result_type operator()() {
    if (half_ == 0) {
      buffered_ = key_.block(agent_, step_, purpose_, next_++);
      half_ = 1;
      return buffered_.a;
    }
    half_ = 0;
    return buffered_.b;
  }

 private:
  const StreamKey& key_;
  std::uint64_t agent_;
  std::uint32_t step_;
  Purpose purpose_;
  std::uint32_t next_ = 0;
  int half_ = 0;
  RandomBlock buffered_{};
};

// The splitmix64 finaliser: a fixed, well-mixed 64-bit hash (customer samples, hash tables, splits).
[[nodiscard]] constexpr std::uint64_t mix64(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// Uniform in [0, 1) from the top 53 bits.
[[nodiscard]] inline double to_unit(std::uint64_t r) { return static_cast<double>(r >> 11) * 0x1.0p-53; }

}  // namespace jsim
