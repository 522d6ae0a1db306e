#include "sim/journey_recorder.hpp"

#include <algorithm>
#include <tuple>

#include "sim/random.hpp"

namespace jsim {

bool in_journey_sample(std::uint64_t customer, double sample) {
  if (sample >= 1.0) return true;
  // A fixed hash of the customer id alone (splitmix64 of id + the golden ratio).
  return to_unit(mix64(customer + 0x9E3779B97F4A7C15ull)) < sample;
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
  // Walk the sorted ends, visits and orders together. A journey's visits are those held from
  // earlier drains (timed runs only) followed by the run of this drain's visits with the same
  // (customer, journey); visits of journeys still going are held for a later drain.
  out_journeys_.clear(), out_visits_.clear();
  std::size_t v = 0, o = 0;
  const auto hold_visits_before = [&](std::uint64_t customer, std::uint16_t journey) {
    for (; v < visits_.size() && std::tie(visits_[v].customer, visits_[v].journey) < std::tie(customer, journey); ++v)
      open_[visits_[v].customer].push_back(visits_[v]);
  };
  const auto hold_orders_before = [&](std::uint64_t customer) {
    for (; o < orders_.size() && orders_[o].customer < customer; ++o) open_orders_[orders_[o].customer].push_back(orders_[o]);
  };
  std::vector<TracedVisit> journey;
  std::vector<TracedOrder> purchases;
  for (const TracedJourneyEnd& e : ends_) {
    if (full()) break;
    hold_visits_before(e.customer, e.journey);
    hold_orders_before(e.customer);
    journey.clear(), purchases.clear();
    if (!open_.empty()) {
      if (const auto held = open_.find(e.customer); held != open_.end()) {
        std::vector<TracedVisit>& list = held->second;
        std::size_t n = 0;
        while (n < list.size() && list[n].journey == e.journey) journey.push_back(list[n++]);
        list.erase(list.begin(), list.begin() + static_cast<std::ptrdiff_t>(n));
        if (list.empty()) open_.erase(held);
      }
    }
    for (; v < visits_.size() && visits_[v].customer == e.customer && visits_[v].journey == e.journey; ++v)
      journey.push_back(visits_[v]);
    const std::uint32_t last_step = journey.empty() ? 0 : journey.back().step;
    if (!open_orders_.empty()) {
      if (const auto held = open_orders_.find(e.customer); held != open_orders_.end()) {
        auto& list = held->second;
        for (const TracedOrder& x : list)
          if (!journey.empty() && x.step <= last_step) purchases.push_back(x);
        list.erase(std::remove_if(list.begin(), list.end(),
                                  [&](const TracedOrder& x) { return !journey.empty() && x.step <= last_step; }),
                   list.end());
        if (list.empty()) open_orders_.erase(held);
      }
    }
    for (; o < orders_.size() && orders_[o].customer == e.customer && !journey.empty() && orders_[o].step <= last_step; ++o)
      purchases.push_back(orders_[o]);

    RecordedJourney j{e.customer, e.journey, e.persona, e.outcome, 0.0, e.start, e.end, out_visits_.size(), journey.size()};
    std::size_t p = 0;
    for (std::size_t n = 0; n < journey.size(); ++n) {
      const TracedVisit& x = journey[n];
      RecordedVisit r{e.customer, e.journey, static_cast<std::uint32_t>(n), e.persona, x.touchpoint,
                      x.time, x.wait, x.service, 0.0, x.flags};
      for (; p < purchases.size() && purchases[p].step <= x.step; ++p)
        if (purchases[p].step == x.step) r.order_value += static_cast<double>(purchases[p].value_cents) / 100.0;
      j.order_value += r.order_value;
      out_visits_.push_back(r);
    }
    out_journeys_.push_back(j);
    ++written_;
  }
  hold_visits_before(~std::uint64_t{0}, 0);
  for (; v < visits_.size(); ++v) open_[visits_[v].customer].push_back(visits_[v]);
  hold_orders_before(~std::uint64_t{0});
  for (; o < orders_.size(); ++o) open_orders_[orders_[o].customer].push_back(orders_[o]);
  if (!out_journeys_.empty()) c_.sink->write(out_journeys_, out_visits_);
}

}  // namespace jsim
