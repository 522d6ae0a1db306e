// jsim fidelity: the distances by hand on tiny logs, the measures on handmade journeys, a
// scenario against itself (small distances) and against a changed copy (large, flagged), and the
// command end to end (files, bad input).
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "cli_runner.hpp"
#include "data/fidelity.hpp"
#include "data/fidelity_sources.hpp"
#include "model/loader.hpp"
#include "test_files.hpp"

namespace {

using namespace jsim;
using namespace jsim::data;
using jsim::testing::fresh_dir;
using jsim::testing::slurp;

// Journeys from strings: each char an activity; key chooses the split half (even: A, odd: B).
JourneySet journeys(const std::vector<std::string>& paths, const std::vector<bool>& converted = {},
                    const std::vector<std::vector<double>>& times = {}) {
  JourneySet s;
  for (std::size_t i = 0; i < paths.size(); ++i) {
    std::vector<std::uint32_t> acts;
    for (char c : paths[i]) acts.push_back(s.activity(std::string(1, c)));
    s.add(acts, i < times.size() ? times[i] : std::vector<double>{}, i < converted.size() && converted[i], i);
  }
  s.timed = !times.empty();
  return s;
}

TEST(FidelityDistances, Wasserstein1ByHand) {
  EXPECT_DOUBLE_EQ(wasserstein1({0, 1}, {1, 2}), 1.0);
  EXPECT_DOUBLE_EQ(wasserstein1({1, 2}, {0, 1}), 1.0);
  EXPECT_DOUBLE_EQ(wasserstein1({3, 1, 2}, {2, 3, 1}), 0.0);
  // F jumps to 1 at 0; G is 2/3 on [0, 10): the area between them is 10/3.
  EXPECT_NEAR(wasserstein1({0}, {0, 0, 10}), 10.0 / 3.0, 1e-12);
  // A shift moves every point: W1 = the shift.
  EXPECT_NEAR(wasserstein1({5, 7, 9, 11}, {105, 107, 109, 111}), 100.0, 1e-9);
}

TEST(FidelityDistances, NgramByHand) {
  const JourneySet a = journeys({"ab", "abc", "b"});
  EXPECT_DOUBLE_EQ(ngram_distance(a, Half::All, a, Half::All, 2), 0.0);
  EXPECT_DOUBLE_EQ(ngram_distance(a, Half::All, a, Half::All, 3), 0.0);
  // Duplicating every journey keeps the relative frequencies: still 0.
  EXPECT_DOUBLE_EQ(ngram_distance(a, Half::All, journeys({"ab", "abc", "b", "ab", "abc", "b"}), Half::All, 2), 0.0);
  // ab vs ac: 2-grams (^a)(ab)(b$) vs (^a)(ac)(c$): two of three differ, TV = 2/3.
  const JourneySet ab = journeys({"ab"}), ac = journeys({"ac"});
  EXPECT_NEAR(ngram_distance(ab, Half::All, ac, Half::All, 2), 2.0 / 3.0, 1e-12);
  // 3-grams (^^a)(^ab)(ab$)(b$$) vs (^^a)(^ac)(ac$)(c$$): three of four differ, TV = 3/4.
  EXPECT_NEAR(ngram_distance(ab, Half::All, ac, Half::All, 3), 0.75, 1e-12);
  // Disjoint activities: 1.
  EXPECT_DOUBLE_EQ(ngram_distance(journeys({"xy"}), Half::All, journeys({"zw"}), Half::All, 2), 1.0);
}

TEST(FidelityDistances, HistogramsByHand) {
  std::vector<double> p(168, 0.0), q(168, 0.0);
  p[0] = 1, q[1] = 1;
  EXPECT_DOUBLE_EQ(circular_emd(p, q), 1.0);
  EXPECT_DOUBLE_EQ(total_variation(p, q), 1.0);
  q.assign(168, 0.0), q[167] = 3;  // Sunday 23:00 is an hour from Monday 00:00 on the circle
  EXPECT_DOUBLE_EQ(circular_emd(p, q), 1.0);
  q.assign(168, 0.0), q[84] = 1;  // half a week away either way
  EXPECT_DOUBLE_EQ(circular_emd(p, q), 84.0);
  q.assign(168, 0.0), q[0] = 1, q[2] = 1;  // half the mass moves two hours
  EXPECT_DOUBLE_EQ(circular_emd(p, q), 1.0);
  EXPECT_DOUBLE_EQ(total_variation(p, q), 0.5);
  EXPECT_DOUBLE_EQ(circular_emd(p, p), 0.0);
  EXPECT_EQ(hour_of_week(1704067200.0), 0);           // 2024-01-01T00:00Z, a Monday
  EXPECT_EQ(hour_of_week(1704067200.0 - 1800), 167);  // Sunday 23:30
  EXPECT_EQ(hour_of_week(1704067200.0 + 2 * 86400 + 5 * 3600), 53);  // Wednesday 05:00
}

TEST(FidelityDistances, WilsonInterval) {
  const Estimate w = wilson(8, 10);
  EXPECT_DOUBLE_EQ(w.value, 0.8);
  EXPECT_NEAR(w.low, 0.4902, 1e-4);
  EXPECT_NEAR(w.high, 0.9433, 1e-4);
  const Estimate z = wilson(0, 20);
  EXPECT_DOUBLE_EQ(z.low, 0.0);
  EXPECT_NEAR(z.high, 0.1611, 1e-4);
}

TEST(FidelityMeasures, HandmadeLogs) {
  // Observed: 4 journeys, 2 converted (ending at c); simulated: 2 journeys, 1 converted.
  const JourneySet obs = journeys({"abc", "ab", "aabc", "b"}, {true, false, true, false},
                                  {{0, 10, 20}, {0, 5}, {0, 1, 2, 3}, {0}});
  const JourneySet sim = journeys({"abc", "bd"}, {true, false}, {{0, 10, 40}, {3600, 3700}});
  const FidelityResult r = measure_fidelity(obs, sim);
  EXPECT_EQ(r.observed_journeys, 4u);
  EXPECT_EQ(r.simulated_journeys, 2u);
  EXPECT_DOUBLE_EQ(r.conversion_rate.observed.value, 0.5);
  EXPECT_DOUBLE_EQ(r.conversion_rate.simulated.value, 0.5);
  EXPECT_DOUBLE_EQ(r.conversion_rate.difference.value, 0.0);
  EXPECT_FALSE(r.conversion_rate.flagged);
  EXPECT_DOUBLE_EQ(r.mean_path_length.observed.value, 2.5);
  EXPECT_DOUBLE_EQ(r.mean_path_length.simulated.value, 2.5);
  ASSERT_EQ(r.touchpoints.size(), 4u);  // a, b, c observed; d simulated only
  EXPECT_EQ(r.touchpoints[0].activity, "a");
  EXPECT_DOUBLE_EQ(r.touchpoints[0].visits_per_journey.observed.value, 1.0);  // 1 + 1 + 2 + 0 over 4
  EXPECT_DOUBLE_EQ(r.touchpoints[0].visits_per_journey.simulated.value, 0.5);
  EXPECT_DOUBLE_EQ(r.touchpoints[1].drop_off_rate.observed.value, 0.5);  // "ab" and "b" end at b unconverted
  EXPECT_DOUBLE_EQ(r.touchpoints[1].drop_off_rate.simulated.value, 0.0);
  EXPECT_DOUBLE_EQ(r.touchpoints[3].drop_off_rate.simulated.value, 0.5);
  EXPECT_DOUBLE_EQ(r.touchpoints[2].conversion_rate.observed.value, 0.5);
  EXPECT_EQ(r.touchpoints[3].activity, "d");
  // Path lengths {3,2,4,1} vs {3,2}: shares 1/4 each vs 1/2 at 2 and 3; TV = 1/2.
  const auto dist = [&](const std::string& n) {
    for (const auto& d : r.distances)
      if (d.name == n) return d;
    ADD_FAILURE() << "no distance " << n;
    return DistanceRow{};
  };
  EXPECT_DOUBLE_EQ(dist("path_length").value, 0.5);
  // Durations {20, 5, 3, 0} vs {40, 100}: W1 = area between the distribution functions.
  EXPECT_NEAR(dist("duration").value, wasserstein1({20, 5, 3, 0}, {40, 100}), 1e-12);
  EXPECT_NEAR(dist("duration").value, 0.25 * 3 + 0.5 * 2 + 0.75 * 15 + 1.0 * 20 + 0.5 * 60, 1e-9);
  // Split halves: keys 0, 2 (A: "abc", "aabc") vs 1, 3 (B: "ab", "b"): durations {20,3} vs {5,0}.
  EXPECT_NEAR(dist("duration").reference, wasserstein1({20, 3}, {5, 0}), 1e-12);
  EXPECT_DOUBLE_EQ(dist("ngram_2").reference, ngram_distance(obs, Half::A, obs, Half::B, 2));
  EXPECT_DOUBLE_EQ(dist("ngram_3").reference, ngram_distance(obs, Half::A, obs, Half::B, 3));
  EXPECT_EQ(r.half_a, 2u);
  EXPECT_EQ(r.half_b, 2u);
  // All observed start at the epoch (Thursday 00:00 = hour 72); simulated: one an hour later.
  EXPECT_DOUBLE_EQ(dist("arrival_hour_emd").value, 0.5);
  EXPECT_DOUBLE_EQ(dist("arrival_hour_tv").value, 0.5);
  EXPECT_DOUBLE_EQ(dist("arrival_hour_emd").reference, 0.0);
  EXPECT_TRUE(dist("arrival_hour_emd").flagged);
  EXPECT_DOUBLE_EQ(dist("ngram_2").value, ngram_distance(obs, Half::All, journeys({"abc", "bd"}), Half::All, 2));
}

TEST(FidelityMeasures, IdenticalLogsAreZero) {
  const JourneySet a = journeys({"abc", "ab", "aabc", "b"}, {true, false, true, false},
                                {{0, 10, 20}, {0, 5}, {0, 1, 2, 3}, {0}});
  const FidelityResult r = measure_fidelity(a, a);
  for (const auto& d : r.distances) {
    EXPECT_DOUBLE_EQ(d.value, 0.0) << d.name;
    EXPECT_FALSE(d.flagged) << d.name;
  }
  EXPECT_DOUBLE_EQ(r.conversion_rate.difference.value, 0.0);
}

// ---- scenarios ----------------------------------------------------------------------------------

std::string tiny_funnel_text() { return slurp(std::filesystem::path(JSIM_SOURCE_DIR) / "scenarios/tiny_funnel.yaml"); }

// A scenario of scenarios/ with one piece of its text replaced.
ScenarioPtr edited(const std::string& name, const std::string& from = "", const std::string& to = "") {
  std::string text = slurp(std::filesystem::path(JSIM_SOURCE_DIR) / "scenarios" / name);
  if (!from.empty()) {
    const auto at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos) text.replace(at, from.size(), to);
  }
  return load_scenario_text(text, name, std::filesystem::path(JSIM_SOURCE_DIR) / "scenarios");
}

