// jsim discover (docs/discover.md): round trips scenario -> simulated journeys -> discovered
// scenario, a path file's conversion reproduced exactly, and bad input refused without output.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "analysis/markov.hpp"
#include "cli_runner.hpp"
#include "model/loader.hpp"

namespace fs = std::filesystem;

namespace {

using jsim::testing::fresh_dir;
using jsim::testing::Outcome;
using nlohmann::json;

Outcome cli(const std::string& args) { return jsim::testing::jsim(args); }

const jsim::Touchpoint& tp(const jsim::Scenario& s, const std::string& id) {
  return s.touchpoints[s.touchpoint_index(id)];
}

// P(from -> to) among moves, and the number of moves out of `from` (the discovered weights are counts).
std::map<std::string, double> move_probabilities(const jsim::Scenario& s, const std::string& from, double* total = nullptr) {
  std::map<std::string, double> p;
  double sum = 0.0;
  for (const auto& t : s.transitions[s.touchpoint_index(from)]) sum += t.weight;
  for (const auto& t : s.transitions[s.touchpoint_index(from)]) p[s.touchpoints[t.to].id] = t.weight / sum;
  if (total) *total = sum;
  return p;
}

json run_json(const std::string& args) {
  const Outcome o = cli("run " + args + " --json");
  EXPECT_EQ(o.status, 0) << args << "\n" << o.err;
  return o.status == 0 ? json::parse(o.out) : json::object();
}

}  // namespace

// (1) tiny_funnel -> 200,000 simulated journeys -> discover: the exact conversion of the discovered
// scenario lies in the run's 95% interval, and every transition probability, friction and entry
// share is within 3 binomial standard errors of tiny_funnel's.
TEST(Discover, TinyFunnelRoundTrip) {
  const fs::path d = fresh_dir("discover_tiny");
  const json run = run_json("scenarios/tiny_funnel.yaml --agents 200000 --journeys --out " + d.string());
  const double n = 200000.0, conv = run.value("conversions", -1.0);
  ASSERT_GT(conv, 0.0);
  const Outcome o = cli("discover " + (d / "events.csv").string() + " --out " + (d / "found.yaml").string());
  ASSERT_EQ(o.status, 0) << o.err;
  const auto truth = jsim::load_scenario(std::string(JSIM_SOURCE_DIR) + "/scenarios/tiny_funnel.yaml");
  const auto found = jsim::load_scenario(d / "found.yaml");
  EXPECT_EQ(found->horizon_days, 0.0);

  ASSERT_EQ(run.value("agents", 0.0), n);
  const double low = run["conversion_rate"]["low"].get<double>(), high = run["conversion_rate"]["high"].get<double>();
  const double exact = jsim::analyze_exact(*found).conversion_probability;
  EXPECT_GE(exact, low);
  EXPECT_LE(exact, high);

  for (const std::string from : {"ad", "landing", "product", "reminder_email"}) {
    double moves = 0.0;
    const auto fitted = move_probabilities(*found, from, &moves);
    const auto want = move_probabilities(*truth, from);
    EXPECT_EQ(fitted.size(), want.size()) << from;
    for (const auto& [to, p] : want) {
      const double se = std::sqrt(p * (1 - p) / moves);
      EXPECT_NEAR(fitted.count(to) ? fitted.at(to) : 0.0, p, 3 * se + 1e-12) << from << " -> " << to;
    }
    const double f = tp(*truth, from).friction, fh = tp(*found, from).friction;
    const double decided = moves / (1.0 - fh);  // visits = moves + abandonments
    EXPECT_NEAR(fh, f, 3 * std::sqrt(f * (1 - f) / decided)) << from;
  }
  EXPECT_EQ(tp(*found, "checkout").kind, jsim::TouchpointKind::Conversion);
  EXPECT_EQ(tp(*found, "leave").kind, jsim::TouchpointKind::Exit);
  double entries = 0.0;
  for (const auto& e : found->entry) entries += e.weight;
  for (const auto& e : found->entry) {
    const double p = found->touchpoints[e.touchpoint].id == "ad" ? 0.75 : 0.25;
    EXPECT_NEAR(e.weight / entries, p, 3 * std::sqrt(p * (1 - p) / entries));
  }
  // Order values: lognormal mean 60, sd 25 in tiny_funnel.
  const auto& ov = tp(*found, "checkout").order_value;
  EXPECT_NEAR(ov.mean(), 60.0, 3 * 25.0 / std::sqrt(conv));
  fs::remove_all(d);
}

