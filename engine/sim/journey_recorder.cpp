#include "sim/journey_recorder.hpp"

#include <algorithm>
#include <tuple>

namespace jsim {

bool in_journey_sample(std::uint64_t customer, double sample) {
  if (sample >= 1.0) return true;
  // splitmix64 finaliser: a fixed, well-mixed hash of the customer id.
  std::uint64_t z = customer + 0x9E3779B97F4A7C15ull;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  z ^= z >> 31;
  return static_cast<double>(z >> 11) * 0x1.0p-53 < sample;
}

void JourneyRecorder::drain(std::span<JourneyTrace* const> traces) {
  visits_.clear(), orders_.clear(), ends_.clear();
  for (JourneyTrace* t : traces) {
    visits_.insert(visits_.end(), t->visits.begin(), t->visits.end());
    orders_.insert(orders_.end(), t->orders.begin(), t->orders.end());
    ends_.insert(ends_.end(), t->ends.begin(), t->ends.end());
    t->clear();
  }
  if (full()) {
    open_.clear(), open_orders_.clear();
    return;
  }
  std::sort(visits_.begin(), visits_.end(),
            [](const TracedVisit& x, const TracedVisit& y) { return std::tie(x.customer, x.step) < std::tie(y.customer, y.step); });
  std::sort(orders_.begin(), orders_.end(),
            [](const TracedOrder& x, const TracedOrder& y) { return std::tie(x.customer, x.step) < std::tie(y.customer, y.step); });
  std::sort(ends_.begin(), ends_.end(), [](const TracedJourneyEnd& x, const TracedJourneyEnd& y) {
    return std::tie(x.customer, x.journey) < std::tie(y.customer, y.journey);
  });
  for (const TracedVisit& v : visits_) open_[v.customer].push_back(v);
  for (const TracedOrder& o : orders_) open_orders_[o.customer].push_back(o);

  out_journeys_.clear(), out_visits_.clear();
  for (const TracedJourneyEnd& e : ends_) {
    if (full()) break;
    RecordedJourney j{e.customer, e.journey, e.persona, e.outcome, 0.0, e.start, e.end, out_visits_.size(), 0};
    // A customer's journeys end in order and its visits are sorted by step, so this journey's
    // visits are at the front of its open list; its purchases are among its open orders.
    const auto open = open_.find(e.customer);
    const auto orders = open_orders_.find(e.customer);
    if (open != open_.end()) {
      std::vector<TracedVisit>& list = open->second;
      std::size_t n = 0;
      for (; n < list.size() && list[n].journey == e.journey; ++n) {
        const TracedVisit& v = list[n];
        RecordedVisit r{e.customer, e.journey, static_cast<std::uint32_t>(n), e.persona, v.touchpoint,
                        v.time, v.wait, v.service, 0.0, v.flags};
        if (orders != open_orders_.end())
          for (const TracedOrder& o : orders->second)
            if (o.step == v.step) r.order_value += static_cast<double>(o.value_cents) / 100.0;
        j.order_value += r.order_value;
        out_visits_.push_back(r);
      }
      const std::uint32_t last_step = n > 0 ? list[n - 1].step : 0;
      list.erase(list.begin(), list.begin() + static_cast<std::ptrdiff_t>(n));
      if (list.empty()) open_.erase(open);
      if (orders != open_orders_.end() && n > 0) {
        auto& os = orders->second;
        os.erase(std::remove_if(os.begin(), os.end(), [&](const TracedOrder& o) { return o.step <= last_step; }), os.end());
        if (os.empty()) open_orders_.erase(orders);
      }
      j.visits = n;
    }
    out_journeys_.push_back(j);
    ++written_;
  }
  if (!out_journeys_.empty()) c_.sink->write(out_journeys_, out_visits_);
}

}  // namespace jsim
