#include "sim/simulation.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <memory>
#include <optional>
#include <tuple>

#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include "sim/arrival_schedule.hpp"
#include "sim/capacity_queue.hpp"
#include "sim/journey_kernel.hpp"
#include "sim/summarize.hpp"

namespace jsim {

RunPlan default_plan(ScenarioPtr scenario) {
  RunPlan p;
  p.seed = scenario->seed;
  p.population = scenario->population;
  p.scenario = std::move(scenario);
  return p;
}

double engine_window(const Scenario& s) {
  if (s.window > 0.0) return s.window;
  double smallest = std::numeric_limits<double>::infinity();
  for (const auto& tp : s.touchpoints)
    if (tp.capacity_limited()) smallest = std::min(smallest, tp.service.mean());
  if (!std::isfinite(smallest)) return 3600.0;
  return std::clamp(smallest / 4.0, 1.0, 3600.0);
}

namespace {

std::size_t hour_periods(const Scenario& s) {
  return s.timed() ? static_cast<std::size_t>(std::ceil(s.horizon_seconds() / 3600.0)) : 0;
}

// Drains every thread's journey trace (and the serial one) into the recorder, if there is one.
void drain_journeys(JourneyRecorder* recorder, tbb::enumerable_thread_specific<Tally>& tallies, Tally& serial) {
  if (recorder == nullptr) return;
  std::vector<JourneyTrace*> traces{&serial.trace};
  for (Tally& t : tallies)
    if (!t.trace.empty()) traces.push_back(&t.trace);
  if (traces.size() > 1 || !serial.trace.empty()) recorder->drain(traces);
}

// v1: every agent starts at time 0 and nothing is shared, so agents are walked to the end in
// parallel blocks and nothing is kept per agent. When journeys are recorded, customers go in
// fixed blocks whose traces are drained in turn, so memory stays bounded and the order of the
// records does not depend on the thread count.
void run_untimed(const Scenario& s, const JourneyKernel& kernel, std::uint64_t population,
                 tbb::enumerable_thread_specific<Tally>& tallies, Tally& serial, JourneyRecorder* recorder) {
  const auto walk = [&](std::uint64_t from, std::uint64_t to) {
    tbb::parallel_for(tbb::blocked_range<std::uint64_t>(from, to, 1024), [&](const auto& range) {
      Tally& tally = tallies.local();
      for (std::uint64_t id = range.begin(); id != range.end(); ++id) {
        Agent a = kernel.start(id, 0.0, tally);
        (void)kernel.advance<false>(a, 0.0, tally);
      }
    });
  };
  if (recorder == nullptr) return walk(0, population);
  constexpr std::uint64_t kBlock = 1 << 12;
  for (std::uint64_t from = 0; from < population; from += kBlock) {
    walk(from, std::min(population, from + kBlock));
    drain_journeys(recorder, tallies, serial);
  }
}

struct QueueRequest {
  Index touchpoint;
  double time;
  std::uint64_t agent;
  std::uint32_t slot;
};

// Agents in flight: a slot pool with a free list, so memory follows agents in flight.
class AgentPool {
 public:
  std::uint32_t add(const Agent& a) {
    if (free_.empty()) {
      agents_.push_back(a);
      return static_cast<std::uint32_t>(agents_.size() - 1);
    }
    const auto slot = free_.back();
    free_.pop_back();
    agents_[slot] = a;
    return slot;
  }
  void release(std::uint32_t slot) { free_.push_back(slot); }
  Agent& operator[](std::uint32_t slot) { return agents_[slot]; }
  [[nodiscard]] std::size_t capacity() const { return agents_.size(); }

 private:
  std::vector<Agent> agents_;
  std::vector<std::uint32_t> free_;
};

struct WindowOutput {
  std::vector<std::uint32_t> sleeping, done;
  std::vector<QueueRequest> requests;
};

// v2: discrete events in time windows of width W. Within a window agents advance in parallel
// until they leave, sleep past the window, or join a queue; queue arrivals are then resolved per
// touchpoint in (time, agent id) order, which fixes every interaction between agents
// independently of thread count. See docs/model.md.
class TimedRun {
 public:
  TimedRun(const Scenario& s, const JourneyKernel& kernel, std::uint64_t population,
           tbb::enumerable_thread_specific<Tally>& tallies, Tally& serial_tally, std::vector<CapacityQueue>& queues,
           JourneyRecorder* recorder)
      : s_(s), kernel_(kernel), tallies_(tallies), serial_(serial_tally), queues_(queues), recorder_(recorder),
        arrivals_(s, kernel.key(), population), window_(engine_window(s)),
        buckets_(static_cast<std::size_t>(std::ceil(s.horizon_seconds() / window_)) + 1) {}

  void run() {
    for (std::size_t k = 0; k + 1 < buckets_.size(); ++k) {
      const double end = static_cast<double>(k + 1) * window_;
      admit_arrivals(k, end);
      std::vector<std::uint32_t> active = std::move(buckets_[k]);
      buckets_[k] = {};
      if (active.empty()) continue;
      advance_all(active, end);
      gather(k);
      drain_journeys(recorder_, tallies_, serial_);
    }
    for (auto slot : buckets_.back()) (void)kernel_.end_journey(pool_[slot], JourneyKernel::Outcome::Unfinished, serial_);
    drain_journeys(recorder_, tallies_, serial_);
  }

  std::size_t peak_in_flight = 0;

 private:
  void admit_arrivals(std::size_t k, double end) {
    Arrival arr;
    while (arrivals_.next_before(end, arr)) buckets_[k].push_back(pool_.add(kernel_.start(arr.agent, arr.time, serial_)));
    peak_in_flight = std::max(peak_in_flight, pool_.capacity());
  }

