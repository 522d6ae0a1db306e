// End-to-end tests of the experiment commands: jsim compare, sweep, friction and run --replications
// on the bundled scenarios with small populations: exit codes, messages, JSON, files written.
#include <gtest/gtest.h>

#include "cli_runner.hpp"
#include <hdf5.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

namespace fs = std::filesystem;

namespace {

using jsim::testing::jsim;
using jsim::testing::Outcome;
using jsim::testing::fresh_dir;
using jsim::testing::slurp;


void expect_no_temporaries(const fs::path& d) {
  for (const auto& e : fs::directory_iterator(d))
    EXPECT_EQ(e.path().string().find(".tmp"), std::string::npos) << e.path();
}

// tiny_funnel with landing's friction lowered from 0.20 to 0.10 (the tutorial's what-if).
fs::path landing_fix(const fs::path& dir) {
  std::string text = slurp(fs::path(JSIM_SOURCE_DIR) / "scenarios/tiny_funnel.yaml");
  const std::string from = "{id: landing, channel: web, stage: consideration, friction: 0.20";
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos);
  text.replace(at, from.size(), "{id: landing, channel: web, stage: consideration, friction: 0.10");
  fs::create_directories(dir);
  const fs::path file = dir / "landing_fix.yaml";
  std::ofstream(file) << text;
  return file;
}

TEST(CliCompare, AScenarioAgainstItselfIsIdenticalEverywhere) {
  const Outcome o =
      jsim("compare scenarios/tiny_funnel.yaml scenarios/tiny_funnel.yaml --agents 2000 --replications 3 --json");
  ASSERT_EQ(o.status, 0) << o.err;
  const auto j = nlohmann::json::parse(o.out);
  EXPECT_EQ(j["replications"], 3);
  EXPECT_EQ(j["seeds"], (nlohmann::json{7, 8, 9}));
  EXPECT_EQ(j["pairing"], "common_random_numbers");
  ASSERT_EQ(j["comparisons"].size(), 1u);
  for (const auto& m : j["comparisons"][0]["metrics"]) {
    EXPECT_EQ(m["difference"]["estimate"], 0.0) << m["metric"];
    EXPECT_EQ(m["difference"]["low"], 0.0) << m["metric"];
    EXPECT_EQ(m["difference"]["high"], 0.0) << m["metric"];
    EXPECT_FALSE(m["distinguishable"].get<bool>()) << m["metric"];
  }
}

TEST(CliCompare, LowerFrictionIsARealGainAndFilesAreWritten) {
  const fs::path d = fresh_dir("compare");
  const fs::path whatif = landing_fix(d / "in");
  const Outcome o = jsim("compare scenarios/tiny_funnel.yaml " + whatif.string() +
                         " --agents 3000 --replications 4 --out " + (d / "out").string());
  ASSERT_EQ(o.status, 0) << o.err;
  // Text: the distinguishable metrics come first, the conversion rate among them, said plainly.
  const auto line_start = o.out.find("\n  conversion_rate ");
  ASSERT_NE(line_start, std::string::npos) << o.out;
  const std::string line = o.out.substr(line_start + 1, o.out.find('\n', line_start + 1) - line_start - 1);
  EXPECT_NE(line.find(" pts ["), std::string::npos) << line;
  EXPECT_NE(line.find("real, better"), std::string::npos) << line;
  if (const auto noise = o.out.find("not distinguishable"); noise != std::string::npos) {
    EXPECT_LT(o.out.find("real, better"), noise);
  }
  const auto j = nlohmann::json::parse(slurp(d / "out" / "compare.json"));
  for (const auto& m : j["comparisons"][0]["metrics"]) {
    if (m["metric"] != "conversion_rate") continue;
    // Exact effect (tiny_funnel.yaml's header): 0.316585 - 0.281408 = +3.5 points.
    EXPECT_GT(m["difference"]["low"].get<double>(), 0.0);
    EXPECT_TRUE(m["distinguishable"].get<bool>());
  }
  const std::string csv = slurp(d / "out" / "compare.csv");
  EXPECT_EQ(csv.substr(0, csv.find('\n')),
            "what_if_label,metric,base,base_low,base_high,what_if,what_if_low,what_if_high,difference,difference_low,"
            "difference_high,distinguishable,identical");
  expect_no_temporaries(d / "out");
  fs::remove_all(d);
}