ScenarioPtr tiny_funnel(const std::string& from = "", const std::string& to = "") {
  std::string text = tiny_funnel_text();
  if (!from.empty()) {
    const auto at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    text.replace(at, from.size(), to);
  }
  return load_scenario_text(text, "tiny_funnel.yaml", std::filesystem::path(JSIM_SOURCE_DIR) / "scenarios");
}

const DistanceRow& distance(const FidelityResult& r, const std::string& name) {
  for (const auto& d : r.distances)
    if (d.name == name) return d;
  throw std::runtime_error("no distance " + name);
}

TEST(FidelityScenario, SameScenarioOtherSeedIsClose) {
  const JourneySet obs = simulate_journey_set(tiny_funnel(), 20000, 1, 0);
  const JourneySet sim = simulate_journey_set(tiny_funnel(), 20000, 2, 0);
  ASSERT_GT(obs.size(), 19000u);
  const FidelityResult r = measure_fidelity(obs, sim);
  // Observed vs simulated at full size is expected near 1/sqrt(2) of the half-vs-half reference;
  // 3 x the reference leaves room for chance.
  for (const auto& d : r.distances) {
    EXPECT_LE(d.value, 3.0 * d.reference + 1e-12) << d.name << " " << d.value << " ref " << d.reference;
  }
  EXPECT_LT(distance(r, "ngram_2").value, 0.02);
  EXPECT_LT(std::fabs(r.conversion_rate.difference.value), 0.02);
  EXPECT_NEAR(r.conversion_rate.observed.value, 999.0 / 3550.0, 0.01);  // the exact value (tiny_funnel.yaml)
}

