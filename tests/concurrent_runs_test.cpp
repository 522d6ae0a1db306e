// Runs of an experiment go several at once (experiment/concurrent_runs.hpp): the results are those
// of one run after another, in replication order, for any thread count.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <filesystem>
#include <fstream>

#include <tbb/task_arena.h>

#include "cli_runner.hpp"
#include "experiment/concurrent_runs.hpp"
#include "experiment/replication.hpp"
#include "scenario_builders.hpp"

namespace jsim {
namespace {

namespace fs = std::filesystem;
using testing::jsim;
using testing::Outcome;

MetricSamples one_after_another(const RunPlan& plan, std::uint32_t count) {
  MetricSamples samples;
  for (std::uint32_t r = 0; r < count; ++r) {
    RunPlan p = plan;
    p.seed = replication_seed(plan.seed, r);
    samples.add(extract_metrics(simulate(p)));
  }
  return samples;
}

void expect_same(const MetricSamples& a, const MetricSamples& b) {
  ASSERT_EQ(a.names, b.names);
  ASSERT_EQ(a.replications, b.replications);
  for (std::size_t m = 0; m < a.names.size(); ++m)
    for (std::size_t r = 0; r < a.values[m].size(); ++r)
      EXPECT_TRUE(a.values[m][r] == b.values[m][r] || (std::isnan(a.values[m][r]) && std::isnan(b.values[m][r])))
          << a.names[m] << " replication " << r;
}

TEST(ConcurrentRuns, ReplicationsMatchOneRunAfterAnotherForAnyThreadCount) {
  for (const ScenarioPtr& s : {ScenarioPtr(testing::random_graph(3, 8, 2)), ScenarioPtr(testing::single_queue(40, 360, 5, 7))}) {
    RunPlan plan = default_plan(s);
    plan.population = 4000;
    const MetricSamples expected = one_after_another(plan, 6);
    for (int threads : {1, 2, 4}) {
      tbb::task_arena arena(threads);
      const Replications got = arena.execute([&] { return replicate(plan, 6); });
      expect_same(got.samples, expected);
      EXPECT_EQ(got.first.seed, plan.seed);  // the full result is replication 0's
    }
  }
}

TEST(ConcurrentRuns, KeepsEveryResultByIndexAndCountsFinishedRuns) {
  RunProgress progress;
  RunPlan plan = default_plan(testing::random_graph(4, 5, 1));
  plan.population = 500;
  plan.progress = &progress;
  std::vector<std::uint64_t> seeds(16, 0);
  run_concurrently(
      seeds.size(),
      [&](std::size_t i) {
        RunPlan p = plan;
        p.seed = 100 + i;
        return p;
      },
      [&](std::size_t i, RunResult&& r) { seeds[i] = r.seed; });
  for (std::size_t i = 0; i < seeds.size(); ++i) EXPECT_EQ(seeds[i], 100 + i);
  EXPECT_EQ(progress.runs.load(), 16u);
}

TEST(ConcurrentRuns, AStopRequestInterruptsTheBatch) {
  RunProgress progress;
  progress.stop = true;
  RunPlan plan = default_plan(testing::random_graph(4, 5, 1));
  plan.population = 500;
  plan.progress = &progress;
  std::atomic<int> kept{0};
  EXPECT_THROW(run_concurrently(
                   8, [&](std::size_t) { return plan; }, [&](std::size_t, RunResult&&) { ++kept; }),
               Interrupted);
  EXPECT_EQ(kept.load(), 0);
}

// The whole command: designs, points and replications run at once with --threads 2, one by one
// with --threads 1, and every number agrees.
TEST(CliConcurrentRuns, CompareAndSweepAreTheSameForOneAndTwoThreads) {
  const fs::path d = testing::fresh_dir("concurrent_cli");
  fs::create_directories(d);
  std::string text = testing::slurp(fs::path(JSIM_SOURCE_DIR) / "scenarios/call_centre_mmc.yaml");
  text.replace(text.find("servers: 6"), 10, "servers: 7");
  std::ofstream(d / "seven.yaml") << text;
  const std::string compare =
      "compare scenarios/call_centre_mmc.yaml " + (d / "seven.yaml").string() + " --replications 5 --json --threads ";
  const std::string sweep =
      "sweep scenarios/tiny_funnel.yaml --set touchpoints.landing.friction=0.3,0.2,0.1 --agents 20000 "
      "--replications 3 --best conversion_rate --json --threads ";
  for (const std::string& command : {compare, sweep}) {
    const Outcome one = jsim(command + "1");
    const Outcome two = jsim(command + "2");
    ASSERT_EQ(one.status, 0) << one.err;
    ASSERT_EQ(two.status, 0) << two.err;
    EXPECT_EQ(nlohmann::json::parse(one.out), nlohmann::json::parse(two.out)) << command;
  }
  fs::remove_all(d);
}

}  // namespace
}  // namespace jsim