TEST(CliCompare, DifferentPopulationsNeedAgents) {
  const Outcome o = jsim("compare scenarios/tiny_funnel.yaml scenarios/retail_omnichannel.yaml --replications 2");
  EXPECT_EQ(o.status, 2);
  EXPECT_NE(o.err.find("--agents"), std::string::npos) << o.err;
  EXPECT_EQ(jsim("compare scenarios/tiny_funnel.yaml").status, 2);  // no what-if
  EXPECT_EQ(jsim("compare scenarios/tiny_funnel.yaml scenarios/tiny_funnel.yaml --replications 1").status, 2);
}

TEST(CliSweep, GridOnTheMainExampleWritesCsvAndHdf5Reproducibly) {
  const fs::path d = fresh_dir("sweep");
  const std::string args =
      "sweep scenarios/retail_omnichannel.yaml --set design.integration=0,1 --set "
      "touchpoints.call_centre.servers=4..8:4"
      " --arrivals 3000 --replications 2 --best profit --out ";
  const Outcome a = jsim(args + (d / "a").string());
  ASSERT_EQ(a.status, 0) << a.err;
  EXPECT_NE(a.out.find("Best profit"), std::string::npos) << a.out;
  const Outcome b = jsim(args + (d / "b").string());
  ASSERT_EQ(b.status, 0) << b.err;
  const std::string csv = slurp(d / "a" / "sweep.csv");
  EXPECT_EQ(csv, slurp(d / "b" / "sweep.csv"));
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 5);  // header + 2 x 2 points
  EXPECT_EQ(csv.rfind("point,design.integration,touchpoints.call_centre.servers,conversion_rate,", 0), 0u);
  EXPECT_NE(csv.find("mean_wait:call_centre_high"), std::string::npos);
  expect_no_temporaries(d / "a");

  const hid_t file = H5Fopen((d / "a" / "sweep.h5").c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  ASSERT_GE(file, 0);
  const hid_t ds = H5Dopen2(file, "points", H5P_DEFAULT);
  ASSERT_GE(ds, 0);
  const hid_t space = H5Dget_space(ds);
  hsize_t rows = 0;
  H5Sget_simple_extent_dims(space, &rows, nullptr);
  EXPECT_EQ(rows, 4u);
  const hid_t type = H5Dget_type(ds);
  EXPECT_GE(H5Tget_member_index(type, "profit_low"), 0);
  EXPECT_GE(H5Tget_member_index(type, "design.integration"), 0);
  std::uint32_t replications = 0;
  const hid_t attr = H5Aopen(file, "replications", H5P_DEFAULT);
  ASSERT_GE(attr, 0);
  H5Aread(attr, H5T_NATIVE_UINT32, &replications);
  EXPECT_EQ(replications, 2u);
  H5Aclose(attr);
  H5Tclose(type);
  H5Sclose(space);
  H5Dclose(ds);
  H5Fclose(file);
  fs::remove_all(d);
}

TEST(CliSweep, BestPointInJson) {
  const Outcome o = jsim(
      "sweep scenarios/tiny_funnel.yaml --set touchpoints.landing.friction=0.3,0,0.2 --agents 3000 --replications 3"
      " --best conversions --json");
  ASSERT_EQ(o.status, 0) << o.err;
  const auto j = nlohmann::json::parse(o.out);
  ASSERT_EQ(j["points"].size(), 3u);
  EXPECT_EQ(j["points"][1]["settings"]["touchpoints.landing.friction"], "0");
  EXPECT_EQ(j["best"]["point"], 1);
  EXPECT_EQ(j["best"]["runner_up"], 2);
  EXPECT_TRUE(j["best"]["distinguishable"].get<bool>());
}

TEST(CliSweep, GridMistakesExit2WithAClearMessage) {
  const auto expect_bad = [](const std::string& set, const std::string& says) {
    const Outcome o = jsim("sweep scenarios/tiny_funnel.yaml --agents 100 --set '" + set + "'");
    EXPECT_EQ(o.status, 2) << set;
    EXPECT_NE(o.err.find(says), std::string::npos) << set << ": " << o.err;
  };
  expect_bad("design.integration=0..1:0", "step must be > 0");
  expect_bad("design.integration=1..0:0.5", "below the start");
  expect_bad("design.integration=0..1", "a..b:step");
  expect_bad("design.integration", "expected PATH=");
  expect_bad("design.no_such_knob=1,2", "no_such_knob");
  expect_bad("design.integration=0,2", "design.integration");
  const Outcome best = jsim("sweep scenarios/tiny_funnel.yaml --set design.integration=0,1 --best proft");
  EXPECT_EQ(best.status, 2);
  EXPECT_NE(best.err.find("--best: unknown metric 'proft'"), std::string::npos) << best.err;
  EXPECT_EQ(jsim("sweep scenarios/tiny_funnel.yaml").status, 2);  // --set is required
}