TEST(FidelityScenario, ChangedScenarioIsFlagged) {
  const JourneySet obs = simulate_journey_set(tiny_funnel(), 20000, 1, 0);
  // Landing's friction doubled (0.20 -> 0.40).
  const JourneySet doubled = simulate_journey_set(
      tiny_funnel("{id: landing, channel: web, stage: consideration, friction: 0.20",
                  "{id: landing, channel: web, stage: consideration, friction: 0.40"),
      20000, 2, 0);
  FidelityResult r = measure_fidelity(obs, doubled);
  EXPECT_TRUE(r.conversion_rate.flagged);
  EXPECT_LT(r.conversion_rate.difference.high, 0.0);
  for (const char* n : {"ngram_2", "ngram_3", "path_length"}) {
    EXPECT_TRUE(distance(r, n).flagged) << n;
    EXPECT_GT(distance(r, n).value, 3.0 * distance(r, n).reference) << n;
  }
  // The reminder loop removed: product no longer leads to reminder_email.
  const JourneySet no_loop = simulate_journey_set(
      tiny_funnel("      - {touchpoint: reminder_email, weight: 1, delay: 1d}\n", ""), 20000, 2, 0);
  r = measure_fidelity(obs, no_loop);
  for (const char* n : {"ngram_2", "ngram_3"}) {
    EXPECT_TRUE(distance(r, n).flagged) << n;
    EXPECT_GT(distance(r, n).value, 3.0 * distance(r, n).reference) << n;
  }
  bool reminder_flagged = false;
  for (const auto& t : r.touchpoints)
    if (t.activity == "reminder_email") reminder_flagged = t.visits_per_journey.flagged;
  EXPECT_TRUE(reminder_flagged);
}