  void advance_all(const std::vector<std::uint32_t>& active, double end) {
    const auto body = [&](const tbb::blocked_range<std::size_t>& range) {
      Tally& tally = tallies_.local();
      WindowOutput& out = outputs_.local();
      for (std::size_t i = range.begin(); i != range.end(); ++i) {
        const std::uint32_t slot = active[i];
        Agent& a = pool_[slot];
        switch (kernel_.advance<true>(a, end, tally)) {
          case AgentStop::Done: out.done.push_back(slot); break;
          case AgentStop::Sleep: out.sleeping.push_back(slot); break;
          case AgentStop::Queue: out.requests.push_back({a.at, a.time, a.id, slot}); break;
        }
      }
    };
    // A window with few agents is cheaper on this thread than handed out (same result either way).
    constexpr std::size_t kGrain = 256;
    if (active.size() <= kGrain)
      body(tbb::blocked_range<std::size_t>(0, active.size()));
    else
      tbb::parallel_for(tbb::blocked_range<std::size_t>(0, active.size(), kGrain), body);
  }

  void schedule(std::size_t k, std::uint32_t slot) {
    const auto b = static_cast<std::size_t>(pool_[slot].time / window_);
    buckets_[std::min(std::max(b, k + 1), buckets_.size() - 1)].push_back(slot);
  }

  void gather(std::size_t k) {
    std::vector<QueueRequest> requests;
    for (WindowOutput& out : outputs_) {
      for (auto slot : out.sleeping) schedule(k, slot);
      for (auto slot : out.done) pool_.release(slot);
      requests.insert(requests.end(), out.requests.begin(), out.requests.end());
      out.sleeping.clear();
      out.done.clear();
      out.requests.clear();
    }
    std::sort(requests.begin(), requests.end(), [](const QueueRequest& x, const QueueRequest& y) {
      return std::tie(x.touchpoint, x.time, x.agent) < std::tie(y.touchpoint, y.time, y.agent);
    });
    for (const QueueRequest& r : requests) resolve(k, r);
  }

  // The agent's own draws decide its patience and service time, so the outcome is the same
  // whichever thread resolved it.
  void resolve(std::size_t k, const QueueRequest& r) {
    Agent& a = pool_[r.slot];
    const Touchpoint& tp = s_.touchpoints[r.touchpoint];
    const Persona& persona = s_.personas[a.persona];
    const StreamKey& key = kernel_.key();
    double patience = std::numeric_limits<double>::infinity();
    if (!persona.patience.is_none()) {
      Substream g(key, a.id, a.step, Purpose::Patience);
      patience = persona.patience.sample(g);
    }
    const double service = kernel_.service_time(a, tp);
    const QueueOutcome o = queues_[r.touchpoint].admit(r.time, patience, service);
    if (a.traced) kernel_.trace_visit(a, serial_, r.time, o.wait, o.served ? service : 0.0, !o.served);
    kernel_.on_queue_outcome(a, o.wait, !o.served);
    a.time = o.leave;
    if (o.served) {
      a.served = true;
    } else if (a.retries < persona.max_retries) {  // comes back later to try again
      ++a.retries;
      Substream g(key, a.id, a.step, Purpose::Retry);
      a.gap = persona.retry_delay.sample(g);
      a.time += a.gap;
      ++a.step;
    } else if (!kernel_.end_journey(a, JourneyKernel::Outcome::Abandoned, serial_)) {
      pool_.release(r.slot);
      return;
    }
    schedule(k, r.slot);
  }

  const Scenario& s_;
  const JourneyKernel& kernel_;
  tbb::enumerable_thread_specific<Tally>& tallies_;
  Tally& serial_;
  std::vector<CapacityQueue>& queues_;
  JourneyRecorder* recorder_;
  ArrivalSchedule arrivals_;
  double window_;
  std::vector<std::vector<std::uint32_t>> buckets_;  // [window]: agents whose next event falls in it; last = beyond the horizon
  AgentPool pool_;
  tbb::enumerable_thread_specific<WindowOutput> outputs_;
};

}  // namespace

RunResult simulate(const RunPlan& plan) {
  const auto t0 = std::chrono::steady_clock::now();
  const Scenario& s = *plan.scenario;
  const std::uint32_t threads = plan.threads > 0 ? plan.threads : static_cast<std::uint32_t>(tbb::info::default_concurrency());
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);

  const JourneyTables tables(s);
  const StreamKey key(plan.seed);
  const JourneyKernel kernel(s, tables, key, plan.journeys.sample);
  const std::size_t periods = hour_periods(s);
  const bool recording = plan.journeys.sink != nullptr;
  const auto fresh_tally = [&] {
    Tally t(s, tables.transition_count(), periods);
    t.trace.on = recording;
    return t;
  };
  tbb::enumerable_thread_specific<Tally> tallies(fresh_tally);
  Tally total = fresh_tally();
  std::optional<JourneyRecorder> recorder;
  if (recording) recorder.emplace(plan.journeys);
  std::vector<CapacityQueue> queues;
  for (const auto& tp : s.touchpoints) queues.emplace_back(tp.servers, s.timed() ? s.horizon_seconds() : 0.0, periods, tp.hours);

  std::size_t peak = 0;
  if (s.timed()) {
    TimedRun run(s, kernel, plan.population, tallies, total, queues, recorder ? &*recorder : nullptr);
    run.run();
    peak = run.peak_in_flight;
  } else {
    run_untimed(s, kernel, plan.population, tallies, total, recorder ? &*recorder : nullptr);
  }
  for (const Tally& t : tallies) total.merge(t);

  RunResult r = summarize(s, tables, total, queues);
  r.seed = plan.seed;
  r.threads = threads;
  r.peak_agents_in_flight = peak;
  r.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return r;
}

}  // namespace jsim