// (2) A timed scenario (one persona, two channels, delays, no queues, an hourly profile) ->
// 50,000 journeys -> discover: delay means within 3 standard errors, the hourly arrival profile
// within 4 standard errors per hour, the horizon the simulated one.
TEST(Discover, TimedRoundTrip) {
  const fs::path d = fresh_dir("discover_timed");
  fs::create_directories(d);
  // No arrivals on the last day (weekly[6] = 0) and delays of hours: journeys end well inside the
  // horizon, so no delay is cut off by the end of the log.
  const std::string hourly = "[0.2, 0.1, 0.1, 0.1, 0.2, 0.4, 0.8, 1.2, 1.6, 2, 2, 1.8, 1.6, 1.8, 2, 2, 1.8, 1.6, 1.4, 1.2, 1, 0.8, 0.6, 0.4]";
  {
    std::ofstream f(d / "timed.yaml");
    f << "scenario: {name: timed_rt, seed: 11, population: 50000, horizon: 7d}\n"
         "stages: [browse, buy]\n"
         "channels: [{id: web, kind: digital}, {id: email, kind: digital}]\n"
         "touchpoints:\n"
         "  - {id: home, channel: web, stage: browse, friction: 0.2}\n"
         "  - {id: product, channel: web, stage: browse, friction: 0.1}\n"
         "  - {id: mail, channel: email, stage: browse, friction: 0.3}\n"
         "  - {id: buy, channel: web, stage: buy, kind: conversion, order_value: {dist: lognormal, mean: 80, sd: 30}}\n"
         "transitions:\n"
         "  - from: home\n"
         "    to:\n"
         "      - {touchpoint: product, weight: 3, delay: {dist: exponential, mean: 10m}}\n"
         "      - {touchpoint: mail, weight: 1, delay: {dist: lognormal, mean: 4h, sd: 2h}}\n"
         "  - from: product\n"
         "    to:\n"
         "      - {touchpoint: buy, weight: 1, delay: {dist: lognormal, mean: 5m, sd: 2m}}\n"
         "      - {touchpoint: mail, weight: 1, delay: {dist: exponential, mean: 2h}}\n"
         "  - from: mail\n"
         "    to:\n"
         "      - {touchpoint: home, weight: 1, delay: {dist: exponential, mean: 3h}}\n"
         "entry: [{touchpoint: home, weight: 1}]\n"
         "personas: [{id: everyone, share: 1}]\n"
         "arrivals:\n"
         "  hourly: " << hourly << "\n"
         "  weekly: [1, 1, 1, 1, 1, 1, 0]\n";
  }
  const json run = run_json((d / "timed.yaml").string() + " --journeys --out " + (d / "out").string());
  ASSERT_FALSE(run.empty());
  const Outcome o = cli("discover " + (d / "out" / "events.csv").string() + " --out " + (d / "found.yaml").string());
  ASSERT_EQ(o.status, 0) << o.err;
  const auto truth = jsim::load_scenario(d / "timed.yaml");
  const auto found = jsim::load_scenario(d / "found.yaml");
  ASSERT_GT(found->horizon_days, 0.0);
  EXPECT_DOUBLE_EQ(found->horizon_days, 7.0);

  for (std::size_t u = 0; u < truth->touchpoints.size(); ++u) {
    if (truth->touchpoints[u].terminal()) continue;
    const auto fu = found->touchpoint_index(truth->touchpoints[u].id);
    for (const auto& t : truth->transitions[u]) {
      const auto& id = truth->touchpoints[t.to].id;
      const auto& moves = found->transitions[fu];
      const auto m = std::find_if(moves.begin(), moves.end(), [&](const jsim::Transition& x) { return found->touchpoints[x.to].id == id; });
      ASSERT_NE(m, moves.end()) << truth->touchpoints[u].id << " -> " << id;
      ASSERT_FALSE(m->delay.is_none());
      const double mean = t.delay.mean();
      const double sd = t.delay.kind == jsim::Distribution::Kind::Exponential ? mean : t.delay.b;
      const double se = sd / std::sqrt(m->weight);
      EXPECT_NEAR(m->delay.mean(), mean, 3 * se) << truth->touchpoints[u].id << " -> " << id << " n=" << m->weight;
      EXPECT_EQ(m->delay.kind, t.delay.kind) << truth->touchpoints[u].id << " -> " << id << " (chosen by AIC)";
    }
  }
  // Hourly profile: the share of journey starts per hour against the simulated rate's share.
  double true_sum = 0.0, fit_sum = 0.0;
  for (int h = 0; h < 24; ++h) true_sum += truth->arrivals.hourly[h], fit_sum += found->arrivals.hourly[h];
  const double n = static_cast<double>(found->population);
  for (int h = 0; h < 24; ++h) {
    const double p = truth->arrivals.hourly[h] / true_sum, ph = found->arrivals.hourly[h] / fit_sum;
    EXPECT_NEAR(ph, p, 4 * std::sqrt(p * (1 - p) / n)) << "hour " << h;
  }
  EXPECT_NEAR(found->arrivals.weekly[6], 0.0, 1e-12);
  fs::remove_all(d);
}

