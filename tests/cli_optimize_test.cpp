// End-to-end tests of jsim optimize and jsim uncertainty on the tiny funnel, whose answers are
// known: lower landing friction converts more (exactly 0.316585 at friction 0.10, jsim analyze),
// and an advert's cost changes the cost but never a customer's path.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "cli_runner.hpp"

namespace fs = std::filesystem;

namespace {

using jsim::testing::fresh_dir;
using jsim::testing::jsim;
using jsim::testing::Outcome;
using jsim::testing::slurp;

// Candidates: ad cost 2 or 0.5 (first axis) × landing friction 0.1, 0.2, 0.3. The budget leaves
// only the cheap adverts (cost ≈ 0.45 per customer against ≈ 1.58), so the best feasible point is
// candidate 3: ad cost 0.5, friction 0.1.
const std::string kGrid =
    "optimize scenarios/tiny_funnel.yaml --set touchpoints.ad.cost=2,0.5 --set touchpoints.landing.friction=0.1,0.2,0.3 "
    "--maximize conversion_rate --delta 0.01 --agents 4000";

TEST(CliOptimize, FindsTheKnownBestFeasiblePointWithItsGuarantee) {
  const fs::path dir = fresh_dir("optimize");
  const Outcome o = jsim(kGrid + " --budget 'cost<=4000' --threads 2 --out " + dir.string() + " --json");
  ASSERT_EQ(o.status, 0) << o.err;
  const auto j = nlohmann::json::parse(o.out);
  ASSERT_EQ(j["candidates"].size(), 6u);
  EXPECT_EQ(j["chosen"], 3);
  EXPECT_TRUE(j["guaranteed"].get<bool>());
  for (int i : {0, 1, 2}) EXPECT_EQ(j["candidates"][i]["feasibility"], "infeasible") << i;
  EXPECT_EQ(j["candidates"][3]["feasibility"], "feasible");
  EXPECT_NE(j["guarantee"].get<std::string>().find("within δ=0.01 of the best feasible design with probability ≥ 1 − α = 0.95"),
            std::string::npos);
  // The chosen point's conversion rate agrees with the exact answer within its interval's reach.
  const auto& chosen = j["candidates"][3]["objective"];
  const double exact = 0.316585, half = (chosen["high"].get<double>() - chosen["low"].get<double>()) / 2;
  EXPECT_NEAR(chosen["estimate"].get<double>(), exact, 2 * half);
  // The same answer for any --threads, and the files hold it.
  const Outcome one = jsim(kGrid + " --budget 'cost<=4000' --threads 1 --json");
  ASSERT_EQ(one.status, 0) << one.err;
  EXPECT_EQ(nlohmann::json::parse(one.out), j);
  EXPECT_EQ(nlohmann::json::parse(slurp(dir / "optimize.json")), j);
  const std::string csv = slurp(dir / "optimize.csv");
  EXPECT_EQ(csv.substr(0, csv.find('\n')),
            "candidate,touchpoints.ad.cost,touchpoints.landing.friction,replications,conversion_rate,conversion_rate_low,"
            "conversion_rate_high,cost,cost_low,cost_high,feasibility,outcome,decided_at,eliminated_by");
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 7);
}

TEST(CliOptimize, TextReportAndTiesWithoutABudget) {
  // Without the budget, ad cost does not change conversions: candidates 0 and 3 tie exactly, and
  // the earlier wins.
  const Outcome o = jsim(kGrid);
  ASSERT_EQ(o.status, 0) << o.err;
  EXPECT_NE(o.out.find("Chosen: candidate 0 (touchpoints.ad.cost=2, touchpoints.landing.friction=0.1)"), std::string::npos)
      << o.out;
  EXPECT_NE(o.out.find("Guarantee: the chosen design is within δ=0.01 of the best design"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("eliminated after"), std::string::npos) << o.out;
}

TEST(CliOptimize, MistakesExit2WithAClearMessage) {
  const Outcome both = jsim("optimize scenarios/tiny_funnel.yaml --set touchpoints.landing.friction=0.1,0.2");
  EXPECT_EQ(both.status, 2);
  EXPECT_NE(both.err.find("--maximize"), std::string::npos) << both.err;
  const Outcome metric =
      jsim("optimize scenarios/tiny_funnel.yaml --set touchpoints.landing.friction=0.1,0.2 --maximize profits");
  EXPECT_EQ(metric.status, 2);
  EXPECT_NE(metric.err.find("unknown metric 'profits'"), std::string::npos) << metric.err;
  const Outcome budget = jsim(
      "optimize scenarios/tiny_funnel.yaml --set touchpoints.landing.friction=0.1,0.2 --maximize profit --budget cost=5");
  EXPECT_EQ(budget.status, 2);
  EXPECT_NE(budget.err.find("expected METRIC<=NUMBER"), std::string::npos) << budget.err;
}

// tiny_funnel with landing's friction a belief, uniform between 0.1 and 0.3.
fs::path uncertain_funnel(const fs::path& dir) {
  std::string text = slurp(fs::path(JSIM_SOURCE_DIR) / "scenarios/tiny_funnel.yaml");
  const std::string from = "stage: consideration, friction: 0.20";
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos);
  text.replace(at, from.size(), "stage: consideration, friction: {uncertain: {dist: uniform, min: 0.1, max: 0.3}}");
  fs::create_directories(dir);
  const fs::path file = dir / "uncertain_funnel.yaml";
  std::ofstream(file) << text;
  return file;
}