TEST(FidelityScenario, TimedScenarioDurationsAndArrivals) {
  // retail_omnichannel is timed (28 days, hourly and weekly arrival profiles, delays, queues).
  const JourneySet obs = simulate_journey_set(edited("retail_omnichannel.yaml"), 20000, 1, 0);
  const JourneySet same = simulate_journey_set(edited("retail_omnichannel.yaml"), 20000, 2, 0);
  FidelityResult r = measure_fidelity(obs, same);
  ASSERT_TRUE(r.timed);
  for (const auto& d : r.distances) {
    EXPECT_GT(d.reference, 0.0) << d.name;
    EXPECT_LE(d.value, 3.0 * d.reference) << d.name << " " << d.value << " ref " << d.reference;
    EXPECT_FALSE(d.flagged && d.value > 3.0 * d.reference) << d.name;
  }
  // Flat arrivals over the day instead of quiet nights and an evening peak: the arrival distances
  // are flagged.
  const JourneySet flat = simulate_journey_set(
      edited("retail_omnichannel.yaml",
             "hourly: [0.15, 0.08, 0.05, 0.04, 0.05, 0.10, 0.30, 0.60, 0.85, 0.95, 1.00, 1.05,\n"
             "  #        12    13    14    15    16    17    18    19    20    21    22    23\n"
             "           1.20, 1.10, 1.00, 1.00, 1.05, 1.20, 1.50, 1.80, 1.90, 1.70, 1.10, 0.50]",
             "hourly: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]"),
      20000, 2, 0);
  r = measure_fidelity(obs, flat);
  EXPECT_TRUE(distance(r, "arrival_hour_emd").flagged);
  EXPECT_TRUE(distance(r, "arrival_hour_tv").flagged);
  // The mass moves only hours within each day, which the transport cost (EMD) weighs less than
  // total variation does: 2.8 x its reference here against well over 3 x for TV.
  EXPECT_GT(distance(r, "arrival_hour_tv").value, 3.0 * distance(r, "arrival_hour_tv").reference);
  // The delay before a web product view after the first touch stretched (mean 6 h -> 2 days):
  // journeys last longer, duration is flagged.
  const JourneySet slow = simulate_journey_set(
      edited("retail_omnichannel.yaml", "{touchpoint: web_product, weight: 5, delay: {dist: exponential, mean: 6h}}",
             "{touchpoint: web_product, weight: 5, delay: {dist: exponential, mean: 2d}}"),
      20000, 2, 0);
  r = measure_fidelity(obs, slow);
  EXPECT_TRUE(distance(r, "duration").flagged);
  EXPECT_GT(distance(r, "duration").value, 3.0 * distance(r, "duration").reference);
  EXPECT_GT(r.mean_duration.difference.low, 0.0);
}

// ---- the command --------------------------------------------------------------------------------