// (3) A path file: the discovered (untimed) scenario's exact conversion is the file's conversion rate.
TEST(Discover, PathFileConversionIsExact) {
  const fs::path d = fresh_dir("discover_paths");
  fs::create_directories(d);
  {
    std::ofstream f(d / "paths.csv");
    f << "path,total_conversions,total_conversion_value,total_null\n"
         "search > display > email,17,850.5,31\n"
         "search > email,5,100,53\n"
         "display,0,0,211\n"
         "display > search > display,3,60,7\n"
         "email > email > search,9,400,12\n"
         ",2,40,4\n";
  }
  const Outcome o = cli("discover " + (d / "paths.csv").string() + " --out " + (d / "found.yaml").string());
  ASSERT_EQ(o.status, 0) << o.err;
  const auto found = jsim::load_scenario(d / "found.yaml");
  EXPECT_EQ(found->horizon_days, 0.0);
  const double observed = (17.0 + 5 + 3 + 9 + 2) / (17.0 + 31 + 5 + 53 + 211 + 3 + 7 + 9 + 12 + 2 + 4);
  EXPECT_NEAR(jsim::analyze_exact(*found).conversion_probability, observed, 1e-9);
  const Outcome a = cli("analyze " + (d / "found.yaml").string() + " --json");
  ASSERT_EQ(a.status, 0) << a.err;
  EXPECT_NEAR(json::parse(a.out)["conversion_probability"].get<double>(), observed, 1e-9);
  EXPECT_EQ(tp(*found, "conversion").kind, jsim::TouchpointKind::Conversion);
  fs::remove_all(d);
}

// (4) Bad input: exit 2, the place (FILE:ROW:COL or FILE: message), and no output file.
TEST(Discover, BadInputExitsTwoWithoutOutput) {
  const fs::path d = fresh_dir("discover_bad");
  fs::create_directories(d);
  auto write = [&](const std::string& name, const std::string& text) {
    std::ofstream(d / name) << text;
    return (d / name).string();
  };
  const fs::path out = d / "out.yaml";
  auto refused = [&](const std::string& args, const std::string& expect) {
    const Outcome o = cli("discover " + args + " --out " + out.string());
    EXPECT_EQ(o.status, 2) << args << "\n" << o.err;
    EXPECT_NE(o.err.find(expect), std::string::npos) << args << "\n" << o.err;
    EXPECT_FALSE(fs::exists(out)) << args;
  };
  const std::string good_rows = "c1,home,2024-01-01T00:00:00Z\nc1,buy,2024-01-01T00:05:00Z\n";
  const auto missing = write("missing.csv", "case:concept:name,time:timestamp\nc1,2024-01-01T00:00:00Z\n");
  refused(missing, missing + ":1:1: no column \"concept:name\"");
  const auto log = write("log.csv", "case:concept:name,concept:name,time:timestamp\n" + good_rows);
  refused(log + " --segment segment --conversions buy", log + ":1:1: no column \"segment\"");
  refused(log + " --case case_id --conversions buy", log + ":1:1: no column \"case_id\"");
  const auto bad_time = write("time.csv", "case:concept:name,concept:name,time:timestamp\n" + good_rows +
                                              "c2,home,2024-13-45 noon\n");
  refused(bad_time + " --conversions buy", bad_time + ":4:3: found \"2024-13-45 noon\"");
  refused(log + " --conversions purchase", log + ": conversion activity \"purchase\" never occurs");
  refused(log, log + ": no journey converts");
  refused((d / "nothing.csv").string(), "nothing.csv: no such file");
  // The same log with a conversion named works, and writes the file.
  const Outcome ok = cli("discover " + log + " --conversions buy --out " + out.string());
  EXPECT_EQ(ok.status, 0) << ok.err;
  EXPECT_TRUE(fs::exists(out));
  fs::remove_all(d);
}

