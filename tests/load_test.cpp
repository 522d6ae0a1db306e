// Load apart from precision (docs/model.md, "Load"): the warnings when a timed run's load crushes a
// queue, and the CLI's --agents / --arrivals for timed scenarios.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <string>

#include "cli_runner.hpp"
#include "experiment/load_warnings.hpp"
#include "model/error.hpp"
#include "scenario_builders.hpp"
#include "sim/simulation.hpp"

namespace jsim {
namespace {

namespace fs = std::filesystem;
using testing::jsim;
using testing::Outcome;

std::vector<LoadWarning> warnings_of(const std::shared_ptr<Scenario>& s, std::uint64_t seed) {
  RunPlan plan = default_plan(s);
  plan.seed = seed;
  return load_warnings(*s, simulate(plan));
}

// The lines of text that start with `prefix`.
std::vector<std::string> lines_starting(const std::string& text, const std::string& prefix) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (line.rfind(prefix, 0) == 0) out.push_back(line);
  return out;
}

TEST(LoadWarnings, AnOverloadedQueueWarnsOfLoadAndBacklog) {
  // M/M/3 with 6-minute calls and 60 calls an hour: rho = 2 around the clock.
  const auto s = testing::single_queue(60, 360, 3, 7);
  const std::vector<LoadWarning> w = warnings_of(s, 1);
  ASSERT_EQ(w.size(), 2u);
  EXPECT_EQ(w[0].kind, LoadWarning::Kind::Overload);
  EXPECT_EQ(w[0].touchpoint, "call_centre");
  EXPECT_EQ(week_hours_text(w[0].hours), "all week");
  EXPECT_GT(w[0].peak_load, 1.7);
  EXPECT_NE(describe(w[0]).find("call_centre: offered load at or above capacity all week"), std::string::npos)
      << describe(w[0]);
  EXPECT_EQ(w[1].kind, LoadWarning::Kind::Backlog);
  EXPECT_EQ(w[1].touchpoint, "call_centre");
  // Half the week's 10080 calls cannot be served: thousands still wait at the horizon.
  EXPECT_GT(w[1].waiting, 3000u);
  EXPECT_NE(describe(w[1]).find("does not empty by the horizon"), std::string::npos) << describe(w[1]);
}

TEST(LoadWarnings, ALightlyLoadedQueueNeverWarns) {
  // rho 0.5 and 0.8 over four weeks: hours whose arrivals are high by chance must not warn.
  for (const double lambda : {30.0, 48.0})
    for (std::uint64_t seed = 1; seed <= 8; ++seed)
      EXPECT_TRUE(warnings_of(testing::single_queue(lambda, 360, 6, 28), seed).empty())
          << "lambda " << lambda << " seed " << seed;
}

TEST(LoadWarnings, APeakNamesItsHoursOfTheWeek) {
  // rho 0.3 all day, 1.8 from 09:00 to 12:00: six times the arrivals in those three hours.
  const auto s = testing::single_queue(18, 360, 6, 28);
  for (std::size_t h : {9, 10, 11}) s->arrivals.hourly[h] = 6.0;
  s->population = 28 * (21 * 18 + 3 * 108);
  const std::vector<LoadWarning> w = warnings_of(s, 3);
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0].kind, LoadWarning::Kind::Overload);
  EXPECT_EQ(week_hours_text(w[0].hours), "Mon-Sun 09:00-12:00");
  EXPECT_GT(w[0].peak_load, 1.5);
  EXPECT_LT(w[0].peak_load, 2.2);
}

