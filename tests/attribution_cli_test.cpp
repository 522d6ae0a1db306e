// End-to-end tests of `jsim attribute`: hand-computed credits from a path file and an event log,
// FILE:ROW:COL errors, scenario attribution (exact by hand, simulated removal against exact), and
// the files --out writes.
#include <gtest/gtest.h>

#include "cli_runner.hpp"
#include <hdf5.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

namespace fs = std::filesystem;

namespace {

using jsim::testing::fresh_dir;
using jsim::testing::jsim;
using jsim::testing::Outcome;
using jsim::testing::slurp;
using nlohmann::json;

// The three journeys of the hand example, as a ChannelAttribution path file.
//   C1 > C2 > C3  converted (value 10);  C1  null;  C2 > C3  null.
// Order-1 Markov chain (merge on): start→C1 2/3, start→C2 1/3; C1→C2 1/2, C1→null 1/2;
// C2→C3 1; C3→conv 1/2, C3→null 1/2.
//   P = 2/3 × 1/2 × 1 × 1/2 + 1/3 × 1 × 1/2 = 1/6 + 1/6 = 1/3.
//   Without C1 (its visits end the journey): P = 1/3 × 1/2 = 1/6, RE = 1 − (1/6)/(1/3) = 1/2.
//   Without C2 or C3 nothing converts: RE = 1.
//   Credits: RE / ΣRE × 1 conversion = 0.5/2.5, 1/2.5, 1/2.5 = 0.2, 0.4, 0.4.
fs::path write_paths(const fs::path& dir) {
  fs::create_directories(dir);
  const fs::path f = dir / "paths.csv";
  std::ofstream(f) << "path,total_conversions,total_conversion_value,total_null\n"
                      "C1 > C2 > C3,1,10,0\n"
                      "C1,0,0,1\n"
                      "C2 > C3,0,0,1\n";
  return f;
}

// credit[model][state] from the JSON output's own-level rows.
std::map<std::string, std::map<std::string, json>> credits(const json& j) {
  std::map<std::string, std::map<std::string, json>> out;
  for (const auto& r : j["credits"])
    if (r["level"] == j["level"]) out[r["model"]][r["state"]] = r;
  return out;
}

TEST(CliAttribute, PathFileGivesTheHandComputedCredits) {
  const fs::path d = fresh_dir("attr_paths");
  const fs::path f = write_paths(d);
  const Outcome o = jsim("attribute " + f.string() + " --models first_touch,last_touch,linear,markov --json");
  ASSERT_EQ(o.status, 0) << o.err;
  const json j = json::parse(o.out);
  EXPECT_EQ(j["kind"], "path_file");
  EXPECT_EQ(j["level"], "channel");
  EXPECT_DOUBLE_EQ(j["total_conversions"].get<double>(), 1.0);
  auto c = credits(j);
  EXPECT_NEAR(c["markov_1"]["C1"]["conversions"].get<double>(), 0.2, 1e-9);
  EXPECT_NEAR(c["markov_1"]["C2"]["conversions"].get<double>(), 0.4, 1e-9);
  EXPECT_NEAR(c["markov_1"]["C3"]["conversions"].get<double>(), 0.4, 1e-9);
  EXPECT_NEAR(c["markov_1"]["C1"]["removal_effect"].get<double>(), 0.5, 1e-9);
  EXPECT_NEAR(c["markov_1"]["C2"]["value"].get<double>(), 4.0, 1e-9);  // 0.4 of the value 10
  EXPECT_NEAR(c["first_touch"]["C1"]["conversions"].get<double>(), 1.0, 1e-12);
  EXPECT_NEAR(c["last_touch"]["C3"]["conversions"].get<double>(), 1.0, 1e-12);
  EXPECT_NEAR(c["linear"]["C2"]["conversions"].get<double>(), 1.0 / 3, 1e-12);

  // The console table names every model and state.
  const Outcome text = jsim("attribute " + f.string() + " --models markov");
  ASSERT_EQ(text.status, 0) << text.err;
  EXPECT_NE(text.out.find("markov_1"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("0.400"), std::string::npos) << text.out;
  fs::remove_all(d);
}

TEST(CliAttribute, EventLogGivesTheSameCreditsAsThePathFile) {
  const fs::path d = fresh_dir("attr_events");
  fs::create_directories(d);
  const fs::path f = d / "events.csv";
  std::ofstream(f) << "case,activity,time,channel\n"
                      "j1,ad,2026-01-05T10:00:00Z,C1\n"
                      "j1,site,2026-01-05T11:00:00Z,C2\n"
                      "j1,mail,2026-01-05T12:00:00Z,C3\n"
                      "j1,buy,2026-01-05T13:00:00Z,C3\n"
                      "j2,ad,2026-01-05T10:00:00Z,C1\n"
                      "j3,site,2026-01-05T10:00:00Z,C2\n"
                      "j3,mail,2026-01-05T11:00:00Z,C3\n";
  const Outcome o = jsim("attribute " + f.string() +
                         " --case case --activity activity --timestamp time --conversions buy --models markov --json");
  ASSERT_EQ(o.status, 0) << o.err;
  const json j = json::parse(o.out);
  EXPECT_EQ(j["kind"], "event_log");
  auto c = credits(j);
  EXPECT_NEAR(c["markov_1"]["C1"]["conversions"].get<double>(), 0.2, 1e-9);
  EXPECT_NEAR(c["markov_1"]["C2"]["conversions"].get<double>(), 0.4, 1e-9);
  EXPECT_NEAR(c["markov_1"]["C3"]["conversions"].get<double>(), 0.4, 1e-9);

  // Without a conversion rule the command cannot know which cases converted.
  const Outcome none = jsim("attribute " + f.string() + " --case case --activity activity --timestamp time");
  EXPECT_EQ(none.status, 2);
  EXPECT_NE(none.err.find("--conversions"), std::string::npos) << none.err;
  fs::remove_all(d);
}

TEST(CliAttribute, BadInputExits2WithFileRowColumn) {
  const fs::path d = fresh_dir("attr_bad");
  fs::create_directories(d);
  const fs::path bad = d / "bad.csv";
  std::ofstream(bad) << "path,total_conversions,total_conversion_value,total_null\n"
                        "C1 > C2,1,10,0\n"
                        "C1,many,0,1\n";
  const Outcome o = jsim("attribute " + bad.string());
  EXPECT_EQ(o.status, 2);
  EXPECT_NE(o.err.find(bad.string() + ":3:2:"), std::string::npos) << o.err;

  const Outcome missing = jsim("attribute " + (d / "nope.csv").string());
  EXPECT_EQ(missing.status, 2);
  EXPECT_NE(missing.err.find("nope.csv: no such file"), std::string::npos) << missing.err;

  const fs::path odd = d / "paths.parquet";
  std::ofstream(odd) << "x";
  EXPECT_EQ(jsim("attribute " + odd.string()).status, 2);
  const fs::path good = write_paths(d);
  EXPECT_EQ(jsim("attribute " + good.string() + " --models markov,bogus").status, 2);
  EXPECT_EQ(jsim("attribute " + good.string() + " --order 5").status, 2);
  EXPECT_EQ(jsim("attribute " + good.string() + " --level store").status, 2);
  EXPECT_EQ(jsim("attribute " + good.string() + " --half-life soon").status, 2);
  fs::remove_all(d);
}

// Two channels, one persona; order value fixed at 100.
//   ad   (social, friction 0.2) -> site
//   site (web,    friction 0.5) -> buy (conversion, web)
//   entry: ad 1, site 1
// P = 1/2 × 0.8 × 0.5 + 1/2 × 0.5 = 0.2 + 0.25 = 0.45.
// Without social (ad is an exit): P = 1/2 × 0.5 = 0.25, RE_social = 1 − 0.25/0.45 = 4/9.
// Without web (site is an exit; buy, a conversion, is an outcome and stays): P = 0, RE_web = 1.
// ΣRE = 13/9, so social earns 4/13 and web 9/13 of the expected conversions 0.45 × agents, and of
// the expected value 45 × agents: with 1000 agents 138.4615 and 311.5385 conversions.
// Touchpoint level: the same numbers for ad and site (one regular touchpoint per channel).
constexpr const char* kTwoChannels = R"(scenario:
  name: two_channels
  seed: 11
  population: 1000
{horizon}
stages: [s]
channels:
  - {id: social, kind: digital}
  - {id: web, kind: digital}
touchpoints:
  - {id: ad, channel: social, stage: s, friction: 0.2}
  - {id: site, channel: web, stage: s, friction: 0.5{queue}}
  - {id: buy, channel: web, stage: s, kind: conversion, order_value: 100}
transitions:
  - from: ad
    to:
      - {touchpoint: site, weight: 1}
  - from: site
    to:
      - {touchpoint: buy, weight: 1}
entry:
  - {touchpoint: ad, weight: 1}
  - {touchpoint: site, weight: 1}
personas:
  - {id: everyone, share: 1}
)";

fs::path write_scenario(const fs::path& dir, const std::string& name, bool queue) {
  std::string text = kTwoChannels;
  const auto put = [&](const std::string& key, const std::string& value) {
    text.replace(text.find(key), key.size(), value);
  };
  // A queue that never binds (50 servers, about 2 customers a minute, one-minute service): the
  // exact answer does not apply formally, yet the simulated removal must find the same credits.
  put("{horizon}", queue ? "  horizon: 7d\n" : "");
  put("{queue}", queue ? ", servers: 50, service: 1m" : "");
  fs::create_directories(dir);
  const fs::path f = dir / name;
  std::ofstream(f) << text;
  return f;
}

constexpr double kSocialShare = 4.0 / 13, kWebShare = 9.0 / 13, kP = 0.45;

TEST(CliAttribute, ScenarioExactMatchesTheHandComputation) {
  const fs::path d = fresh_dir("attr_exact");
  const fs::path f = write_scenario(d, "two.yaml", false);
  const Outcome o = jsim("attribute " + f.string() + " --json");
  ASSERT_EQ(o.status, 0) << o.err;
  const json j = json::parse(o.out);
  EXPECT_EQ(j["kind"], "scenario");
  EXPECT_EQ(j["details"]["method"], "exact");
  EXPECT_NEAR(j["details"]["conversion_probability"]["estimate"].get<double>(), kP, 1e-12);
  EXPECT_NEAR(j["details"]["removed_conversion_probability"]["social"]["estimate"].get<double>(), 0.25, 1e-12);
  auto c = credits(j);
  ASSERT_EQ(c.size(), 1u);
  EXPECT_NEAR(c["markov_exact"]["social"]["conversions"].get<double>(), kSocialShare * kP * 1000, 1e-9);
  EXPECT_NEAR(c["markov_exact"]["web"]["conversions"].get<double>(), kWebShare * kP * 1000, 1e-9);
  EXPECT_NEAR(c["markov_exact"]["social"]["removal_effect"].get<double>(), 4.0 / 9, 1e-12);
  EXPECT_NEAR(c["markov_exact"]["web"]["removal_effect"].get<double>(), 1.0, 1e-12);
  EXPECT_NEAR(c["markov_exact"]["social"]["value"].get<double>(), kSocialShare * 45 * 1000, 1e-6);
  EXPECT_TRUE(c["markov_exact"]["social"]["conversions_low"].is_null());  // exact: no interval

  // Touchpoint level: ad and site, plus the channel roll-up; --agents scales.
  const Outcome t = jsim("attribute " + f.string() + " --level touchpoint --agents 2000 --json");
  ASSERT_EQ(t.status, 0) << t.err;
  const json tj = json::parse(t.out);
  auto tc = credits(tj);
  EXPECT_NEAR(tc["markov_exact"]["ad"]["conversions"].get<double>(), kSocialShare * kP * 2000, 1e-9);
  EXPECT_NEAR(tc["markov_exact"]["site"]["conversions"].get<double>(), kWebShare * kP * 2000, 1e-9);
  EXPECT_EQ(tc["markov_exact"].count("buy"), 0u);  // outcomes are not credited
  bool rollup = false;
  for (const auto& r : tj["credits"])
    if (r["level"] == "channel" && r["state"] == "web") {
      rollup = true;
      EXPECT_NEAR(r["conversions"].get<double>(), kWebShare * kP * 2000, 1e-9);
    }
  EXPECT_TRUE(rollup);
  fs::remove_all(d);
}

// Exact credit for `agents` inside the simulated interval, for both channels.
void expect_within(const json& j, double agents) {
  auto c = credits(j);
  ASSERT_EQ(c.count("removal_simulated"), 1u) << j.dump(2);
  for (const auto& [state, share] : {std::pair<std::string, double>{"social", kSocialShare}, {"web", kWebShare}}) {
    const json& r = c["removal_simulated"][state];
    const double exact = share * kP * agents;
    EXPECT_LE(r["conversions_low"].get<double>(), exact) << state << " " << r.dump();
    EXPECT_GE(r["conversions_high"].get<double>(), exact) << state << " " << r.dump();
    // Paired replications: the interval is narrow (well under 3% of the credit).
    EXPECT_LT(r["conversions_high"].get<double>() - r["conversions_low"].get<double>(), 0.03 * exact) << state;
  }
}

TEST(CliAttribute, SimulatedRemovalAgreesWithExact) {
  const fs::path d = fresh_dir("attr_sim");
  const fs::path f = write_scenario(d, "two.yaml", false);
  const Outcome o = jsim("attribute " + f.string() + " --simulate --agents 20000 --replications 8 --json");
  ASSERT_EQ(o.status, 0) << o.err;
  const json j = json::parse(o.out);
  EXPECT_EQ(j["details"]["method"], "simulated");
  EXPECT_EQ(j["details"]["replications"], 8);
  expect_within(j, 20000);
  fs::remove_all(d);
}

TEST(CliAttribute, AScenarioWithAQueueIsSimulated) {
  const fs::path d = fresh_dir("attr_queue");
  const fs::path f = write_scenario(d, "queue.yaml", true);
  const Outcome o = jsim("attribute " + f.string() + " --agents 20000 --replications 8 --json");
  ASSERT_EQ(o.status, 0) << o.err;
  const json j = json::parse(o.out);
  EXPECT_EQ(j["details"]["method"], "simulated");
  EXPECT_NE(j["notes"].dump().find("queues"), std::string::npos) << j["notes"];
  expect_within(j, 20000);

  const Outcome text = jsim("attribute " + f.string() + " --agents 2000 --replications 3");
  ASSERT_EQ(text.status, 0) << text.err;
  EXPECT_NE(text.out.find("paired replications"), std::string::npos) << text.out;
  fs::remove_all(d);
}

TEST(CliAttribute, OutWritesFourFilesAtomically) {
  const fs::path d = fresh_dir("attr_out");
  const fs::path f = write_paths(d);
  const fs::path out = d / "result";
  const Outcome o = jsim("attribute " + f.string() + " --models linear,markov --bootstrap 20 --seed 3 --out " +
                         out.string());
  ASSERT_EQ(o.status, 0) << o.err;
  for (const char* name : {"attribution.csv", "attribution.json", "attribution.h5", "attribution.html"})
    EXPECT_TRUE(fs::exists(out / name)) << name;
  for (const auto& e : fs::directory_iterator(out))
    EXPECT_EQ(e.path().string().find(".tmp"), std::string::npos) << e.path();

  const std::string csv = slurp(out / "attribution.csv");
  EXPECT_EQ(csv.substr(0, csv.find('\n')),
            "model,level,state,channel,conversions,conversions_low,conversions_high,value,value_low,value_high,"
            "removal_effect");
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 1 + 2 * 3);  // header, 2 models × 3 channels

