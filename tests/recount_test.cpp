// The run's totals recounted independently, from the recorded journeys, on several thread counts.
// Each thread keeps its own counter blocks, merged at the end; a counter the merge forgets (or
// counts twice) leaves a total that disagrees with the journeys themselves. The journeys are
// assembled by the recorder from per-visit traces, a path that shares no counter with the tally.
#include <gtest/gtest.h>

#include <cmath>

#include "model/loader.hpp"
#include "sim/journey_recorder.hpp"
#include "sim/simulation.hpp"
#include "sim/tally.hpp"

namespace jsim {
namespace {

struct Recount final : JourneySink {
  std::uint64_t journeys = 0, visits = 0, orders = 0;
  std::uint64_t outcomes[Tally::kOutcomes] = {};
  double revenue = 0.0;
  std::vector<std::uint64_t> touchpoint_visits, persona_journeys;

  void write(std::span<const RecordedJourney> js, std::span<const RecordedVisit> vs) override {
    for (const RecordedJourney& j : js) {
      ++journeys;
      ++outcomes[j.outcome];
      if (persona_journeys.size() <= j.persona) persona_journeys.resize(j.persona + 1);
      ++persona_journeys[j.persona];
    }
    for (const RecordedVisit& v : vs) {
      ++visits;
      if (touchpoint_visits.size() <= v.touchpoint) touchpoint_visits.resize(v.touchpoint + 1);
      ++touchpoint_visits[v.touchpoint];
      if (v.order_value > 0.0) ++orders, revenue += v.order_value;
    }
  }
};

void expect_totals_match_journeys(const std::string& file) {
  const ScenarioPtr s = load_scenario(std::string(JSIM_SOURCE_DIR) + "/scenarios/" + file);
  for (std::uint32_t threads : {1u, 2u, 4u}) {
    SCOPED_TRACE(file + ", threads " + std::to_string(threads));
    Recount recount;
    RunPlan plan = default_plan(s);
    plan.threads = threads;
    plan.journeys = {&recount, 1.0, 0};
    const RunResult r = simulate(plan);

    // Non-zero, so that "both zero" cannot pass for agreement.
    ASSERT_GT(recount.journeys, 0u);
    ASSERT_GT(recount.outcomes[Tally::kConverted], 0u);
    ASSERT_GT(recount.outcomes[Tally::kAbandoned], 0u);
    ASSERT_GT(recount.visits, 0u);

    EXPECT_EQ(r.business.journeys, recount.journeys);
    EXPECT_EQ(r.conversions, recount.outcomes[Tally::kConverted]);
    EXPECT_EQ(r.abandonments, recount.outcomes[Tally::kAbandoned]);
    EXPECT_EQ(r.exits, recount.outcomes[Tally::kExited]);
    EXPECT_EQ(r.step_guard_hits, recount.outcomes[Tally::kStepGuard]);
    EXPECT_EQ(r.unfinished, recount.outcomes[Tally::kUnfinished]);
    EXPECT_EQ(r.events, recount.visits);
    EXPECT_EQ(r.business.orders, recount.orders);
    // Revenue is summed in cents by the tally and in doubles here: equal to a cent per order.
    EXPECT_NEAR(r.revenue, recount.revenue, 0.01 * static_cast<double>(recount.orders));
    recount.touchpoint_visits.resize(r.touchpoints.size());
    for (std::size_t u = 0; u < r.touchpoints.size(); ++u)
      EXPECT_EQ(r.touchpoints[u].visits, recount.touchpoint_visits[u]) << r.touchpoints[u].id;
    recount.persona_journeys.resize(r.personas.size());
    std::uint64_t agents = 0;
    for (std::size_t p = 0; p < r.personas.size(); ++p) {
      const PersonaRow& row = r.personas[p];
      EXPECT_EQ(row.business.journeys, recount.persona_journeys[p]) << row.id;
      agents += row.agents;
    }
    EXPECT_EQ(agents, r.agents);
  }
}

TEST(RecountTest, UntimedTotalsMatchTheRecordedJourneysOnAnyThreadCount) {
  expect_totals_match_journeys("tiny_funnel.yaml");
}

TEST(RecountTest, TimedTotalsMatchTheRecordedJourneysOnAnyThreadCount) {
  expect_totals_match_journeys("retail_omnichannel.yaml");
}

}  // namespace
}  // namespace jsim