TEST(FidelityCommand, RunLogAgainstScenarioWritesFiles) {
  const auto dir = fresh_dir("fidelity_cmd");
  auto run = jsim::testing::jsim("run scenarios/tiny_funnel.yaml --journeys --agents 5000 --seed 3 --out " + dir.string());
  ASSERT_EQ(run.status, 0) << run.err;
  const auto events = (dir / "events.csv").string();
  auto out = dir / "fid";
  auto o = jsim::testing::jsim("fidelity " + events + " scenarios/tiny_funnel.yaml --seed 4 --out " + out.string());
  ASSERT_EQ(o.status, 0) << o.err;
  EXPECT_NE(o.out.find("conversion_rate"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("ngram_2"), std::string::npos);
  for (const char* f : {"fidelity.csv", "fidelity.json", "fidelity.html"}) EXPECT_TRUE(std::filesystem::exists(out / f)) << f;
  const std::string html = slurp(out / "fidelity.html");
  EXPECT_NE(html.find("<svg"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  const auto j = nlohmann::json::parse(slurp(out / "fidelity.json"));
  EXPECT_EQ(j["observed_journeys"].get<std::uint64_t>(), 5000u);
  EXPECT_EQ(j["simulation"]["agents"].get<std::uint64_t>(), 5000u);
  EXPECT_EQ(j["simulation"]["seed"].get<std::uint64_t>(), 4u);
  for (const auto& m : j["measures"])
    if (m["group"] == "distance") EXPECT_LE(m["value"].get<double>(), 3.0 * m["reference"].get<double>() + 1e-12) << m.dump();
  EXPECT_NE(slurp(out / "fidelity.csv").find("group,measure,item,unit,observed"), std::string::npos);
  // The scenario simulated in-process with the log's own seed gives the log's journeys: every
  // distance 0 (the collecting sink sees what events.csv was written from).
  o = jsim::testing::jsim("fidelity " + events + " scenarios/tiny_funnel.yaml --seed 3 --json");
  ASSERT_EQ(o.status, 0) << o.err;
  // Named: a range-for over a member of parse()'s temporary reads it after it is destroyed (ASan).
  const nlohmann::json same_seed = nlohmann::json::parse(o.out);
  for (const auto& m : same_seed["measures"])
    if (m["group"] == "distance") EXPECT_EQ(m["value"].get<double>(), 0.0) << m.dump();
  // The log against itself: every distance 0.
  o = jsim::testing::jsim("fidelity " + events + " " + events + " --json");
  ASSERT_EQ(o.status, 0) << o.err;
  const nlohmann::json itself = nlohmann::json::parse(o.out);
  for (const auto& m : itself["measures"])
    if (m["group"] == "distance") EXPECT_EQ(m["value"].get<double>(), 0.0) << m.dump();
  std::filesystem::remove_all(dir);
}

TEST(FidelityCommand, BadInputExitsTwoWithPlace) {
  const auto dir = fresh_dir("fidelity_bad");
  std::filesystem::create_directories(dir);
  const auto bad = dir / "bad.csv";
  std::ofstream(bad) << "case:concept:name,concept:name,time:timestamp\n"
                        "c1,ad,2024-01-01T00:00:00Z\n"
                        "c1,landing,yesterday\n";
  auto o = jsim::testing::jsim("fidelity " + bad.string() + " scenarios/tiny_funnel.yaml");
  EXPECT_EQ(o.status, 2);
  EXPECT_NE(o.err.find(bad.string() + ":3:3"), std::string::npos) << o.err;
  o = jsim::testing::jsim("fidelity " + (dir / "missing.csv").string() + " scenarios/tiny_funnel.yaml");
  EXPECT_EQ(o.status, 2);
  EXPECT_NE(o.err.find("missing.csv"), std::string::npos) << o.err;
  const auto no_case = dir / "nocase.csv";
  std::ofstream(no_case) << "id,concept:name,time:timestamp\nc1,ad,2024-01-01\n";
  o = jsim::testing::jsim("fidelity " + no_case.string() + " " + no_case.string());
  EXPECT_EQ(o.status, 2);
  EXPECT_NE(o.err.find("nocase.csv:1:"), std::string::npos) << o.err;
  o = jsim::testing::jsim("fidelity scenarios/tiny_funnel.yaml " + bad.string());
  EXPECT_EQ(o.status, 2);
  std::filesystem::remove_all(dir);
}

}  // namespace