  const json j = json::parse(slurp(out / "attribution.json"));
  EXPECT_EQ(j["credits"].size(), 6u);
  EXPECT_FALSE(j["credits"][0]["conversions_low"].is_null());  // bootstrapped

  const std::string html = slurp(out / "attribution.html");
  EXPECT_NE(html.find("<svg"), std::string::npos);
  EXPECT_NE(html.find("markov_1"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);

  const hid_t file = H5Fopen((out / "attribution.h5").c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  ASSERT_GE(file, 0);
  const hid_t ds = H5Dopen2(file, "attribution", H5P_DEFAULT);
  ASSERT_GE(ds, 0);
  const hid_t space = H5Dget_space(ds);
  hsize_t n = 0;
  H5Sget_simple_extent_dims(space, &n, nullptr);
  EXPECT_EQ(n, 6u);
  const hid_t type = H5Dget_type(ds);
  EXPECT_EQ(H5Tget_nmembers(type), 11);
  EXPECT_GE(H5Tget_member_index(type, "removal_effect"), 0);
  H5Tclose(type);
  H5Sclose(space);
  H5Dclose(ds);
  H5Fclose(file);

  // A second run replaces the files whole and still leaves nothing temporary behind.
  ASSERT_EQ(jsim("attribute " + f.string() + " --models markov --out " + out.string()).status, 0);
  EXPECT_EQ(json::parse(slurp(out / "attribution.json"))["credits"].size(), 3u);
  for (const auto& e : fs::directory_iterator(out))
    EXPECT_EQ(e.path().string().find(".tmp"), std::string::npos) << e.path();
  fs::remove_all(d);
}

}  // namespace
