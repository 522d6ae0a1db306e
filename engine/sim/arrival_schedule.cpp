#include "sim/arrival_schedule.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <boost/random/binomial_distribution.hpp>

namespace jsim {

ArrivalSchedule::ArrivalSchedule(const Scenario& s, const StreamKey& key, std::uint64_t population)
    : key_(key), horizon_(s.horizon_seconds()) {
  const auto hours = static_cast<std::size_t>(std::ceil(horizon_ / 3600.0));
  std::vector<double> weight(hours);
  double total = 0.0;
  for (std::size_t h = 0; h < hours; ++h) {
    const double length = std::min(3600.0, horizon_ - static_cast<double>(h) * 3600.0);
    weight[h] = s.arrivals.rate_multiplier(h % 168) * length;
    total += weight[h];
  }
  // Multinomial as a chain of binomials: hour h gets Binomial(left, w_h / weight left).
  counts_.assign(hours, 0);
  std::uint64_t left = population;
  std::size_t last = 0;  // the last hour with any rate takes whatever rounding left over
  for (std::size_t h = 0; h < hours; ++h)
    if (weight[h] > 0.0) last = h;
  for (std::size_t h = 0; h < hours && left > 0; ++h) {
    if (weight[h] <= 0.0) continue;
    const double p = h == last ? 1.0 : std::min(1.0, weight[h] / total);
    Substream g(key_, kArrivalStreamId, static_cast<std::uint32_t>(h), Purpose::ArrivalCount);
    counts_[h] = p >= 1.0 ? left : static_cast<std::uint64_t>(boost::random::binomial_distribution<std::int64_t, double>(static_cast<std::int64_t>(left), p)(g));
    left -= counts_[h];
    total -= weight[h];
  }
}

void ArrivalSchedule::generate_hour(std::size_t h) {
  pending_.resize(counts_[h]);
  const double start = static_cast<double>(h) * 3600.0;
  const double length = std::min(3600.0, horizon_ - start);
  // n sorted uniforms without sorting: the normalised partial sums of n + 1 exponential spacings.
  Substream g(key_, kArrivalStreamId, static_cast<std::uint32_t>(h), Purpose::ArrivalTime);
  double sum = 0.0;
  for (auto& t : pending_) t = (sum -= std::log1p(-to_unit(g())));
  sum -= std::log1p(-to_unit(g()));
  for (auto& t : pending_) t = start + length * (t / sum);
  pending_pos_ = 0;
  pending_first_agent_ = next_agent_;
  next_agent_ += counts_[h];
}

double ArrivalSchedule::next_time() {
  while (pending_pos_ >= pending_.size()) {
    if (hour_ >= counts_.size()) return std::numeric_limits<double>::infinity();
    generate_hour(hour_++);
  }
  return pending_[pending_pos_];
}

bool ArrivalSchedule::next_before(double until, Arrival& out) {
  while (pending_pos_ >= pending_.size()) {
    if (hour_ >= counts_.size() || static_cast<double>(hour_) * 3600.0 >= until) return false;
    generate_hour(hour_++);
  }
  if (pending_[pending_pos_] >= until) return false;
  out = {pending_[pending_pos_], pending_first_agent_ + pending_pos_};
  ++pending_pos_;
  return true;
}

}  // namespace jsim