TEST(LoadWarnings, WeekHoursTextGroupsDaysAndTimes) {
  EXPECT_EQ(week_hours_text({{9, 12}}), "Mon 09:00-12:00");
  EXPECT_EQ(week_hours_text({{9, 12}, {33, 36}, {57, 60}, {105, 108}}), "Mon-Wed,Fri 09:00-12:00");
  EXPECT_EQ(week_hours_text({{22, 26}}), "Mon 22:00-24:00; Tue 00:00-02:00");
  EXPECT_EQ(week_hours_text({{9, 12}, {14, 15}, {33, 36}}), "Mon-Tue 09:00-12:00; Mon 14:00-15:00");
  EXPECT_EQ(week_hours_text({{1, 2}, {3, 4}, {5, 6}}, 2), "Mon 01:00-02:00; Mon 03:00-04:00; and 1 more");
  EXPECT_EQ(week_hours_text({{0, 168}}), "all week");
}

// An MPI rank sends a run's warnings as numbers (experiment/replication.cpp): they must come back
// the same, every field, or a sweep's warnings would depend on the rank count.
TEST(LoadWarnings, TravelAsNumbersExactly) {
  const auto s = testing::single_queue(18, 360, 6, 28);
  for (std::size_t h : {9, 10, 11, 15}) s->arrivals.hourly[h] = 8.0;
  s->population = 28 * (20 * 18 + 4 * 144);
  std::vector<LoadWarning> w = warnings_of(s, 3);
  const std::vector<LoadWarning> overloaded = warnings_of(testing::single_queue(60, 360, 3, 7), 1);
  w.insert(w.end(), overloaded.begin(), overloaded.end());
  ASSERT_GE(w.size(), 3u);
  const std::vector<double> numbers = warning_numbers(*s, w);
  const std::vector<LoadWarning> back = warnings_from_numbers(*s, numbers);
  ASSERT_EQ(back.size(), w.size());
  for (std::size_t i = 0; i < w.size(); ++i) {
    EXPECT_EQ(back[i].kind, w[i].kind);
    EXPECT_EQ(back[i].touchpoint, w[i].touchpoint);
    EXPECT_EQ(back[i].hours, w[i].hours);
    EXPECT_EQ(back[i].peak_load, w[i].peak_load);
    EXPECT_EQ(back[i].peak_hour, w[i].peak_hour);
    EXPECT_EQ(back[i].servers, w[i].servers);
    EXPECT_EQ(back[i].waiting, w[i].waiting);
    EXPECT_EQ(back[i].backlog_hours, w[i].backlog_hours);
    EXPECT_EQ(describe(back[i]), describe(w[i]));
  }
  // Cut short, the numbers are refused rather than read as a made-up warning.
  EXPECT_THROW((void)warnings_from_numbers(*s, std::span<const double>(numbers).first(numbers.size() - 1)), Error);
}

TEST(LoadWarnings, UntimedRunsHaveNone) {
  const auto s = testing::random_graph(5, 6, 2);
  EXPECT_TRUE(warnings_of(s, 1).empty());
}

// ---- the command line ------------------------------------------------------------------------

TEST(CliLoad, AgentsOnATimedScenarioIsRefusedPointingToArrivals) {
  for (const std::string options : {"run", "friction", "sweep --set touchpoints.call_centre.servers=5,6"}) {
    const std::string command = options.substr(0, options.find(' '));
    const std::string rest = options.size() > command.size() ? options.substr(command.size()) : "";
    const Outcome o = jsim(command + " scenarios/call_centre_mmc.yaml" + rest + " --agents 400000");
    EXPECT_EQ(o.status, 2) << command << o.err;
    EXPECT_NE(o.err.find("--agents: scenarios/call_centre_mmc.yaml is timed"), std::string::npos) << o.err;
    EXPECT_NE(o.err.find("--arrivals N"), std::string::npos) << o.err;
    EXPECT_NE(o.err.find("--replications"), std::string::npos) << o.err;
    EXPECT_TRUE(o.out.empty()) << o.out;
  }
  const Outcome compare = jsim("compare scenarios/call_centre_mmc.yaml scenarios/call_centre_mmc.yaml --agents 4000");
  EXPECT_EQ(compare.status, 2);
  EXPECT_NE(compare.err.find("--arrivals"), std::string::npos) << compare.err;
}

