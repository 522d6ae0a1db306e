// Hostile input (issue 14, "Reliability"): numbers outside their ranges, files that are no files,
// chains and nestings without end, command-line numbers that wrap. Each test here was a defect: a
// crash, a hang, a silent wrap or a run of nothing. Every command runs under `timeout`, so a
// regression fails the test instead of hanging the suite.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "cli_runner.hpp"
#include "model/limits.hpp"
#include "model/loader.hpp"
#include "sim/tally.hpp"

namespace fs = std::filesystem;

namespace {

using jsim::testing::fresh_dir;
using jsim::testing::jsim;
using jsim::testing::Outcome;

// A small timed scenario with one queue; `settings` and `service` and `order_value` are spliced in.
std::string timed_scenario(const std::string& settings = "  horizon: 1d\n", const std::string& service = "5m",
                           const std::string& order_value = "10", const std::string& extra = "") {
  return "scenario:\n  name: hostile\n  seed: 1\n  population: 200\n" + settings +
         "channels:\n  - {id: phone, kind: assisted}\n"
         "stages: [contact, outcome]\n"
         "touchpoints:\n"
         "  - {id: desk, channel: phone, stage: contact, servers: 2, service: " + service + "}\n"
         "  - {id: buy, channel: phone, stage: outcome, kind: conversion, order_value: " + order_value + "}\n"
         "  - {id: leave, channel: phone, stage: outcome, kind: exit}\n"
         "transitions:\n"
         "  - from: desk\n    to:\n      - {touchpoint: buy, weight: 1}\n      - {touchpoint: leave, weight: 1}\n"
         "entry:\n  - {touchpoint: desk, weight: 1}\n"
         "personas:\n  - {id: p, share: 1}\n" + extra;
}

// `text` with its first `from` replaced by `to`.
std::string replaced(std::string text, const std::string& from, const std::string& to) {
  return text.replace(text.find(from), from.size(), to);
}

class HostileInput : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fresh_dir(::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path write(const std::string& name, const std::string& text) {
    const fs::path p = dir_ / name;
    std::ofstream(p) << text;
    return p;
  }
  // `jsim ARGS` under a timeout: a hang reads as status 124.
  static Outcome bounded(const std::string& args) { return jsim(args, 10); }

  fs::path dir_;
};

// The message has FILE:LINE:COL, then what was wrong and the range allowed.
void expect_refused(const Outcome& o, const std::string& where, const std::string& what) {
  EXPECT_EQ(o.status, 2) << o.out << o.err;
  EXPECT_NE(o.err.find(where), std::string::npos) << o.err;
  EXPECT_NE(o.err.find(what), std::string::npos) << o.err;
}

// --- Numbers in a scenario

TEST_F(HostileInput, ServiceOf1e308IsRefusedAtItsPlace) {
  // Was accepted, and run printed a 309-digit load (reported as a crash in run).
  const fs::path exp = write("exp.yaml", timed_scenario("  horizon: 1d\n", "{dist: exponential, mean: 1e308}"));
  expect_refused(bounded("validate " + exp.string()), "exp.yaml:10:", "at most 3650d (10 years)");
  const fs::path uni = write("uni.yaml", timed_scenario("  horizon: 1d\n", "{dist: uniform, min: 0, max: 1e308}"));
  expect_refused(bounded("run " + uni.string() + " --quiet"), "uni.yaml:10:", "at most 3650d");
}

TEST_F(HostileInput, HorizonOf1e308sIsRefused) {
  // Was a run of 0 agents reported as fine (1e308 s); 1e10 s ran for ever.
  for (const char* horizon : {"1e308s", "1e10s", "1e12"}) {
    const fs::path f = write("h.yaml", timed_scenario(std::string("  horizon: ") + horizon + "\n"));
    expect_refused(bounded("run " + f.string() + " --quiet"), "h.yaml:5:12", "horizon: expected a duration of at most 3650d");
  }
}

TEST_F(HostileInput, ALognormalDurationIsBoundedByItsMedian) {
  const fs::path huge = write("huge.yaml", timed_scenario("  horizon: 1d\n", "{dist: lognormal, mean: 1e308, sd: 0}"));
  expect_refused(bounded("validate " + huge.string()), "huge.yaml:10:", "make a median of");
  const fs::path shapeless = write("shapeless.yaml", timed_scenario("  horizon: 1d\n", "{dist: lognormal, mean: 1e-300, sd: 1e300}"));
  expect_refused(bounded("validate " + shapeless.string()), "shapeless.yaml:10:", "the sd is too large against the mean");
  // Heavy-tailed moments as jsim discover fits them: a median of under a second.
  const fs::path fitted = write("fitted.yaml", timed_scenario("  horizon: 1d\n", "{dist: lognormal, mean: 6.3e14d, sd: 7.9e34d}"));
  const Outcome o = bounded("run " + fitted.string() + " --quiet");
  EXPECT_EQ(o.status, 0) << o.err;
}

TEST_F(HostileInput, DurationsAndMoneyAtTheirBoundsAreAccepted) {
  const fs::path f = write("bounds.yaml", timed_scenario("  horizon: 3650d\n", "3650d", "1e9"));
  const Outcome o = bounded("validate " + f.string());
  EXPECT_EQ(o.status, 0) << o.err;
}

TEST_F(HostileInput, OrderValueBeyondTheMoneyBoundIsRefused) {
  // 1e15 per order was accepted and revenue wrapped around in 64-bit cents.
  const fs::path f = write("money.yaml", timed_scenario("  horizon: 1d\n", "5m", "1e15"));
  expect_refused(bounded("validate " + f.string()), "money.yaml:11:", "order_value: expected an amount of money of at most 1e+09, got '1e15'");
  const fs::path m = write("mult.yaml", replaced(timed_scenario(), "{id: p, share: 1}",
                                                 "{id: p, share: 1, order_value_multiplier: 1e6}"));
  expect_refused(bounded("validate " + m.string()), "mult.yaml:", "order_value_multiplier: expected a number in [0, 1000]");
}

TEST(HostileRevenue, RevenueBeyond64BitCentsIsSummedExactly) {
  // 2^64 cents is 1.8e17: a few hundred thousand orders at the largest order value pass it.
  const auto s = jsim::load_scenario_text(timed_scenario(), "revenue.yaml", ".");
  jsim::Tally a(*s, 0, 1), b(*s, 0, 1);
  const std::int64_t order = 100'000'000'000'000;  // 1e12 (1e9 x multiplier 1000) in cents
  const int n = 200'000;                           // 2e19 cents in each tally: more than 2^64
  for (int i = 0; i < n; ++i) a.on_order(0, 1, order, 0.0, -1.0), b.on_order(0, 1, order, 0.0, -1.0);
  jsim::WideCents expected = jsim::WideCents{n} * static_cast<jsim::WideCents>(order);
  EXPECT_TRUE(a.revenue_cents(1) == expected);
  a.merge(b);
  EXPECT_TRUE(a.revenue_cents(1) == 2 * expected);
  EXPECT_DOUBLE_EQ(static_cast<double>(a.revenue_cents(1)), 4e19);
}

TEST_F(HostileInput, PopulationAndServersBeyondTheirBoundsAreRefused) {
  const fs::path f = write("count.yaml", replaced(timed_scenario(), "population: 200", "population: 1000000000001"));
  expect_refused(bounded("validate " + f.string()), "count.yaml:4:15", "expected an integer in [1, 1000000000000]");
  const fs::path ok = write("ok.yaml", replaced(timed_scenario(), "population: 200", "population: 1000000000000"));
  EXPECT_EQ(bounded("validate " + ok.string()).status, 0);
  const fs::path servers = write("servers.yaml", replaced(timed_scenario(), "servers: 2", "servers: 1000001"));
  expect_refused(bounded("validate " + servers.string()), "servers.yaml:", "expected an integer in [0, 1000000]");
}

TEST_F(HostileInput, TooManyEngineWindowsAreRefusedNamingWindowAndHorizon) {
  // 0.01 s over 28 days took 5.5 GB.
  const fs::path f = write("w.yaml", timed_scenario("  horizon: 28d\n  window: 0.01s\n"));
  expect_refused(bounded("run " + f.string() + " --quiet"), "w.yaml:6:11",
                 "window 0.01 s over horizon 2.4192e+06 s makes 2.42e+08 engine windows, more than the 5e+07 allowed");
  const fs::path ok = write("ok.yaml", timed_scenario("  horizon: 28d\n  window: 0.05s\n"));  // 48 M windows
  EXPECT_EQ(bounded("validate " + ok.string()).status, 0);
}

TEST_F(HostileInput, AnArrivalProfileWithNoArrivalsInTheHorizonIsAnError) {
  // Was a run of 0 agents reported as if all were fine. Monday has weight 0 and the horizon is one day.
  const std::string arrivals =
      "arrivals:\n  hourly: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n"
      "  weekly: [0, 1, 1, 1, 1, 1, 1]\n";
  const fs::path f = write("none.yaml", timed_scenario("  horizon: 1d\n", "5m", "10", arrivals));
  expect_refused(bounded("run " + f.string() + " --quiet"), "none.yaml:", "no customer would arrive");
  const fs::path two = write("two.yaml", timed_scenario("  horizon: 2d\n", "5m", "10", arrivals));
  EXPECT_EQ(bounded("validate " + two.string()).status, 0);
}

// --- Files

TEST_F(HostileInput, ADeepExtendsChainIsRefusedQuickly) {
  // 6,000 bases overflowed the stack in validate; 3,000 took long.
  write("c0.yaml", timed_scenario());
  for (int i = 1; i <= 6000; ++i) write("c" + std::to_string(i) + ".yaml", "extends: c" + std::to_string(i - 1) + ".yaml\n");
  expect_refused(bounded("validate " + (dir_ / "c6000.yaml").string()), ".yaml:1:10", "more than 64 bases in a chain");
  const Outcome at_bound = bounded("validate " + (dir_ / "c64.yaml").string());  // 64 bases
  EXPECT_EQ(at_bound.status, 0) << at_bound.err;
  expect_refused(bounded("validate " + (dir_ / "c65.yaml").string()), "c1.yaml:1:10", "more than 64 bases");
}

TEST_F(HostileInput, DeepYamlNestingIsRefusedNamingTheFile) {
  const auto nested = [](int depth) { return "a: " + std::string(depth, '[') + std::string(depth, ']') + "\n"; };
  expect_refused(bounded("validate " + write("deep.yaml", nested(300)).string()), "deep.yaml:1:",
                 "nested deeper than 256 levels");
  expect_refused(bounded("validate " + write("deeper.yaml", nested(100000)).string()), "deeper.yaml:1:",
                 "nested deeper than 256 levels");
}

TEST_F(HostileInput, SpecialFilesAreRefusedBeforeOpening) {
  // A FIFO blocked validate for ever.
  const fs::path fifo = dir_ / "fifo.yaml";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  expect_refused(bounded("validate " + fifo.string()), "fifo.yaml", "FIFO (named pipe)");
  expect_refused(bounded("validate /dev/zero"), "/dev/zero", "it is a device");
  expect_refused(bounded("validate " + dir_.string()), dir_.string(), "it is a directory");
  // ... as an overlay's base, a persona include and a data file too.
  const fs::path over = write("over.yaml", "extends: fifo.yaml\n");
  expect_refused(bounded("validate " + over.string()), "over.yaml:1:10", "FIFO");
  const fs::path inc = write("inc.yaml", replaced(timed_scenario(), "  - {id: p, share: 1}\n", "  include: fifo.yaml\n"));
  expect_refused(bounded("validate " + inc.string()), "inc.yaml:", "FIFO");
  expect_refused(bounded("attribute " + fifo.string()), "fifo.yaml", "FIFO");
  const fs::path csv = dir_ / "fifo.csv";
  ASSERT_EQ(::mkfifo(csv.c_str(), 0600), 0);
  expect_refused(bounded("attribute " + csv.string()), "fifo.csv", "FIFO (named pipe), not a regular file; expected a CSV file");
}

// --- Command-line numbers

TEST_F(HostileInput, AgentsBeyond64BitsAreRefusedInOneLine) {
  // Was accepted, saturated to 2^64 - 1 and ran for ever.
  const Outcome o = bounded("run scenarios/tiny_funnel.yaml --agents 18446744073709551616 --quiet");
  EXPECT_EQ(o.status, 2) << o.err;
  EXPECT_NE(o.err.find("--agents: expected a whole number in [1, 1000000000000], got '18446744073709551616'"),
            std::string::npos) << o.err;
  EXPECT_LT(o.err.size(), 300u) << o.err;  // no 309-digit range
  for (const char* bad : {"-5", "1000000000001", "1e3", "0"}) {
    const Outcome b = bounded(std::string("run scenarios/tiny_funnel.yaml --quiet --agents ") + bad);
    EXPECT_EQ(b.status, 2) << bad;
    EXPECT_NE(b.err.find("expected a whole number in [1, 1000000000000]"), std::string::npos) << b.err;
  }
}

TEST_F(HostileInput, SeedMinusOneIsRefused) {
  // Silently became 18446744073709551615.
  const Outcome o = bounded("run scenarios/tiny_funnel.yaml --agents 10 --seed -1 --quiet");
  EXPECT_EQ(o.status, 2) << o.out;
  EXPECT_NE(o.err.find("--seed: expected a whole number >= 0, got '-1'"), std::string::npos) << o.err;
  EXPECT_EQ(bounded("run scenarios/tiny_funnel.yaml --agents 10 --seed 18446744073709551615 --quiet").status, 0);
}

TEST_F(HostileInput, OtherCountsAreCheckedInOneLine) {
  for (const std::string args : {"run scenarios/tiny_funnel.yaml --replications -1", "run scenarios/tiny_funnel.yaml --replications 100001",
                                 "run scenarios/tiny_funnel.yaml --threads -1", "run scenarios/tiny_funnel.yaml --threads 99999",
                                 "compare scenarios/tiny_funnel.yaml scenarios/tiny_funnel.yaml --replications 1",
                                 "friction scenarios/tiny_funnel.yaml --top -2"}) {
    const Outcome o = bounded(args + " --quiet");
    EXPECT_EQ(o.status, 2) << args;
    EXPECT_NE(o.err.find("expected a whole number"), std::string::npos) << args << ": " << o.err;
    EXPECT_LT(o.err.size(), 300u) << o.err;
  }
}

TEST_F(HostileInput, MoreThreadsThanCoresRunWithANote) {
  const Outcome o = bounded("run scenarios/tiny_funnel.yaml --agents 100 --threads 4096 --quiet");
  EXPECT_EQ(o.status, 0) << o.err;
  EXPECT_NE(o.err.find("note: --threads 4096 is more than the"), std::string::npos) << o.err;
}

TEST_F(HostileInput, WorkOfDaysNeedsForce) {
  // The largest population is accepted by the parser, and refused by the estimate (days of work).
  const Outcome o = bounded("run scenarios/tiny_funnel.yaml --agents 1000000000000 --quiet");
  EXPECT_EQ(o.status, 2) << o.err;
  EXPECT_NE(o.err.find("scenarios/tiny_funnel.yaml: this would take about"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("--force"), std::string::npos) << o.err;
  const Outcome sweep = bounded("sweep scenarios/tiny_funnel.yaml --agents 100000000 --replications 1000 "
                                "--set 'design.integration=0,0.5,1' --quiet");
  EXPECT_EQ(sweep.status, 2) << sweep.err;
  EXPECT_NE(sweep.err.find("this would take about"), std::string::npos) << sweep.err;
}

}  // namespace
