// End-to-end tests of the jsim command: exit codes, messages, JSON, files written.
#include <gtest/gtest.h>

#include "cli_runner.hpp"
#include "model/loader.hpp"
#include <hdf5.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

namespace fs = std::filesystem;

namespace {

using jsim::testing::jsim;
using jsim::testing::Outcome;
using jsim::testing::fresh_dir;
using jsim::testing::slurp;


TEST(Cli, ValidateAcceptsTheExample) {
  const Outcome o = jsim("validate scenarios/retail_omnichannel.yaml");
  EXPECT_EQ(o.status, 0) << o.err;
  EXPECT_NE(o.out.find("ok"), std::string::npos);
}

TEST(Cli, ValidateReportsFileLineColumnAndExits2) {
  const fs::path d = fresh_dir("bad");
  fs::create_directories(d);
  const fs::path bad = d / "bad.yaml";
  std::ofstream(bad) << "scenario:\n  name: x\n  seed: 1\n  population: ten\n";
  const Outcome o = jsim("validate " + bad.string());
  EXPECT_EQ(o.status, 2);
  EXPECT_NE(o.err.find(bad.string() + ":4:15:"), std::string::npos) << o.err;
  fs::remove_all(d);
}

TEST(Cli, MissingFileAndBadArgumentsExit2) {
  EXPECT_EQ(jsim("validate no/such/file.yaml").status, 2);
  EXPECT_EQ(jsim("run scenarios/tiny_funnel.yaml --agents -5").status, 2);
  EXPECT_EQ(jsim("run scenarios/tiny_funnel.yaml --bogus").status, 2);
  EXPECT_EQ(jsim("").status, 2);
}

TEST(Cli, RunJsonHasTheSummaryKeys) {
  const Outcome o = jsim("run scenarios/retail_omnichannel.yaml --arrivals 3000 --json");
  ASSERT_EQ(o.status, 0) << o.err;
  const auto j = nlohmann::json::parse(o.out);
  for (const char* key : {"scenario", "agents", "seed", "conversions", "conversion_rate", "abandonments", "step_guard_hits",
                          "personas", "touchpoints", "flow", "time_series"})
    EXPECT_TRUE(j.contains(key)) << key;
  EXPECT_EQ(j["agents"], 3000);
  const double rate = j["conversion_rate"]["estimate"];
  EXPECT_GT(rate, 0.0);
  EXPECT_LT(rate, 1.0);
  EXPECT_LE(j["conversion_rate"]["low"].get<double>(), rate);
  EXPECT_GE(j["conversion_rate"]["high"].get<double>(), rate);
  EXPECT_TRUE(j["personas"][0].contains("visits"));
  EXPECT_TRUE(j["touchpoints"][0].contains("abandonments"));
}

TEST(Cli, ThreadCountNeverChangesTheResult) {
  auto strip = [](const std::string& s) {
    auto j = nlohmann::json::parse(s);
    j.erase("run_info");  // threads and wall time
    return j.dump();
  };
  const Outcome one = jsim("run scenarios/retail_omnichannel.yaml --arrivals 4000 --threads 1 --json");
  const Outcome two = jsim("run scenarios/retail_omnichannel.yaml --arrivals 4000 --threads 2 --json");
  ASSERT_EQ(one.status, 0);
  ASSERT_EQ(two.status, 0);
  EXPECT_EQ(strip(one.out), strip(two.out));
}

TEST(Cli, RunWritesResultsAtomicallyAndReadably) {
  const fs::path d = fresh_dir("out");
  const Outcome o = jsim("run scenarios/tiny_funnel.yaml --agents 2000 --seed 9 --out " + d.string());
  ASSERT_EQ(o.status, 0) << o.err;
  for (const char* f : {"results.h5", "summary.json", "touchpoints.csv", "personas.csv", "flow.csv"})
    EXPECT_TRUE(fs::exists(d / f)) << f;
  for (const auto& e : fs::directory_iterator(d)) EXPECT_EQ(e.path().string().find(".tmp"), std::string::npos);

  const hid_t file = H5Fopen((d / "results.h5").c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  ASSERT_GE(file, 0);
  std::uint64_t seed = 0;
  const hid_t attr = H5Aopen(file, "seed", H5P_DEFAULT);
  ASSERT_GE(attr, 0);
  H5Aread(attr, H5T_NATIVE_UINT64, &seed);
  H5Aclose(attr);
  EXPECT_EQ(seed, 9u);
  const hid_t ds = H5Dopen2(file, "touchpoints", H5P_DEFAULT);
  ASSERT_GE(ds, 0);
  const hid_t space = H5Dget_space(ds);
  hsize_t rows = 0;
  H5Sget_simple_extent_dims(space, &rows, nullptr);
  const auto summary = nlohmann::json::parse(slurp(d / "summary.json"));
  EXPECT_EQ(rows, summary["touchpoints"].size());
  H5Sclose(space);
  H5Dclose(ds);
  H5Fclose(file);
  fs::remove_all(d);
}

TEST(Cli, UnwritableOutputFailsWithoutLeavingFiles) {
  const fs::path d = fresh_dir("ro");
  fs::create_directories(d);
  std::ofstream(d / "blocker") << "a file where a directory is needed";
  const Outcome o = jsim("run scenarios/tiny_funnel.yaml --agents 100 --out " + (d / "blocker" / "x").string());
  EXPECT_NE(o.status, 0);
  EXPECT_FALSE(o.err.empty());
  fs::remove_all(d);
}

TEST(Cli, AnalyzeAgreesWithRun) {
  const Outcome a = jsim("analyze scenarios/tiny_funnel.yaml --json");
  ASSERT_EQ(a.status, 0) << a.err;
  const double p = nlohmann::json::parse(a.out)["conversion_probability"];
  const Outcome r = jsim("run scenarios/tiny_funnel.yaml --agents 200000 --json");
  ASSERT_EQ(r.status, 0) << r.err;
  const double est = nlohmann::json::parse(r.out)["conversion_rate"]["estimate"];
  EXPECT_NEAR(est, p, 4 * std::sqrt(p * (1 - p) / 200000));
}

// Examples double as tests: every bundled scenario validates and runs.
TEST(Cli, EveryBundledScenarioValidatesAndRuns) {
  int n = 0;
  for (const auto& e : fs::directory_iterator(fs::path(JSIM_SOURCE_DIR) / "scenarios")) {
    if (e.path().extension() != ".yaml") continue;
    ++n;
    const std::string rel = "scenarios/" + e.path().filename().string();
    const Outcome v = jsim("validate " + rel);
    EXPECT_EQ(v.status, 0) << rel << "\n" << v.err;
    // A small load for a timed scenario, few agents for an untimed one: a quick run either way.
    const bool timed = jsim::load_scenario(e.path().string())->timed();
    const Outcome r = jsim("run " + rel + (timed ? " --arrivals 2000" : " --agents 2000") + " --json");
    ASSERT_EQ(r.status, 0) << rel << "\n" << r.err;
    EXPECT_GT(nlohmann::json::parse(r.out)["conversions"].get<int>(), 0) << rel;
  }
  EXPECT_GE(n, 3);
}

}  // namespace