TEST(CliLoad, ArrivalsOnAnUntimedScenarioIsRefusedPointingToAgents) {
  const Outcome o = jsim("run scenarios/tiny_funnel.yaml --arrivals 1000");
  EXPECT_EQ(o.status, 2);
  EXPECT_NE(o.err.find("untimed"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("--agents N"), std::string::npos) << o.err;
  EXPECT_EQ(jsim("run scenarios/call_centre_mmc.yaml --arrivals 100 --agents 100").status, 2);
}

TEST(CliLoad, ArrivalsChangeTheLoadSayingSoInOneLineAndWarn) {
  const Outcome o = jsim("run scenarios/call_centre_mmc.yaml --arrivals 100000 --json");
  ASSERT_EQ(o.status, 0) << o.err;
  const auto j = nlohmann::json::parse(o.out);
  EXPECT_EQ(j["agents"], 100000);
  const std::vector<std::string> load = lines_starting(o.err, "load:");
  ASSERT_EQ(load.size(), 1u) << o.err;
  EXPECT_EQ(load[0], "load: 100,000 arrivals over 672 h, 3.0x the scenario's 33,600");
  // Three times the calls the six agents are staffed for: overloaded all week, never emptied.
  const std::vector<std::string> warnings = lines_starting(o.err, "warning: call_centre: ");
  ASSERT_EQ(warnings.size(), 2u) << o.err;
  EXPECT_NE(warnings[0].find("offered load at or above capacity all week"), std::string::npos) << warnings[0];
  EXPECT_NE(warnings[1].find("still waiting when the horizon ended"), std::string::npos) << warnings[1];
  ASSERT_EQ(j["run_info"]["load_warnings"].size(), 2u);
  EXPECT_EQ(j["run_info"]["load_warnings"][0]["kind"], "overload");
  EXPECT_EQ(j["run_info"]["load_warnings"][0]["touchpoint"], "call_centre");
  EXPECT_GT(j["touchpoints"][0]["unfinished_waits"].get<std::uint64_t>(), 10000u);
}

TEST(CliLoad, TheScenariosOwnLoadNeedsNoLineAndNoWarning) {
  const Outcome o = jsim("run scenarios/call_centre_mmc.yaml --replications 2");
  ASSERT_EQ(o.status, 0) << o.err;
  EXPECT_EQ(o.err, "");
  const Outcome same = jsim("run scenarios/call_centre_mmc.yaml --arrivals 33600");
  ASSERT_EQ(same.status, 0) << same.err;
  EXPECT_EQ(same.err, "");
}

TEST(CliLoad, CompareAndSweepWarnNamingTheDesignAndTouchpoint) {
  const fs::path d = testing::fresh_dir("load_compare");
  fs::create_directories(d);
  std::string text = testing::slurp(fs::path(JSIM_SOURCE_DIR) / "scenarios/call_centre_mmc.yaml");
  const auto at = text.find("servers: 6");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, 10, "servers: 4");  // rho 1.25
  std::ofstream(d / "four_agents.yaml") << text;
  const Outcome c =
      jsim("compare scenarios/call_centre_mmc.yaml " + (d / "four_agents.yaml").string() + " --replications 2");
  ASSERT_EQ(c.status, 0) << c.err;
  EXPECT_NE(c.err.find("warning: " + (d / "four_agents.yaml").string() + ": call_centre: "), std::string::npos) << c.err;
  EXPECT_EQ(c.err.find("warning: scenarios/call_centre_mmc.yaml:"), std::string::npos) << c.err;

  const Outcome s = jsim("sweep scenarios/call_centre_mmc.yaml --set touchpoints.call_centre.servers=4,6 --replications 2");
  ASSERT_EQ(s.status, 0) << s.err;
  EXPECT_NE(s.err.find("warning: sweep point touchpoints.call_centre.servers=4: call_centre: "), std::string::npos)
      << s.err;
  EXPECT_EQ(s.err.find("servers=6:"), std::string::npos) << s.err;
  fs::remove_all(d);
}

}  // namespace
}  // namespace jsim