// Points are loaded several at once (cli/load_options.hpp), but a sweep with several bad points
// names the first, every time, as loading one after another would.
TEST(CliSweep, OfSeveralBadPointsTheFirstIsNamed) {
  for (int attempt = 0; attempt < 5; ++attempt) {
    const Outcome o = jsim("sweep scenarios/tiny_funnel.yaml --agents 100 --set 'design.integration=0,0.5,2,3,-1,4,5,6,7,8'");
    EXPECT_EQ(o.status, 2);
    EXPECT_NE(o.err.find("design.integration=2:"), std::string::npos) << o.err;
    EXPECT_EQ(o.err.find("design.integration=3:"), std::string::npos) << o.err;
  }
}

TEST(CliFriction, RanksTheLandingPageFirstOnTheTinyFunnel) {
  const fs::path d = fresh_dir("friction");
  const Outcome o =
      jsim("friction scenarios/tiny_funnel.yaml --agents 3000 --replications 3 --json --out " + d.string());
  ASSERT_EQ(o.status, 0) << o.err;
  const auto j = nlohmann::json::parse(o.out);
  ASSERT_EQ(j["ranking"].size(), 4u);  // ad, landing, product, reminder_email
  // Exact gains (tiny_funnel.yaml's header): landing 0.0704, reminder 0.041, product 0.036, ad 0.0235 per agent.
  EXPECT_EQ(j["ranking"][0]["id"], "landing");
  EXPECT_TRUE(j["ranking"][0]["conversions"]["distinguishable"].get<bool>());
  EXPECT_TRUE(j["ranking"][0]["persona_conversion_rate"].contains("everyone"));
  EXPECT_TRUE(fs::exists(d / "friction.csv"));
  EXPECT_EQ(nlohmann::json::parse(slurp(d / "friction.json")), j);
  expect_no_temporaries(d);
  fs::remove_all(d);

  const Outcome text = jsim(
      "friction scenarios/retail_omnichannel.yaml --arrivals 3000 --replications 2 --top 3"
      " --set design.integration=0.5");
  ASSERT_EQ(text.status, 0) << text.err;
  EXPECT_NE(text.out.find("Where to fix the journey first"), std::string::npos);
  EXPECT_NE(text.out.find("more (--top"), std::string::npos) << text.out;
  // One value each, taken verbatim (the one --set grammar): "0,1" is not a probability.
  const Outcome bad = jsim("friction scenarios/tiny_funnel.yaml --set design.integration=0,1");
  EXPECT_EQ(bad.status, 2);
  EXPECT_NE(bad.err.find("--set design.integration=0,1: design.integration: expected a number"), std::string::npos)
      << bad.err;
}

TEST(CliRun, ReplicationsAddMeansAndIntervalsToTheFirstRun) {
  const Outcome plain = jsim("run scenarios/tiny_funnel.yaml --agents 2000 --json");
  const Outcome reps = jsim("run scenarios/tiny_funnel.yaml --agents 2000 --replications 3 --json");
  ASSERT_EQ(plain.status, 0) << plain.err;
  ASSERT_EQ(reps.status, 0) << reps.err;
  auto a = nlohmann::json::parse(plain.out), b = nlohmann::json::parse(reps.out);
  const auto r = b["replications"];
  EXPECT_EQ(r["seeds"], (nlohmann::json{7, 8, 9}));
  const auto rate = r["metrics"]["conversion_rate"];
  EXPECT_LE(rate["low"].get<double>(), rate["estimate"].get<double>());
  EXPECT_GE(rate["high"].get<double>(), rate["estimate"].get<double>());
  EXPECT_GT(rate["high"].get<double>(), rate["low"].get<double>());
  for (auto* j : {&a, &b}) {
    j->erase("run_info");  // threads and wall time: how it ran, not what it produced
    j->erase("replications");
  }
  EXPECT_EQ(a, b);  // the summary itself is the first replication's: the plain run
}

}  // namespace
