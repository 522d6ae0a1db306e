// Engine throughput: touchpoint events per second and agents per second.
//   ./build/bench/jsim_bench --benchmark_counters_tabular=true
// - BareWalk: the floor — a per-agent generator and alias tables over a 25-touchpoint graph, no
//   observers, no time (the v1 semantics with nothing else).
// - EngineWalk: the engine on the same graph (Philox streams, observers, results).
// - RetailUntimed / RetailTimed: the bundled example without and with time, queues and arrivals
//   (timed: 5 M arrivals over its 28 days, the target size of the issue "Timed runs").
// - RetailTimedWindow: the same at several engine windows (seconds), 2 threads: the window changes
//   speed only, never a result.
#include <benchmark/benchmark.h>

#include <memory>

#include "../tests/scenario_builders.hpp"
#include "model/loader.hpp"
#include "sim/journey_tables.hpp"
#include "sim/simulation.hpp"

#include <tbb/blocked_range.h>
#include <tbb/combinable.h>
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>

namespace {

// 22 regular touchpoints + 3 terminal ones, frictions low enough for journeys of ~20 visits.
std::shared_ptr<jsim::Scenario> graph25() {
  auto s = jsim::testing::random_graph(99, 22, 3);
  for (auto& tp : s->touchpoints) tp.friction *= 0.05;
  for (auto& out : s->transitions)
    if (!out.empty()) out.back().weight *= 0.2;  // the way out: rarer
  return s;
}

std::uint64_t splitmix(std::uint64_t& x) {
  std::uint64_t z = (x += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

void BM_BareWalk(benchmark::State& state) {
  const auto s = graph25();
  const jsim::JourneyTables t(*s);
  const std::uint64_t agents = 2'000'000;
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(state.range(0)));
  std::uint64_t events = 0;
  for (auto _ : state) {
    tbb::combinable<std::uint64_t> steps([] { return std::uint64_t{0}; });
    tbb::parallel_for(tbb::blocked_range<std::uint64_t>(0, agents, 4096), [&](const auto& range) {
      std::uint64_t n = 0;
      for (std::uint64_t id = range.begin(); id != range.end(); ++id) {
        std::uint64_t x = id * 0xD1B54A32D192ED03ULL + 42;
        const jsim::Index p = t.pick_persona(splitmix(x));
        jsim::Index at = t.pick_entry(p, splitmix(x));
        for (;;) {
          ++n;
          if (s->touchpoints[at].terminal()) break;
          const jsim::StepRow& row = t.row(p, at);
          if ((splitmix(x) >> 11) < row.abandon53) break;
          at = t.transition_to(t.pick_transition(row, splitmix(x)));
        }
      }
      steps.local() += n;
    });
    events += steps.combine(std::plus<>());
  }
  state.counters["events_per_s"] = benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
}

void run(benchmark::State& state, const jsim::ScenarioPtr& s, std::uint64_t agents) {
  jsim::RunPlan plan = jsim::default_plan(s);
  plan.population = agents;
  plan.threads = static_cast<std::uint32_t>(state.range(0));
  std::uint64_t events = 0, done = 0;
  for (auto _ : state) {
    const jsim::RunResult r = jsim::simulate(plan);
    events += r.events;
    done += r.agents;
    state.counters["peak_in_flight"] = static_cast<double>(r.peak_agents_in_flight);
    state.counters["path"] = static_cast<double>(r.events) / static_cast<double>(r.agents);
  }
  state.counters["events_per_s"] = benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
  state.counters["agents_per_s"] = benchmark::Counter(static_cast<double>(done), benchmark::Counter::kIsRate);
}

jsim::ScenarioPtr retail(bool timed) {
  auto s = std::make_shared<jsim::Scenario>(*jsim::load_scenario(JSIM_SOURCE_DIR "/scenarios/retail_omnichannel.yaml"));
  if (!timed) s->horizon_days = 0.0;  // every agent at t = 0, no queues
  return s;
}

void BM_EngineWalk(benchmark::State& state) { run(state, graph25(), 2'000'000); }
void BM_RetailUntimed(benchmark::State& state) { run(state, retail(false), 2'000'000); }
void BM_RetailTimed(benchmark::State& state) { run(state, retail(true), 5'000'000); }
void BM_RetailTimedWindow(benchmark::State& state) {
  auto s = std::make_shared<jsim::Scenario>(*retail(true));
  s->window = static_cast<double>(state.range(1));
  run(state, s, 5'000'000);
}

}  // namespace

BENCHMARK(BM_BareWalk)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_EngineWalk)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_RetailUntimed)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_RetailTimed)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);
BENCHMARK(BM_RetailTimedWindow)
    ->Args({2, 60})->Args({2, 900})->Args({2, 3600})->Args({2, 14400})
    ->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);
BENCHMARK_MAIN();
