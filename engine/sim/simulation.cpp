#include "sim/simulation.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <memory>
#include <optional>

#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include "cluster/collectives.hpp"
#include "cluster/ranks.hpp"
#include "sim/capacity_queue.hpp"
#include "sim/customer_share.hpp"
#include "sim/journey_kernel.hpp"
#include "sim/run_checkpoint.hpp"
#include "sim/summarize.hpp"
#include "sim/timed_run.hpp"

namespace jsim {

RunPlan default_plan(ScenarioPtr scenario) {
  RunPlan p;
  p.seed = scenario->seed;
  p.population = scenario->population;
  p.scenario = std::move(scenario);
  return p;
}

double engine_window(const Scenario& s) { return s.window > 0.0 ? s.window : 3600.0; }

namespace {

std::size_t hour_periods(const Scenario& s) {
  return s.timed() ? static_cast<std::size_t>(std::ceil(s.horizon_seconds() / 3600.0)) : 0;
}

// v1: every agent starts at time 0 and nothing is shared, so agents are walked to the end in
// parallel and nothing is kept per agent. Customers go in fixed blocks: between blocks the run
// reports progress, can be stopped, and drains recorded journeys, so memory stays bounded and the
// order of the records does not depend on the thread count.
void run_untimed(const JourneyKernel& kernel, std::uint64_t population, tbb::enumerable_thread_specific<Tally>& tallies,
                 bool recording, RunCheckpoint& checkpoint, CustomerShare share) {
  const std::uint64_t block = recording ? 1 << 12 : 1 << 16;
  for (std::uint64_t from = 0; from < population; from += block) {
    checkpoint.stop_if_asked();
    const std::uint64_t to = std::min(population, from + block);
    tbb::parallel_for(tbb::blocked_range<std::uint64_t>(from, to, 1024), [&](const auto& range) {
      Tally& tally = tallies.local();
      for (std::uint64_t id = share.first_from(range.begin()); id < range.end(); id += static_cast<std::uint64_t>(share.ranks)) {
        Agent a = kernel.start(id, 0.0, tally);
        (void)kernel.advance<false>(a, 0.0, tally);
      }
    });
    checkpoint.pass(to - from);
  }
}

RunResult simulate_here(const RunPlan& plan) {
  const auto t0 = std::chrono::steady_clock::now();
  const Scenario& s = *plan.scenario;
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

  RunCheckpoint checkpoint(tallies, recorder ? &*recorder : nullptr, plan.progress);
  const CustomerShare share = plan.share_customers ? CustomerShare{cluster::rank(), cluster::size()} : CustomerShare{};
  std::size_t peak = 0;
  if (s.timed())
    peak = run_timed(s, kernel, plan.population, engine_window(s), tallies, queues, checkpoint, share);
  else
    run_untimed(kernel, plan.population, tallies, recording, checkpoint, share);
  for (const Tally& t : tallies) total.merge(t);
  if (share.shared()) {
    // Rank 0 adds the other ranks' counters as it added its threads': exactly, in any order.
    const std::vector<std::vector<std::uint64_t>> ranks = cluster::gather_to_rank_0(total.counters.values());
    for (std::size_t r = 1; r < ranks.size(); ++r) {
      Tally t = fresh_tally();
      std::copy(ranks[r].begin(), ranks[r].end(), t.counters.values().begin());
      total.merge(t);
    }
  }

  RunResult r = summarize(s, tables, total, queues);
  r.seed = plan.seed;
  r.info.threads = static_cast<std::uint32_t>(tbb::this_task_arena::max_concurrency());
  r.info.host = host_name();
  r.info.ranks = static_cast<std::uint32_t>(share.ranks);
  r.peak_agents_in_flight = peak;
  r.info.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return r;
}

}  // namespace

// threads == 0: the run shares the caller's arena (an experiment running several runs at once);
// otherwise it gets an arena of its own with that many threads.
RunResult simulate(const RunPlan& plan) {
  if (plan.threads == 0) return simulate_here(plan);
  tbb::task_arena arena(static_cast<int>(plan.threads));
  return arena.execute([&] { return simulate_here(plan); });
}

}  // namespace jsim
