// Engine throughput on the bundled retail example: touchpoint events per second and agents per
// second, untimed (v1 walk with observers) and timed (v2, queues and arrivals), by thread count.
//   ./build/bench/jsim_bench --benchmark_counters_tabular=true
#include <benchmark/benchmark.h>

#include <memory>

#include "model/loader.hpp"
#include "sim/simulation.hpp"

namespace {

jsim::ScenarioPtr retail(bool timed) {
  auto s = std::make_shared<jsim::Scenario>(*jsim::load_scenario(JSIM_SOURCE_DIR "/scenarios/retail_omnichannel.yaml"));
  if (!timed) s->horizon_days = 0.0;  // the v1 walk: every agent at t = 0, no queues
  return s;
}

void run(benchmark::State& state, bool timed, std::uint64_t agents) {
  jsim::RunPlan plan = jsim::default_plan(retail(timed));
  plan.population = agents;
  plan.threads = static_cast<std::uint32_t>(state.range(0));
  std::uint64_t events = 0, done = 0;
  for (auto _ : state) {
    const jsim::RunResult r = jsim::simulate(plan);
    events += r.events;
    done += r.agents;
    state.counters["peak_in_flight"] = static_cast<double>(r.peak_agents_in_flight);
  }
  state.counters["events_per_s"] = benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
  state.counters["agents_per_s"] = benchmark::Counter(static_cast<double>(done), benchmark::Counter::kIsRate);
}

void BM_RetailUntimed(benchmark::State& state) { run(state, false, 2'000'000); }
void BM_RetailTimed(benchmark::State& state) { run(state, true, 200'000); }

}  // namespace

BENCHMARK(BM_RetailUntimed)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_RetailTimed)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_MAIN();
