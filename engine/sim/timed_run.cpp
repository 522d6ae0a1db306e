#include "sim/timed_run.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <optional>
#include <span>
#include <stdexcept>
#include <type_traits>
#include <utility>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include "cluster/collectives.hpp"
#include "sim/agent_calendar.hpp"
#include "sim/arrival_schedule.hpp"

namespace jsim {

namespace {

// A customer at a queue within the current window: its state on arrival there, what it brings,
// what the queue decided under the order tried last, and its next stop at a queue in this
// window (`child`), learnt by walking on from that decision.
struct Request {
  Agent agent;
  QueueTicket ticket;
  QueueOutcome outcome;
  std::int32_t child = -1;
  bool alive = true;      // false once an earlier decision changed and the customer no longer comes
  bool resolved = false;  // `outcome` holds a decision
};

// A queue arrival's place in the order: (time, customer, visit), then the request it is.
struct ArrivalKey {
  double time;
  std::uint64_t customer;
  std::uint32_t visit, request;
  friend auto operator<=>(const ArrivalKey&, const ArrivalKey&) = default;
};

// What one thread collects during a window's parallel phases.
struct Lane {
  AgentCalendar calendar;
  std::vector<Request> requests;
};

// Runs body over [0, n) in parallel, or on this thread when n is small (same result either way).
template <class Body>
void for_each_index(std::size_t n, const Body& body) {
  constexpr std::size_t kGrain = 256;
  if (n <= kGrain) {
    body(std::size_t{0}, n);
    return;
  }
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n, kGrain),
                    [&](const tbb::blocked_range<std::size_t>& r) { body(r.begin(), r.end()); });
}

// Time windows of width W. Within a window, agents advance in parallel until they leave, sleep
// past the window, or reach a capacity-limited touchpoint. Queue decisions are then made in
// (time, customer, visit) order at each queue, the order a sequential event simulation would
// use; since a customer served in this window may reach another queue (or the same one again)
// within it, the window's queue order is found by fixed-point iteration:
//   decide every queue's known arrivals in order, walk each customer whose decision is new or
//   changed on to its next queue in this window (without counting anything), and repeat while
//   that adds, moves or removes an arrival at some queue.
// Each arrival depends only on arrivals before it in (time, customer, visit) order, so the
// iteration settles on the sequential simulation's decisions; the settled walks are then taken
// again with the real counters. The window is therefore a performance knob, not an accuracy one.
class TimedRun {
 public:
  TimedRun(const Scenario& s, const JourneyKernel& kernel, std::uint64_t population, double window,
           tbb::enumerable_thread_specific<Tally>& tallies, std::vector<CapacityQueue>& queues, RunCheckpoint& checkpoint,
           CustomerShare share)
      : kernel_(kernel), tallies_(tallies), queues_(queues), checkpoint_(checkpoint), share_(share),
        queue_owner_(queue_owners(queues, share)),
        arrivals_(s, kernel.key(), population), window_(window),
        windows_(static_cast<std::uint64_t>(std::ceil(s.horizon_seconds() / window)) + 1), queued_at_(s.touchpoints.size()),
        order_(s.touchpoints.size()), dirty_(s.touchpoints.size(), 0), pools_(s.touchpoints.size(), ServerPool(0)) {}

  std::size_t run() {
    for (std::uint64_t k = first_window(); k < windows_; k = next_window(k)) {
      checkpoint_.stop_if_asked();
      run_window(k);
    }
    if (share_.shared()) share_queue_counts();
    return peak_in_flight_;
  }

 private:
  // The windows cover the horizon, plus one: whatever the rounding, an agent with a time before the
  // horizon is filed in a window that runs, and meets the horizon there if it must.
  [[nodiscard]] std::uint64_t window_of(double t) const {
    const double w = std::floor(t / window_);
    return w >= static_cast<double>(windows_ - 1) ? windows_ - 1 : static_cast<std::uint64_t>(w);
  }
  // The window an agent asleep past the current one wakes in: never the current one, whatever the
  // rounding of its time (its bucket is being walked).
  [[nodiscard]] std::uint64_t wake_window(const Agent& a) const { return std::max(current_ + 1, window_of(a.time)); }
  std::uint64_t first_window() { return window_of(arrivals_.next_time()); }
  std::uint64_t next_window(std::uint64_t k) {
    std::uint64_t next = std::max(k + 1, window_of(arrivals_.next_time()));
    for (const Lane& lane : lanes_) next = std::min(next, lane.calendar.next_after(k));
    return share_.shared() ? cluster::all_min(next) : next;  // the ranks run the same windows
  }