// (5) Two personas that route differently (channel affinities) and abandon differently (friction
// sensitivity): the fitted sensitivity and affinity ratios come back, and each persona's exact
// conversion in the discovered scenario is within 3 standard errors of its observed rate.
TEST(Discover, PersonasRoundTrip) {
  const fs::path d = fresh_dir("discover_personas");
  fs::create_directories(d);
  {
    std::ofstream f(d / "two.yaml");
    f << "scenario: {name: two_personas, seed: 5, population: 150000}\n"
         "stages: [shop]\n"
         "channels: [{id: web, kind: digital}, {id: store, kind: physical}]\n"
         "touchpoints:\n"
         "  - {id: home, channel: web, stage: shop, friction: 0.2}\n"
         "  - {id: browse_web, channel: web, stage: shop, friction: 0.3}\n"
         "  - {id: browse_store, channel: store, stage: shop, friction: 0.2}\n"
         "  - {id: buy_web, channel: web, stage: shop, kind: conversion, order_value: 50}\n"
         "  - {id: buy_store, channel: store, stage: shop, kind: conversion, order_value: 70}\n"
         "transitions:\n"
         "  - {from: home, to: [{touchpoint: browse_web, weight: 1}, {touchpoint: browse_store, weight: 1}]}\n"
         "  - {from: browse_web, to: [{touchpoint: buy_web, weight: 1}, {touchpoint: browse_store, weight: 1}, {touchpoint: home, weight: 1}]}\n"
         "  - {from: browse_store, to: [{touchpoint: buy_store, weight: 1}, {touchpoint: browse_web, weight: 1}]}\n"
         "entry: [{touchpoint: home, weight: 2}, {touchpoint: browse_store, weight: 1}]\n"
         "personas:\n"
         "  - {id: online, share: 0.6, affinity: {web: 1, store: 0.3}}\n"
         "  - {id: shopper, share: 0.4, affinity: {web: 0.5, store: 1}, friction_sensitivity: 1.5}\n";
  }
  const json run = run_json((d / "two.yaml").string() + " --journeys --out " + (d / "out").string());
  ASSERT_FALSE(run.empty());
  const Outcome o = cli("discover " + (d / "out" / "events.csv").string() + " --out " + (d / "found.yaml").string());
  ASSERT_EQ(o.status, 0) << o.err;
  const auto found = jsim::load_scenario(d / "found.yaml");
  ASSERT_EQ(found->personas.size(), 2u);
  const auto ex = jsim::analyze_exact(*found);
  std::map<std::string, std::size_t> index;
  for (std::size_t p = 0; p < found->personas.size(); ++p) index[found->personas[p].id] = p;
  const auto& online = found->personas[index.at("online")];
  const auto& shopper = found->personas[index.at("shopper")];
  EXPECT_NEAR(shopper.friction_sensitivity / online.friction_sensitivity, 1.5, 0.075);
  const auto web = found->channels[0].id == "web" ? 0u : 1u, store = 1u - web;
  // True ratio of shopper's store/web preference to online's: (1 / 0.5) / (0.3 / 1).
  const double ratio = (shopper.affinity[store] / shopper.affinity[web]) / (online.affinity[store] / online.affinity[web]);
  EXPECT_NEAR(ratio, (1.0 / 0.5) / 0.3, 0.1 * (1.0 / 0.5) / 0.3);
  for (const auto& p : run["personas"]) {
    const double rate = p["conversion_rate"]["estimate"].get<double>(), n = p["agents"].get<double>();
    const double exact = ex.personas[index.at(p["id"].get<std::string>())].conversion_probability;
    EXPECT_NEAR(exact, rate, 3 * std::sqrt(rate * (1 - rate) / n)) << p["id"];
  }
  fs::remove_all(d);
}

// (6) A foreign log: no channel column (a --channels mapping), activity names that are not ids,
// plain-seconds timestamps, a semicolon delimiter, conversions named on the command line.
TEST(Discover, ForeignLogWithChannelMapping) {
  const fs::path d = fresh_dir("discover_foreign");
  fs::create_directories(d);
  {
    std::ofstream f(d / "log.csv");
    f << "id;step;at\n";
    for (int c = 0; c < 40; ++c) {
      const double t0 = 3600.0 * c;
      f << "k" << c << ";Home Page;" << t0 << "\n";
      f << "k" << c << ";Product Page;" << t0 + 30 + c << "\n";
      if (c % 3 == 0) f << "k" << c << ";Buy now;" << t0 + 90 + 2 * c << "\n";
      else if (c % 3 == 1) f << "k" << c << ";Call us;" << t0 + 200 + c << "\n";
    }
    std::ofstream m(d / "map.yaml");
    m << "Home Page: web\nProduct Page: web\nBuy now: web\nCall us: phone\n";
  }
  const Outcome o = cli("discover " + (d / "log.csv").string() + " --delimiter ';' --case id --activity step --timestamp at" +
                        " --channels " + (d / "map.yaml").string() + " --conversions 'Buy now' --out " + (d / "found.yaml").string());
  ASSERT_EQ(o.status, 0) << o.err;
  const auto found = jsim::load_scenario(d / "found.yaml");
  ASSERT_EQ(found->channels.size(), 2u);
  EXPECT_EQ(found->channels[0].id, "web");
  EXPECT_EQ(found->channels[1].id, "phone");
  EXPECT_EQ(found->channels[1].kind, jsim::ChannelKind::Assisted);
  EXPECT_EQ(tp(*found, "Buy_now").kind, jsim::TouchpointKind::Conversion);
  EXPECT_GT(found->horizon_days, 0.0);
  // 40 journeys: 14 converted (c % 3 == 0).
  EXPECT_NEAR(jsim::analyze_exact(*found).conversion_probability, 14.0 / 40.0, 1e-9);
  fs::remove_all(d);
}

