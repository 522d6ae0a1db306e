// Attribution on 1 M distinct paths over 12 channels (the size of a large path export):
//   ./build/bench/jsim_bench --benchmark_filter=Attribution
// Paths are the first million sequences over 12 channels in bijective base 12 (so every one is
// distinct, lengths 1 to 6, repeats included), each position's channel shuffled by a fixed
// permutation; journey counts and values come from a splitmix stream. Deterministic.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <array>
#include <numeric>

#include "data/attribution.hpp"

namespace {

using namespace jsim::data;

constexpr std::size_t kPaths = 1'000'000;
constexpr std::uint32_t kChannels = 12;

std::uint64_t splitmix(std::uint64_t& x) {
  std::uint64_t z = (x += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

const PathData& million_paths() {
  static const PathData d = [] {
    PathData out;
    for (std::uint32_t c = 0; c < kChannels; ++c) out.states.push_back("channel_" + std::to_string(c));
    std::uint64_t rng = 42;
    std::array<std::array<std::uint32_t, kChannels>, 8> perm{};
    for (auto& p : perm) {
      std::iota(p.begin(), p.end(), 0u);
      for (std::uint32_t i = kChannels - 1; i > 0; --i) std::swap(p[i], p[splitmix(rng) % (i + 1)]);
    }
    out.paths.resize(kPaths);
    for (std::size_t i = 0; i < kPaths; ++i) {
      DistinctPath& p = out.paths[i];
      for (std::uint64_t x = i + 1; x > 0; x = (x - 1) / kChannels)  // bijective base 12
        p.touches.push_back(perm[p.touches.size()][(x - 1) % kChannels]);
      // Later channels (in the permuted order) convert more, so credits differ between channels.
      const std::uint64_t r = splitmix(rng);
      p.conversions = (r % 8) < 1 + p.touches.back() % 4 ? 1 + (r >> 8) % 3 : 0;
      p.nulls = 1 + (r >> 16) % 20;
      p.value = static_cast<double>(p.conversions) * (20.0 + static_cast<double>((r >> 24) % 100));
    }
    return out;
  }();
  return d;
}

void run(benchmark::State& state, const std::string& models) {
  const PathData& d = million_paths();
  AttributionOptions o{parse_models(models, 1, true)};
  for (auto _ : state) benchmark::DoNotOptimize(attribute(d, o));
  state.counters["paths"] = static_cast<double>(kPaths);
}

void BM_AttributionHeuristics(benchmark::State& s) { run(s, "first_touch,last_touch,linear,position_based"); }
void BM_AttributionMarkov1(benchmark::State& s) { run(s, "markov_1"); }
void BM_AttributionMarkov2(benchmark::State& s) { run(s, "markov_2"); }
void BM_AttributionMarkov3(benchmark::State& s) { run(s, "markov_3"); }
void BM_AttributionMarkov4(benchmark::State& s) { run(s, "markov_4"); }  // ~19,000 chain states
void BM_AttributionShapley(benchmark::State& s) { run(s, "shapley"); }
// Everything the brief asks for in one attribute() call: the models run side by side.
void BM_AttributionAll(benchmark::State& s) {
  run(s, "first_touch,last_touch,linear,position_based,markov_1,markov_2,markov_3,shapley");
}

}  // namespace

BENCHMARK(BM_AttributionHeuristics)->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK(BM_AttributionMarkov1)->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK(BM_AttributionMarkov2)->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK(BM_AttributionMarkov3)->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK(BM_AttributionMarkov4)->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK(BM_AttributionShapley)->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK(BM_AttributionAll)->Unit(benchmark::kMillisecond)->Iterations(1);