  void run_window(std::uint64_t k) {
    current_ = k;
    const double end = static_cast<double>(k + 1) * window_;
    arriving_.clear();
    arrivals_.take_before(end, arriving_);
    if (share_.shared()) std::erase_if(arriving_, [&](const Arrival& a) { return !share_.owns(a.agent); });
    // The agents due, walked where their threads filed them: spans of each lane's bucket, then arrivals.
    due_.clear();
    std::size_t total = 0;
    for (Lane& lane : lanes_) {
      const std::vector<Agent>& bucket = lane.calendar.take(k);
      if (!bucket.empty()) due_.push_back({bucket.data(), total += bucket.size()});
    }
    if (total == 0 && arriving_.empty() && !share_.shared()) return;  // a shared run's ranks meet in every window

    // 1. Everyone due in this window walks until done, asleep past the window, or at a queue.
    for_each_index(total + arriving_.size(), [&](std::size_t from, std::size_t to) {
      Tally& tally = tallies_.local();
      Lane& lane = lanes_.local();
      std::size_t span = 0;
      for (std::size_t i = from; i != to; ++i) {
        Agent a;
        if (i < total) {
          while (due_[span].end <= i) ++span;
          a = due_[span].agents[i - (span == 0 ? 0 : due_[span - 1].end)];
        } else {
          a = kernel_.start(arriving_[i - total].agent, arriving_[i - total].time, tally);
        }
        walk(a, end, tally, lane);
      }
    });
    for (Lane& lane : lanes_) lane.calendar.release(k);
    requests_.clear();
    for (Lane& lane : lanes_) {
      requests_.insert(requests_.end(), lane.requests.begin(), lane.requests.end());
      lane.requests.clear();
    }
    if (share_.shared()) share_requests();
    // 2. The queues' decisions, settled; 3. the walks after them, counted.
    if (!requests_.empty()) {
      settle_queues(end);
      commit_queues(end);
    }
    std::uint64_t held = 0;
    for (const Lane& lane : lanes_) held += lane.calendar.size();
    for (const Request& r : requests_) held += r.alive && share_.owns(r.agent.id) ? 1 : 0;
    if (share_.shared()) held = cluster::all_sum(std::span<const std::uint64_t>(&held, 1)).front();
    peak_in_flight_ = std::max(peak_in_flight_, static_cast<std::size_t>(held));
    checkpoint_.pass(arriving_.size());
  }

  // A shared run: every rank's queue arrivals of this window to every rank, in rank order, so that
  // all keep the same list (a queue's owner decides in (time, customer, visit) order, never the
  // list's). Only the customer's state and its draws for the queue travel.
  void share_requests() {
    struct Travelling {
      Agent agent;
      QueueTicket ticket;
    };
    static_assert(std::is_trivially_copyable_v<Travelling>);
    std::vector<Travelling> mine;
    mine.reserve(requests_.size());
    for (const Request& r : requests_) mine.push_back({r.agent, r.ticket});
    const std::vector<Travelling> all = unpack<Travelling>(cluster::all_gather(std::as_bytes(std::span(mine))));
    requests_.resize(all.size());
    for (std::size_t i = 0; i < all.size(); ++i) requests_[i] = Request{.agent = all[i].agent, .ticket = all[i].ticket, .outcome = {}};
  }

  // A shared run's queues are owned, the k-th capacity-limited touchpoint by rank k mod R: the
  // owner alone decides its arrivals (the sort and the admissions), records them, and keeps the
  // queue's servers.
  [[nodiscard]] bool owns_queue(std::size_t q) const { return queue_owner_[q] == share_.rank; }
  static std::vector<int> queue_owners(const std::vector<CapacityQueue>& queues, CustomerShare share) {
    std::vector<int> owner(queues.size(), 0);
    int k = 0;
    for (std::size_t q = 0; q < queues.size(); ++q)
      if (queues[q].servers() > 0) owner[q] = k++ % share.ranks;
    return owner;
  }

  // The owners' new decisions to every rank, which applies them: `changed` becomes the same list
  // on every rank, in queue order and, within a queue, in decision order, as in one process.
  void share_decisions(std::vector<std::uint32_t>& changed) {
    struct Decision {
      std::uint32_t request, queue;
      QueueOutcome outcome;
    };
    static_assert(std::is_trivially_copyable_v<Decision>);
    std::vector<Decision> mine;
    mine.reserve(changed.size());
    for (const std::uint32_t i : changed) mine.push_back({i, requests_[i].agent.at, requests_[i].outcome});
    std::vector<Decision> all = unpack<Decision>(cluster::all_gather(std::as_bytes(std::span(mine))));
    std::stable_sort(all.begin(), all.end(), [](const Decision& a, const Decision& b) { return a.queue < b.queue; });
    changed.clear();
    for (const Decision& d : all) {
      Request& r = requests_[d.request];
      r.outcome = d.outcome;
      r.resolved = true;
      changed.push_back(d.request);
    }
  }

