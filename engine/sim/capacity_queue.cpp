#include "sim/capacity_queue.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <functional>

namespace jsim {

QueueOutcome ServerPool::admit(double arrival, double patience, double service) {
  std::pop_heap(free_at_.begin(), free_at_.end(), std::greater<>());
  double& earliest = free_at_.back();
  const double start = std::max(arrival, earliest);
  QueueOutcome out;
  out.wait = start - arrival;
  if (out.wait > patience) {  // gives up before a server is free; the server stays as it was
    out.admission = Admission::Reneged;
    out.wait = patience;
    out.leave = arrival + patience;
  } else {
    out.admission = Admission::Served;
    out.leave = start + service;
    earliest = out.leave;
  }
  std::push_heap(free_at_.begin(), free_at_.end(), std::greater<>());
  return out;
}

CapacityQueue::CapacityQueue(std::uint32_t servers, double horizon, std::size_t periods, const OpeningHours& hours)
    : pool(servers), waiting_area(periods == 0 ? 1 : periods, 0.0), arrivals_by_hour(periods == 0 ? 1 : periods, 0),
      horizon_(horizon), hours_(&hours) {}

namespace {

// Seconds of [from, to) within opening hours.
double open_within(const OpeningHours& hours, double from, double to) {
  if (hours.always_open || to <= from) return std::max(0.0, to - from);
  double open = 0.0;
  for (double t = from; t < to;) {
    const double hour_end = (std::floor(t / 3600.0) + 1.0) * 3600.0;
    const double end = std::min(to, hour_end);
    if (hours.is_open(t)) open += end - t;
    t = end;
  }
  return open;
}

}  // namespace

QueueOutcome CapacityQueue::admit(double arrival, double patience, double service) {
  const QueueOutcome out = pool.admit(arrival, patience, service);
  record(arrival, out);
  return out;
}

void CapacityQueue::append_counts(std::vector<std::uint64_t>& out) const {
  const auto bits = [](double x) { return std::bit_cast<std::uint64_t>(x); };
  out.insert(out.end(), {queued, served, reneges, waited, finished_waits, unfinished_waits, bits(wait_sum), bits(busy)});
  out.insert(out.end(), waits.counts().begin(), waits.counts().end());
  for (double a : waiting_area) out.push_back(bits(a));
  out.insert(out.end(), arrivals_by_hour.begin(), arrivals_by_hour.end());
}

std::size_t CapacityQueue::read_counts(std::span<const std::uint64_t> words) {
  std::size_t at = 0;
  const auto next = [&] { return words[at++]; };
  const auto number = [&] { return std::bit_cast<double>(words[at++]); };
  queued = next(), served = next(), reneges = next(), waited = next(), finished_waits = next(), unfinished_waits = next();
  wait_sum = number(), busy = number();
  for (std::uint64_t& n : waits.counts()) n = next();
  for (double& a : waiting_area) a = number();
  for (std::uint64_t& n : arrivals_by_hour) n = next();
  return at;
}

void CapacityQueue::record(double arrival, const QueueOutcome& out) {
  ++queued;
  const auto hour = static_cast<std::size_t>(std::max(0.0, arrival) / 3600.0);
  ++arrivals_by_hour[std::min(hour, arrivals_by_hour.size() - 1)];
  const double wait_end = arrival + out.wait;
  if (horizon_ > 0.0 && wait_end > horizon_) {
    ++unfinished_waits;  // still waiting when the horizon ends: neither served nor reneged within it
  } else {
    switch (out.admission) {
      case Admission::Served:
        ++served;
        if (horizon_ > 0.0) busy += open_within(*hours_, wait_end, std::min(out.leave, horizon_));
        break;
      case Admission::Reneged:
      case Admission::Balked:     // reserved (admission.hpp): counted as reneges until a policy
      case Admission::Deflected:  // that produces them brings its own counters
        ++reneges;
        break;
    }
    ++finished_waits;
    if (out.wait > 0.0) ++waited;
    wait_sum += out.wait;
    waits.add(out.wait);
  }
  add_waiting(arrival, wait_end);
}

// Adds the interval [from, to) to the hourly customer-seconds of waiting (queue length x time).
void CapacityQueue::add_waiting(double from, double to) {
  if (horizon_ > 0.0) to = std::min(to, horizon_);
  if (to <= from) return;
  auto p = static_cast<std::size_t>(from / 3600.0);
  const auto last = static_cast<std::size_t>(to / 3600.0);
  if (p == last) {  // the usual case: a wait within one hour
    if (p < waiting_area.size()) waiting_area[p] += to - from;
    return;
  }
  // A long wait: the hours it spans wholly get 3600 s each, without walking them one by one twice.
  waiting_area[std::min(p, waiting_area.size() - 1)] += static_cast<double>(p + 1) * 3600.0 - from;
  for (++p; p < last && p < waiting_area.size(); ++p) waiting_area[p] += 3600.0;
  if (last < waiting_area.size()) waiting_area[last] += to - static_cast<double>(last) * 3600.0;
}

}  // namespace jsim