// (7) Repeat journeys: a customer's case after a converted one is a repeat. The population is the
// customers, repeat_probability (x 0.9, mean satisfaction without frustration) and the repeat delay
// come back within 4 standard errors.
TEST(Discover, RepeatJourneysRoundTrip) {
  const fs::path d = fresh_dir("discover_repeats");
  fs::create_directories(d);
  std::ofstream(d / "rep.yaml") << "scenario: {name: rep_rt, seed: 3, population: 20000, horizon: 28d}\n"
                                   "stages: [shop]\n"
                                   "channels: [{id: web, kind: digital}]\n"
                                   "touchpoints:\n"
                                   "  - {id: home, channel: web, stage: shop, friction: 0.3}\n"
                                   "  - {id: buy, channel: web, stage: shop, kind: conversion, order_value: 50}\n"
                                   "transitions:\n"
                                   "  - {from: home, to: [{touchpoint: buy, weight: 1, delay: {dist: exponential, mean: 1h}}]}\n"
                                   "entry: [{touchpoint: home, weight: 1}]\n"
                                   "personas:\n"
                                   "  - {id: loyal, share: 1, repeat_probability: 0.6, repeat_delay: {dist: exponential, mean: 3d}}\n";
  const json run = run_json((d / "rep.yaml").string() + " --journeys --out " + (d / "out").string());
  ASSERT_FALSE(run.empty());
  const Outcome o = cli("discover " + (d / "out" / "events.csv").string() + " --out " + (d / "found.yaml").string());
  ASSERT_EQ(o.status, 0) << o.err;
  const auto found = jsim::load_scenario(d / "found.yaml");
  EXPECT_EQ(found->population, 20000u);
  const auto& p = found->personas.at(0);
  const double conversions = run.value("conversions", 1.0), pi = 0.6 * 0.9;
  EXPECT_NEAR(p.repeat_probability, 0.6, 4 * std::sqrt(pi * (1 - pi) / conversions) / 0.9);
  const double repeats = run["business"]["journeys"].get<double>() - 20000.0;
  EXPECT_NEAR(p.repeat_delay.mean(), 3 * 86400.0, 4 * 3 * 86400.0 / std::sqrt(repeats));
  // --no-repeats: every case is an agent.
  const Outcome flat = cli("discover " + (d / "out" / "events.csv").string() + " --no-repeats --out " + (d / "flat.yaml").string());
  ASSERT_EQ(flat.status, 0) << flat.err;
  EXPECT_EQ(jsim::load_scenario(d / "flat.yaml")->population, static_cast<std::uint64_t>(run["business"]["journeys"].get<double>()));
  fs::remove_all(d);
}

// (8) A queue: call_centre_mmc (M/M/6, 6-minute calls) -> its log -> discover: the waits are the
// queue's, so the fitted service time is the calls' own (exponential, mean within 3 standard errors
// of 6 min, SE = mean / sqrt(n)), and the servers are recovered (the most calls in service at once).
TEST(Discover, QueueRoundTripRecoversServiceAndServers) {
  const fs::path d = fresh_dir("discover_queue");
  ASSERT_EQ(cli("run scenarios/call_centre_mmc.yaml --journeys --out " + d.string()).status, 0);
  const Outcome o = cli("discover " + (d / "events.csv").string() + " --out " + (d / "found.yaml").string());
  ASSERT_EQ(o.status, 0) << o.err;
  const jsim::ScenarioPtr s = jsim::load_scenario(d / "found.yaml");
  const jsim::Touchpoint& call = tp(*s, "call_centre");
  EXPECT_EQ(call.servers, 6u);
  const double n = 33600.0;  // calls, every one served once (the scenario has no friction before the call)
  EXPECT_NEAR(call.service.mean(), 360.0, 3 * 360.0 / std::sqrt(n));
  fs::remove_all(d);
}