  // Each rank walked every R-th customer on from its new decision: the answers to every rank.
  void share_next_stops(std::vector<std::optional<Agent>>& next) {
    struct Stop {
      std::uint64_t j;
      Agent agent;
    };
    static_assert(std::is_trivially_copyable_v<Stop>);
    std::vector<Stop> mine;
    for (std::size_t j = 0; j < next.size(); ++j)
      if (next[j]) mine.push_back({j, *next[j]});
    for (const Stop& s : unpack<Stop>(cluster::all_gather(std::as_bytes(std::span(mine))))) next[s.j] = s.agent;
  }

  // At the end, every queue's counts from its owner to every rank (rank 0 writes them).
  void share_queue_counts() {
    std::vector<std::uint64_t> mine;
    for (std::size_t q = 0; q < queues_.size(); ++q)
      if (owns_queue(q)) {
        mine.push_back(q);
        queues_[q].append_counts(mine);
      }
    const std::vector<std::uint64_t> all = unpack<std::uint64_t>(cluster::all_gather(std::as_bytes(std::span(mine))));
    for (std::size_t at = 0; at < all.size();) {
      const std::uint64_t q = all[at];
      at += 1 + queues_[q].read_counts(std::span<const std::uint64_t>(all).subspan(at + 1));
    }
  }

  template <class T>
  static std::vector<T> unpack(const std::vector<std::byte>& bytes) {
    std::vector<T> out(bytes.size() / sizeof(T));
    if (!out.empty()) std::memcpy(out.data(), bytes.data(), out.size() * sizeof(T));
    return out;
  }

  // Walks an agent on and files it by where it stopped.
  void walk(Agent& a, double end, Tally& tally, Lane& lane) const {
    switch (kernel_.advance<true>(a, end, tally)) {
      case AgentStop::Done: break;
      case AgentStop::Sleep: lane.calendar.file(a, wake_window(a)); break;
      case AgentStop::Queue: lane.requests.push_back(Request{.agent = a, .ticket = kernel_.ticket(a), .outcome = {}}); break;
    }
  }

  void settle_queues(double end) {
    for (const Request& r : requests_) dirty_[r.agent.at] = 1;
    std::vector<std::uint32_t> changed;
    std::vector<std::optional<Agent>> next;
    for (std::size_t round = 0;; ++round) {
      if (round > requests_.size() + 1) throw std::logic_error("timed engine: queue order did not settle");
      decide_dirty_queues(changed);
      if (changed.empty()) return;
      // Where does each customer with a new decision go next? (Nothing is counted here.) In a
      // shared run each rank walks every R-th of them and they swap the answers.
      next.assign(changed.size(), std::nullopt);
      for_each_index(changed.size(), [&](std::size_t from, std::size_t to) {
        NullTally nothing;
        for (std::size_t j = from; j != to; ++j) {
          if (share_.shared() && j % static_cast<std::size_t>(share_.ranks) != static_cast<std::size_t>(share_.rank)) continue;
          const Request& r = requests_[changed[j]];
          Agent a = r.agent;
          if (kernel_.after_queue(a, r.outcome, r.ticket, nothing) && kernel_.advance<true>(a, end, nothing) == AgentStop::Queue)
            next[j] = a;
        }
      });
      if (share_.shared()) share_next_stops(next);
      for (std::size_t j = 0; j < changed.size(); ++j) relink(changed[j], next[j]);
    }
  }

  // Decides, in (time, customer, visit) order, the arrivals at every queue whose arrivals changed,
  // from the queue's state at the start of the window; lists the requests whose decision changed.
  void decide_dirty_queues(std::vector<std::uint32_t>& changed) {
    changed.clear();
    for (auto& list : queued_at_) list.clear();
    for (std::uint32_t i = 0; i < requests_.size(); ++i)
      if (requests_[i].alive && dirty_[requests_[i].agent.at]) queued_at_[requests_[i].agent.at].push_back(i);
    for (std::size_t q = 0; q < dirty_.size(); ++q) {
      if (!dirty_[q]) continue;
      dirty_[q] = 0;
      if (!owns_queue(q)) continue;  // its owner decides it, and tells the others what changed
      std::vector<std::uint32_t>& order = queued_at_[q];
      keys_.clear();
      for (const std::uint32_t i : order) keys_.push_back({requests_[i].agent.time, requests_[i].agent.id, requests_[i].agent.step, i});
      std::sort(keys_.begin(), keys_.end());
      for (std::size_t j = 0; j < keys_.size(); ++j) order[j] = keys_[j].request;
      ServerPool pool = queues_[q].pool;
      for (const std::uint32_t i : order) {
        Request& r = requests_[i];
        const QueueOutcome o = pool.admit(r.agent.time, r.ticket.patience, r.ticket.service);
        if (!r.resolved || !(o == r.outcome)) {
          r.outcome = o;
          r.resolved = true;
          changed.push_back(i);
        }
      }
      pools_[q] = std::move(pool);
      order_[q].swap(order);
    }
    if (share_.shared()) share_decisions(changed);
  }

