#include "sim/arrival_schedule.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <boost/random/binomial_distribution.hpp>
#include <tbb/parallel_for.h>

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
  first_agent_.assign(hours, 0);
  for (std::size_t h = 1; h < hours; ++h) first_agent_[h] = first_agent_[h - 1] + counts_[h - 1];
}

void ArrivalSchedule::fill_hour(std::size_t h, std::vector<double>& out) const {
  out.resize(counts_[h]);
  const double start = static_cast<double>(h) * 3600.0;
  const double length = std::min(3600.0, horizon_ - start);
  // n sorted uniforms without sorting: the normalised partial sums of n + 1 exponential spacings.
  Substream g(key_, kArrivalStreamId, static_cast<std::uint32_t>(h), Purpose::ArrivalTime);
  double sum = 0.0;
  for (auto& t : out) t = (sum -= std::log1p(-to_unit(g())));
  sum -= std::log1p(-to_unit(g()));
  for (auto& t : out) t = start + length * (t / sum);
}

bool ArrivalSchedule::advance_hour() {
  while (hour_ < counts_.size() && counts_[hour_] == 0) ++hour_;
  if (hour_ >= counts_.size()) return false;
  if (hour_ < batch_first_ || hour_ >= batch_first_ + batch_.size()) {
    // The next kBatch hours with arrivals, generated in parallel.
    std::vector<std::size_t> hours;
    for (std::size_t h = hour_; h < counts_.size() && hours.size() < kBatch; ++h)
      if (counts_[h] > 0) hours.push_back(h);
    batch_first_ = hour_;
    batch_.assign(hours.back() - hour_ + 1, {});
    tbb::parallel_for(std::size_t{0}, hours.size(), [&](std::size_t i) { fill_hour(hours[i], batch_[hours[i] - hour_]); });
  }
  pending_.swap(batch_[hour_ - batch_first_]);
  pending_pos_ = 0;
  pending_first_agent_ = first_agent_[hour_];
  ++hour_;
  return true;
}

double ArrivalSchedule::next_time() {
  while (pending_pos_ >= pending_.size())
    if (!advance_hour()) return std::numeric_limits<double>::infinity();
  return pending_[pending_pos_];
}

void ArrivalSchedule::take_before(double until, std::vector<Arrival>& out) {
  while (next_time() < until) {
    const std::size_t end = static_cast<std::size_t>(
        std::lower_bound(pending_.begin() + static_cast<std::ptrdiff_t>(pending_pos_), pending_.end(), until) - pending_.begin());
    for (std::size_t i = pending_pos_; i < end; ++i) out.push_back({pending_[i], pending_first_agent_ + i});
    pending_pos_ = end;
  }
}

}  // namespace jsim
