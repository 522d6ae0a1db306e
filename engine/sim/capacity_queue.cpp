#include "sim/capacity_queue.hpp"

#include <algorithm>
#include <functional>

namespace jsim {

CapacityQueue::CapacityQueue(std::uint32_t servers, double horizon, std::size_t periods)
    : waiting_area(periods == 0 ? 1 : periods, 0.0), free_at_(servers, 0.0), horizon_(horizon) {}

QueueOutcome CapacityQueue::admit(double arrival, double patience, double service) {
  ++queued;
  std::pop_heap(free_at_.begin(), free_at_.end(), std::greater<>());
  double& earliest = free_at_.back();
  const double start = std::max(arrival, earliest);
  QueueOutcome out;
  out.wait = start - arrival;
  if (out.wait > patience) {  // gives up before a server is free; the server stays as it was
    out.wait = patience;
    out.leave = arrival + patience;
    ++reneges;
  } else {
    out.served = true;
    out.leave = start + service;
    earliest = out.leave;
    ++served;
    busy += std::max(0.0, std::min(out.leave, horizon_) - std::min(start, horizon_));
  }
  std::push_heap(free_at_.begin(), free_at_.end(), std::greater<>());
  if (out.wait > 0.0) ++waited;
  wait_sum += out.wait;
  waits.add(out.wait);
  add_waiting(arrival, arrival + out.wait);
  return out;
}

// Adds the interval [from, to) to the hourly customer-seconds of waiting (queue length x time).
void CapacityQueue::add_waiting(double from, double to) {
  to = std::min(to, horizon_);
  while (from < to) {
    const auto p = static_cast<std::size_t>(from / 3600.0);
    if (p >= waiting_area.size()) break;
    const double end = std::min(to, static_cast<double>(p + 1) * 3600.0);
    waiting_area[p] += end - from;
    from = end;
  }
}

}  // namespace jsim