  // Links request i to where its customer now goes next: nowhere, the same next arrival as
  // before, or a new or moved one (whose own decision must then be made again).
  void relink(std::uint32_t i, const std::optional<Agent>& next) {
    // Skip a request that an earlier relink of this round removed, or replaced (it is decided and
    // walked again next round).
    if (!requests_[i].alive || !requests_[i].resolved) return;
    const std::int32_t old = requests_[i].child;
    if (!next) {
      for (std::int32_t c = old; c >= 0;) {  // the customer no longer comes: nor do its later arrivals
        Request& gone = requests_[static_cast<std::size_t>(c)];
        gone.alive = false;
        dirty_[gone.agent.at] = 1;
        c = std::exchange(gone.child, -1);
      }
      requests_[i].child = -1;
      return;
    }
    if (old >= 0) {
      Request& r = requests_[static_cast<std::size_t>(old)];
      if (r.agent == *next) return;
      dirty_[r.agent.at] = 1;
      r.agent = *next;
      r.ticket = kernel_.ticket(*next);
      r.resolved = false;
      dirty_[next->at] = 1;
      return;
    }
    requests_[i].child = static_cast<std::int32_t>(requests_.size());
    dirty_[next->at] = 1;
    requests_.push_back(Request{.agent = *next, .ticket = kernel_.ticket(*next), .outcome = {}});
  }

  // Counts the settled decisions at each queue in order, then walks every customer on from its
  // decision with the real counters, exactly as the settled iteration did.
  void commit_queues(double end) {
    for (std::size_t q = 0; q < queues_.size(); ++q) {
      if (order_[q].empty()) continue;
      CapacityQueue& queue = queues_[q];
      for (const std::uint32_t i : order_[q]) {
        const Request& r = requests_[i];
        queue.record(r.agent.time, r.outcome);
      }
      queue.pool = std::move(pools_[q]);
      pools_[q] = ServerPool(0);
      order_[q].clear();
    }
    for_each_index(requests_.size(), [&](std::size_t from, std::size_t to) {
      Tally& tally = tallies_.local();
      Lane& lane = lanes_.local();
      for (std::size_t i = from; i != to; ++i) {
        const Request& r = requests_[i];
        if (!r.alive || !share_.owns(r.agent.id)) continue;  // another rank counts its own customers
        Agent a = r.agent;
        if (!kernel_.after_queue(a, r.outcome, r.ticket, tally)) continue;
        if (kernel_.advance<true>(a, end, tally) == AgentStop::Sleep) lane.calendar.file(a, wake_window(a));
        // Done: gone. Queue: that arrival is r.child, already among the requests.
      }
    });
  }

  const JourneyKernel& kernel_;
  tbb::enumerable_thread_specific<Tally>& tallies_;
  std::vector<CapacityQueue>& queues_;
  RunCheckpoint& checkpoint_;
  CustomerShare share_;
  std::vector<int> queue_owner_;  // [touchpoint] the rank that decides its queue (shared run)
  ArrivalSchedule arrivals_;
  double window_;
  std::uint64_t windows_;
  std::uint64_t current_ = 0;  // the window being run
  tbb::enumerable_thread_specific<Lane> lanes_;
  struct DueSpan {
    const Agent* agents;
    std::size_t end;  // one past this span's last index among all agents due
  };
  std::vector<DueSpan> due_;
  std::vector<Arrival> arriving_;
  std::vector<Request> requests_;
  std::vector<std::vector<std::uint32_t>> queued_at_;  // [touchpoint] requests to decide this round
  std::vector<std::vector<std::uint32_t>> order_;      // [touchpoint] the last decided order, for commit
  std::vector<ArrivalKey> keys_;                        // scratch for sorting one queue's arrivals
  std::vector<char> dirty_;                             // [touchpoint] its arrivals changed
  std::vector<ServerPool> pools_;                       // [touchpoint] state after the last decided order
  std::size_t peak_in_flight_ = 0;
};

}  // namespace

std::size_t run_timed(const Scenario& s, const JourneyKernel& kernel, std::uint64_t population, double window,
                      tbb::enumerable_thread_specific<Tally>& tallies, std::vector<CapacityQueue>& queues,
                      RunCheckpoint& checkpoint, CustomerShare share) {
  return TimedRun(s, kernel, population, window, tallies, queues, checkpoint, share).run();
}

}  // namespace jsim
