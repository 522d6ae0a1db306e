// Journeys out (`jsim run --journeys`): the event log, the journeys table and the path file
// recount to the run's own totals, do not depend on the thread count, and sample customers by id.
#include <gtest/gtest.h>
#include <hdf5.h>

#include <cmath>
#include <map>
#include <set>
#include <sstream>

#include "model/loader.hpp"
#include "output/hdf5_writer.hpp"
#include "output/journey_export.hpp"
#include "sim/simulation.hpp"
#include "h5_fields.hpp"
#include "test_files.hpp"

namespace jsim {
namespace {

using testing::fresh_dir;
using testing::read_field;
using testing::csv_rows;
using testing::slurp;

// Runs a scenario with journeys recorded into dir (results.h5, events.csv, paths.csv).
RunResult run_with_journeys(const std::string& scenario, const std::filesystem::path& dir, std::uint64_t agents,
                            std::uint32_t threads, JourneyExportOptions o = {}, std::uint64_t seed = 0) {
  RunPlan plan = default_plan(load_scenario(std::string(JSIM_SOURCE_DIR) + "/scenarios/" + scenario));
  plan.population = agents;
  plan.threads = threads;
  if (seed) plan.seed = seed;
  JourneyExport out(*plan.scenario, dir, o);
  plan.journeys = {&out, o.sample, o.max_journeys};
  RunResult r = simulate(plan);
  write_hdf5(r, dir / "results.h5", out.finish());
  return r;
}

TEST(JourneyExportTest, RecountsToTheRunsTotalsTimedWithQueuesAndRepeats) {
  const auto dir = fresh_dir("journeys_recount");
  const RunResult r = run_with_journeys("retail_omnichannel.yaml", dir, 60000, 2);
  ASSERT_GT(r.events, 0u);
  ASSERT_GT(r.conversions, 0u);
  const auto h5 = dir / "results.h5";
  const auto outcome = read_field<std::uint8_t>(h5, "/journeys/journeys", "outcome");
  const auto visits = read_field<std::uint32_t>(h5, "/journeys/journeys", "events");
  const auto value = read_field<double>(h5, "/journeys/events", "order_value");
  const auto wait = read_field<double>(h5, "/journeys/events", "wait");
  EXPECT_EQ(outcome.size(), r.business.journeys);
  std::map<int, std::uint64_t> by_outcome;
  for (auto o : outcome) ++by_outcome[o];
  EXPECT_EQ(by_outcome[0], r.conversions);
  EXPECT_EQ(by_outcome[1], r.abandonments);
  EXPECT_EQ(by_outcome[2], r.exits);
  EXPECT_EQ(by_outcome[3], r.step_guard_hits);
  EXPECT_EQ(by_outcome[4], r.unfinished);
  std::uint64_t n = 0;
  for (auto v : visits) n += v;
  EXPECT_EQ(n, r.events);
  EXPECT_EQ(value.size(), r.events);
  double revenue = 0.0, waited = 0.0;
  for (double v : value) revenue += v;
  for (double w : wait) waited += w;
  EXPECT_NEAR(revenue, r.revenue, 0.005 * static_cast<double>(r.conversions) + 1e-6);
  // Waits recount to the queues' own statistics (mean wait x arrivals at each queue).
  double queue_waits = 0.0;
  for (const TouchpointRow& t : r.touchpoints) queue_waits += t.mean_wait * static_cast<double>(t.queued);
  ASSERT_GT(queue_waits, 0.0);
  EXPECT_NEAR(waited, queue_waits, 1e-6 * queue_waits);

  // events.csv: one row per visit, same revenue; paths.csv: every journey once.
  const auto events = csv_rows(slurp(dir / "events.csv"));
  ASSERT_EQ(events.size(), r.events + 1);
  EXPECT_EQ(events[0][0], "case:concept:name");
  EXPECT_EQ(events[0][1], "concept:name");
  EXPECT_EQ(events[0][2], "time:timestamp");
  EXPECT_EQ(events[1][2].size(), 24u) << events[1][2];  // 2024-01-01T00:12:34.567Z
  const auto paths = csv_rows(slurp(dir / "paths.csv"));
  ASSERT_EQ(paths[0], (std::vector<std::string>{"path", "total_conversions", "total_conversion_value", "total_null"}));
  std::uint64_t conversions = 0, journeys = 0;
  for (std::size_t i = 1; i < paths.size(); ++i) {
    conversions += std::stoull(paths[i][1]);
    journeys += std::stoull(paths[i][1]) + std::stoull(paths[i][3]);
  }
  EXPECT_LE(journeys, r.business.journeys);  // journeys without a touch before buying have no path
  EXPECT_GT(journeys, r.business.journeys * 9 / 10);
  EXPECT_LE(conversions, r.conversions);
  std::filesystem::remove_all(dir);
}

TEST(JourneyExportTest, FilesAreIdenticalForAnyThreadCount) {
  std::string events, paths;
  std::vector<std::uint64_t> customers;
  for (std::uint32_t threads : {1u, 2u, 4u}) {
    const auto dir = fresh_dir("journeys_threads" + std::to_string(threads));
    (void)run_with_journeys("retail_bopis_omnichannel.yaml", dir, 30000, threads);
    const auto c = read_field<std::uint64_t>(dir / "results.h5", "/journeys/events", "customer");
    if (threads == 1) {
      events = slurp(dir / "events.csv"), paths = slurp(dir / "paths.csv"), customers = c;
      ASSERT_GT(customers.size(), 30000u);
    } else {
      EXPECT_EQ(slurp(dir / "events.csv"), events) << threads << " threads";
      EXPECT_EQ(slurp(dir / "paths.csv"), paths) << threads << " threads";
      EXPECT_EQ(c, customers) << threads << " threads";
    }
    std::filesystem::remove_all(dir);
  }
}

TEST(JourneyExportTest, UntimedFilesAreIdenticalForAnyThreadCount) {
  std::string events;
  for (std::uint32_t threads : {1u, 2u, 4u}) {
    const auto dir = fresh_dir("journeys_untimed" + std::to_string(threads));
    (void)run_with_journeys("tiny_funnel.yaml", dir, 150000, threads);  // more than one block of customers
    if (threads == 1) events = slurp(dir / "events.csv");
    else EXPECT_EQ(slurp(dir / "events.csv"), events) << threads << " threads";
    std::filesystem::remove_all(dir);
  }
}

TEST(JourneyExportTest, SampleIsTheSameCustomersInEveryDesignAndMaxJourneysCaps) {
  JourneyExportOptions o;
  o.sample = 0.25;
  std::set<std::uint64_t> base, whatif;
  for (const char* scenario : {"retail_bopis_multichannel.yaml", "retail_bopis_omnichannel.yaml"}) {
    const auto dir = fresh_dir("journeys_sample");
    (void)run_with_journeys(scenario, dir, 8000, 2, o);
    const auto c = read_field<std::uint64_t>(dir / "results.h5", "/journeys/journeys", "customer");
    (scenario[13] == 'm' ? base : whatif).insert(c.begin(), c.end());
    std::filesystem::remove_all(dir);
  }
  // About a quarter of 8000 customers (binomial sd ~ 39), the same ones in both designs.
  EXPECT_NEAR(static_cast<double>(base.size()), 2000.0, 4 * 39.0);
  EXPECT_EQ(base, whatif);

  o.sample = 1.0;
  o.max_journeys = 123;
  const auto dir = fresh_dir("journeys_cap");
  (void)run_with_journeys("tiny_funnel.yaml", dir, 5000, 2, o);
  EXPECT_EQ(read_field<std::uint8_t>(dir / "results.h5", "/journeys/journeys", "outcome").size(), 123u);
  std::filesystem::remove_all(dir);
}

TEST(JourneyExportTest, AFailedRunLeavesNoPartialFiles) {
  const auto dir = fresh_dir("journeys_abandoned");
  {
    const ScenarioPtr s = load_scenario(std::string(JSIM_SOURCE_DIR) + "/scenarios/tiny_funnel.yaml");
    JourneyExport out(*s, dir, {});
    // destroyed without finish(): as when a run throws
  }
  EXPECT_TRUE(std::filesystem::is_empty(dir));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace jsim
