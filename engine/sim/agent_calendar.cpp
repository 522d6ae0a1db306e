#include "sim/agent_calendar.hpp"

#include <algorithm>

namespace jsim {

namespace {
constexpr auto later = [](const auto& x, const auto& y) { return x.window > y.window; };
}

void AgentCalendar::file(const Agent& a, std::uint64_t window) {
  ++size_;
  if (window >= base_ + kRing) {
    far_.push_back({window, a});
    std::push_heap(far_.begin(), far_.end(), later);
    return;
  }
  const std::uint64_t slot = window % kRing;
  ring_[slot].push_back(a);
  occupied_[slot / 64] |= std::uint64_t{1} << (slot % 64);
}

void AgentCalendar::take(std::uint64_t window, std::vector<Agent>& out) {
  base_ = window;
  while (!far_.empty() && far_.front().window < base_ + kRing) {
    std::pop_heap(far_.begin(), far_.end(), later);
    const Far f = far_.back();
    far_.pop_back();
    --size_;
    file(f.agent, f.window);
  }
  const std::uint64_t slot = window % kRing;
  std::vector<Agent>& bucket = ring_[slot];
  if (bucket.empty()) return;
  size_ -= bucket.size();
  if (out.empty()) {
    out.swap(bucket);
  } else {
    out.insert(out.end(), bucket.begin(), bucket.end());
  }
  std::vector<Agent>().swap(bucket);  // memory follows agents held, not the busiest window ever
  occupied_[slot / 64] &= ~(std::uint64_t{1} << (slot % 64));
}

std::uint64_t AgentCalendar::next_after(std::uint64_t window) const {
  // Scan the ring's occupancy bits from window + 1 onwards, wrapping once.
  for (std::uint64_t d = 1; d < kRing;) {
    const std::uint64_t slot = (window + d) % kRing;
    const std::uint64_t bits = occupied_[slot / 64] >> (slot % 64);
    if (bits != 0) {
      const auto skip = static_cast<std::uint64_t>(std::countr_zero(bits));
      if (d + skip < kRing) return window + d + skip;
      break;
    }
    d += 64 - slot % 64;
  }
  return far_.empty() ? kNever : far_.front().window;
}

}  // namespace jsim
