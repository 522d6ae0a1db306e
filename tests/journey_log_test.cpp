// read_journey_log (data/journey_log.hpp): the case-level event-log reader of discover and fidelity.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "data/journey_log.hpp"
#include "model/error.hpp"
#include "test_files.hpp"

namespace fs = std::filesystem;

namespace {

fs::path write(const std::string& name, const std::string& text) {
  const fs::path d = jsim::testing::fresh_dir("journey_log");
  fs::create_directories(d);
  const fs::path p = d / name;
  std::ofstream(p) << text;
  return p;
}

std::string error_of(const fs::path& p, const jsim::data::JourneyLogOptions& o) {
  try {
    (void)jsim::data::read_journey_log(p, o);
  } catch (const jsim::ScenarioError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(JourneyLog, GroupsCasesSortsByTimeStablyAndKeepsColumns) {
  const fs::path p = write("a.csv",
                           "case:concept:name,concept:name,time:timestamp,channel,persona,customer,order_value,"
                           "touchpoint_kind,case:outcome,wait,service\n"
                           "c1,home,2024-01-01T00:00:10Z,web,young,1,0,regular,converted,0,5\n"
                           "c2,ad,2024-01-01T00:00:00Z,social,old,2,0,regular,abandoned,0,0\n"
                           "c1,buy,2024-01-01T00:01:00Z,web,young,1,42.5,conversion,converted,1,2\n"
                           "c1,ad,2024-01-01T00:00:00Z,social,young,1,0,regular,converted,0,0\n"
                           "c2,home,2024-01-01T00:00:00Z,web,old,2,,regular,abandoned,0,0\n");
  const auto log = jsim::data::read_journey_log(p, {});
  ASSERT_EQ(log.cases.size(), 2u);
  EXPECT_EQ(log.rows, 5u);
  const auto& c1 = log.cases[0];
  EXPECT_EQ(c1.id, "c1");
  ASSERT_EQ(c1.count, 3u);
  const auto e = log.events_of(c1);
  EXPECT_EQ(log.activities[e[0].activity], "ad");
  EXPECT_EQ(log.activities[e[1].activity], "home");
  EXPECT_EQ(log.activities[e[2].activity], "buy");
  EXPECT_DOUBLE_EQ(e[2].value, 42.5);
  EXPECT_DOUBLE_EQ(e[2].end - e[2].time, 3.0);
  EXPECT_DOUBLE_EQ(e[1].time - e[0].time, 10.0);
  EXPECT_EQ(log.channels[e[0].channel], "social");
  EXPECT_EQ(log.segments[c1.segment], "young");
  EXPECT_EQ(c1.customer, "1");
  EXPECT_TRUE(c1.converted_by_outcome);
  EXPECT_EQ(log.activity_kinds[*log.find_activity("buy")], jsim::data::ActivityKind::Conversion);
  // c2: equal times keep file order (ad before home).
  const auto f = log.events_of(log.cases[1]);
  EXPECT_EQ(log.activities[f[0].activity], "ad");
  EXPECT_EQ(log.activities[f[1].activity], "home");
  EXPECT_FALSE(f[1].has_value());
  EXPECT_FALSE(log.cases[1].converted_by_outcome);
}

TEST(JourneyLog, BadInputNamesThePlace) {
  const fs::path p = write("b.csv",
                           "case:concept:name,concept:name,time:timestamp\n"
                           "c1,home,2024-01-01T00:00:10Z\n"
                           "c1,buy,yesterday\n");
  EXPECT_NE(error_of(p, {}).find("b.csv:3:3:"), std::string::npos) << error_of(p, {});
  jsim::data::JourneyLogOptions o;
  o.case_column = "case";
  EXPECT_NE(error_of(p, o).find("b.csv:1:1: no column \"case\""), std::string::npos) << error_of(p, o);
  jsim::data::JourneyLogOptions m;
  m.segment_column = {"segment", true};
  EXPECT_NE(error_of(p, m).find("no column \"segment\""), std::string::npos);
  const fs::path q = write("c.csv", "case:concept:name,concept:name,time:timestamp\nc1,home,5\n");
  jsim::data::JourneyLogOptions conv;
  conv.conversion_activities = {"purchase"};
  EXPECT_NE(error_of(q, conv).find("conversion activity \"purchase\" never occurs"), std::string::npos);
  EXPECT_EQ(error_of(q, {}), "");
}

// The wait before service (what discover uses to tell queueing from service) is checked like
// every cell: a bad one names its row and column.
TEST(JourneyLog, BadWaitNamesThePlace) {
  const fs::path p = write("w.csv",
                           "case:concept:name,concept:name,time:timestamp,wait\n"
                           "c1,call,2024-01-01T00:00:10Z,soon\n");
  EXPECT_NE(error_of(p, {}).find("w.csv:2:4:"), std::string::npos) << error_of(p, {});
}
