#include "sim/agent_calendar.hpp"

#include <algorithm>
#include <bit>

namespace jsim {

namespace {
constexpr auto later = [](const auto& x, const auto& y) { return x.window > y.window; };
constexpr std::size_t kSpares = 4;
}  // namespace

template <std::size_t N>
std::uint64_t AgentCalendar::first_set(const Bits<N>& bits, std::uint64_t from, std::uint64_t count) {
  // Offset (< count) of the first set bit at or after position `from`, wrapping; count if none.
  for (std::uint64_t d = 0; d < count;) {
    const std::uint64_t slot = (from + d) % N;
    const std::uint64_t word = bits[slot / 64] >> (slot % 64);
    if (word != 0) return std::min(count, d + static_cast<std::uint64_t>(std::countr_zero(word)));
    d += 64 - slot % 64;
  }
  return count;
}

void AgentCalendar::file(const Agent& a, std::uint64_t window) {
  ++size_;
  const std::uint64_t epoch = window / kEpoch;
  if (epoch <= poured_) {
    const std::uint64_t slot = window % kFine;
    std::vector<Agent>& bucket = fine_[slot];
    if (bucket.capacity() == 0 && !spare_.empty()) {
      bucket.swap(spare_.back());
      spare_.pop_back();
    }
    bucket.push_back(a);
    fine_used_[slot / 64] |= std::uint64_t{1} << (slot % 64);
  } else if (epoch <= poured_ + kCoarse) {
    const std::uint64_t slot = epoch % kCoarse;
    coarse_[slot].push_back({window, a});
    coarse_used_[slot / 64] |= std::uint64_t{1} << (slot % 64);
  } else {
    far_.push_back({window, a});
    std::push_heap(far_.begin(), far_.end(), later);
  }
}

// Moves the agents of one epoch from the coarse ring (and the heap) into the fine ring.
void AgentCalendar::pour(std::uint64_t epoch) {
  poured_ = epoch;
  const std::uint64_t slot = epoch % kCoarse;
  std::vector<Far> bucket;
  bucket.swap(coarse_[slot]);
  coarse_used_[slot / 64] &= ~(std::uint64_t{1} << (slot % 64));
  size_ -= bucket.size();
  for (const Far& f : bucket) file(f.agent, f.window);
  while (!far_.empty() && far_.front().window / kEpoch <= poured_ + kCoarse) {
    std::pop_heap(far_.begin(), far_.end(), later);
    const Far f = far_.back();
    far_.pop_back();
    --size_;
    file(f.agent, f.window);
  }
}

const std::vector<Agent>& AgentCalendar::take(std::uint64_t window) {
  // The fine ring holds the current epoch and the next one: [window, window + kEpoch) at least.
  const std::uint64_t wanted = window / kEpoch + 1;
  if (poured_ + kCoarse < wanted && coarse_used_ == Bits<kCoarse>{}) poured_ = wanted - 1;  // a long empty stretch
  while (poured_ < wanted) pour(poured_ + 1);
  return fine_[window % kFine];
}

void AgentCalendar::release(std::uint64_t window) {
  const std::uint64_t slot = window % kFine;
  std::vector<Agent>& bucket = fine_[slot];
  if (bucket.empty()) return;
  size_ -= bucket.size();
  bucket.clear();
  // Memory follows agents held: a few emptied buckets keep their storage for the next ones to fill.
  if (spare_.size() < kSpares) spare_.push_back(std::move(bucket));
  bucket = std::vector<Agent>();
  fine_used_[slot / 64] &= ~(std::uint64_t{1} << (slot % 64));
}

std::uint64_t AgentCalendar::next_after(std::uint64_t window) const {
  const std::uint64_t fine_end = (poured_ + 1) * kEpoch;  // windows before this are in the fine ring
  if (window + 1 < fine_end) {
    const std::uint64_t d = first_set<kFine>(fine_used_, (window + 1) % kFine, fine_end - window - 1);
    if (d < fine_end - window - 1) return window + 1 + d;
  }
  const std::uint64_t e = first_set<kCoarse>(coarse_used_, (poured_ + 1) % kCoarse, kCoarse);
  if (e < kCoarse) {
    std::uint64_t earliest = kNever;
    for (const Far& f : coarse_[(poured_ + 1 + e) % kCoarse]) earliest = std::min(earliest, f.window);
    return earliest;
  }
  return far_.empty() ? kNever : far_.front().window;
}

}  // namespace jsim