TEST(CliUncertainty, SplitsTheVarianceAndRanksTheInputThatMatters) {
  const fs::path dir = fresh_dir("uncertainty");
  const fs::path file = uncertain_funnel(dir);
  const Outcome o = jsim("uncertainty " + file.string() +
                         " --uncertain 'touchpoints.ad.cost=uniform(0.2,1)' --samples 20 --replications 3 --agents 2000"
                         " --sobol --out " + (dir / "out").string() + " --json");
  ASSERT_EQ(o.status, 0) << o.err;
  const auto j = nlohmann::json::parse(o.out);
  ASSERT_EQ(j["inputs"].size(), 2u);
  EXPECT_EQ(j["inputs"][0]["path"], "touchpoints.landing.friction");
  EXPECT_EQ(j["inputs"][0]["belief"], "uniform(0.1, 0.3)");
  const auto& conversion = j["variance"]["conversion_rate"];
  // Friction moves conversion by about ±10% of itself: the input component is real (beyond 2 SE).
  EXPECT_GT(conversion["input_variance"].get<double>(), 2 * conversion["input_variance_se"].get<double>());
  EXPECT_GT(conversion["with_inputs"]["high"].get<double>(), conversion["noise_only"]["high"].get<double>());
  // Conversion depends on friction, not on the advert's cost: under common random numbers the
  // cost's total index is exactly 0, friction's is most of it.
  const auto& sobol = j["sobol"]["inputs"];
  EXPECT_EQ(sobol[1]["total"]["estimate"].get<double>(), 0.0);
  EXPECT_GT(sobol[0]["total"]["estimate"].get<double>(), 0.5);
  const std::string csv = slurp(dir / "out/uncertainty.csv");
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 21);  // a header and one row per input sample

  // With only the advert's cost uncertain, conversion's input component is 0 within its SE.
  const std::string cost_args = "uncertainty scenarios/tiny_funnel.yaml --uncertain 'touchpoints.ad.cost=uniform(0.2,1)'"
                                " --samples 20 --replications 2 --agents 1000 --json --sobol";
  const Outcome cost_only = jsim(cost_args + " --threads 2");
  ASSERT_EQ(cost_only.status, 0) << cost_only.err;
  const Outcome one_thread = jsim(cost_args + " --threads 1");  // the same for any --threads
  ASSERT_EQ(one_thread.status, 0) << one_thread.err;
  EXPECT_EQ(nlohmann::json::parse(one_thread.out), nlohmann::json::parse(cost_only.out));
  const auto c = nlohmann::json::parse(cost_only.out)["variance"];
  EXPECT_LE(c["conversion_rate"]["input_variance"].get<double>(), c["conversion_rate"]["input_variance_se"].get<double>());
  EXPECT_GT(c["cost"]["input_variance"].get<double>(), 2 * c["cost"]["input_variance_se"].get<double>());
}

TEST(CliUncertainty, OtherCommandsRefuseAnUncertainValueClearly) {
  const fs::path file = uncertain_funnel(fresh_dir("uncertain_run"));
  const Outcome o = jsim("run " + file.string());
  EXPECT_EQ(o.status, 2);
  EXPECT_NE(o.err.find("got an uncertain value: only `jsim uncertainty` samples it"), std::string::npos) << o.err;
  const Outcome bad = jsim("uncertainty scenarios/tiny_funnel.yaml --uncertain 'touchpoints.ad.cost=beta(1,2)'");
  EXPECT_EQ(bad.status, 2);
  EXPECT_NE(bad.err.find("expected uniform(MIN,MAX)"), std::string::npos) << bad.err;
  const Outcome none = jsim("uncertainty scenarios/tiny_funnel.yaml");
  EXPECT_EQ(none.status, 2);
  EXPECT_NE(none.err.find("no uncertain inputs"), std::string::npos) << none.err;
}

}  // namespace
