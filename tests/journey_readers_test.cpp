// The journey input readers: the CSV table under them, path files, event logs and the journeys
// of a results.h5, each on small files written here and checked by hand; every bad input must
// name FILE:ROW:COL (or the file) and say what was expected.
#include <gtest/gtest.h>
#include <hdf5.h>

#include <cmath>
#include <cstddef>
#include <cstdio>
#include <fstream>
#include <functional>
#include <string>
#include <tuple>
#include <vector>

#include "data/csv_table.hpp"
#include "data/event_log.hpp"
#include "data/path_file.hpp"
#include "data/results_journeys.hpp"
#include "model/error.hpp"
#include "output/hdf5_util.hpp"
#include "test_files.hpp"

namespace jsim {
namespace {

namespace fs = std::filesystem;
using data::PathData;
using data::PathLevel;

class JourneyReaders : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::fresh_dir(::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path write(const std::string& name, const std::string& text) {
    const fs::path p = dir_ / name;
    std::ofstream(p, std::ios::binary) << text;
    return p;
  }

  fs::path dir_;
};

// The message of the ScenarioError fn throws ("" if none): the CLI prints exactly this.
std::string error_of(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "";
}

#define EXPECT_ERROR(stmt, place, words)                                    \
  do {                                                                      \
    const std::string msg = error_of([&] { (void)(stmt); });                \
    EXPECT_NE(msg.find(place), std::string::npos) << "message: " << msg;    \
    EXPECT_NE(msg.find(words), std::string::npos) << "message: " << msg;    \
  } while (0)

// "a > b: conversions/nulls/value" per distinct path, in order, for compact comparisons.
std::vector<std::string> summary(const PathData& d) {
  std::vector<std::string> out;
  for (const auto& p : d.paths) {
    char v[32];
    std::snprintf(v, sizeof v, "%g", p.value);
    out.push_back(data::path_text(d, p) + ": " + std::to_string(p.conversions) + "/" + std::to_string(p.nulls) + "/" + v);
  }
  return out;
}

using Rows = std::vector<std::pair<int, std::vector<std::string>>>;
Rows read_all(const fs::path& f, data::CsvOptions o = {}, std::vector<std::string>* header = nullptr) {
  Rows rows;
  data::read_csv(
      f, o, [&](const data::CsvHeader& h) { if (header) *header = h.names; },
      [&](const data::CsvRow& r) { rows.emplace_back(r.row, r.fields); });
  return rows;
}

// ---------------------------------------------------------------- CSV table

TEST_F(JourneyReaders, CsvRowsCarryTheirLineAcrossBlocksQuotesAndBlankLines) {
  const auto f = write("t.csv", "\xEF\xBB\xBF" "a,b\n1,\"two\nlines\"\n\n3,\"say \"\"hi\"\"\"\r\n4,é\n");
  for (const std::size_t block : {std::size_t{4}, std::size_t{5}, std::size_t{1} << 20}) {
    std::vector<std::string> header;
    const Rows rows = read_all(f, {',', block}, &header);
    EXPECT_EQ(header, (std::vector<std::string>{"a", "b"}));
    ASSERT_EQ(rows.size(), 3u) << block;
    EXPECT_EQ(rows[0], (std::pair<int, std::vector<std::string>>{2, {"1", "two\nlines"}}));
    EXPECT_EQ(rows[1], (std::pair<int, std::vector<std::string>>{5, {"3", "say \"hi\""}}));
    EXPECT_EQ(rows[2], (std::pair<int, std::vector<std::string>>{6, {"4", "é"}}));
  }
}

TEST_F(JourneyReaders, CsvDelimiterIsConfigurable) {
  const auto f = write("t.csv", "a;b\n1;x,y\n");
  EXPECT_EQ(read_all(f, {';'}), (Rows{{2, {"1", "x,y"}}}));
}

TEST_F(JourneyReaders, CsvErrorsNamePlaceAndExpectation) {
  const std::string d = dir_.string() + "/";
  EXPECT_ERROR(read_all(dir_ / "none.csv"), d + "none.csv: file not found", "expected a CSV file");
  EXPECT_ERROR(read_all(write("e.csv", "")), d + "e.csv: empty file", "expected a header row");
  EXPECT_ERROR(read_all(write("q.csv", "a,b\n1,2\n3,\"open\n4,5\n")), d + "q.csv:3:2:", "never closed");
  EXPECT_ERROR(read_all(write("m.csv", "a,b\n1,2\n3,x\"y\"\n")), d + "m.csv:3:2:", "malformed quote");
  EXPECT_ERROR(read_all(write("n.csv", "a,b\n1,2\n3\n")), d + "n.csv:3:2:", "found 1 fields; expected 2");
  EXPECT_ERROR(read_all(write("u.csv", "a,b\n1,2\n3,caf\xE9\n")), d + "u.csv:3:2:", "invalid UTF-8 (byte 0xE9 after \"caf\")");
  EXPECT_ERROR(read_all(write("bin.csv", std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16))), d + "bin.csv: found NUL",
               "binary file");
  EXPECT_ERROR(read_all(write("nul.csv", std::string(5000, 'x') + "\n" + std::string("a\0b", 3) + "\n")),
               d + "nul.csv:2:1:", "binary file");
  // A missing column is named, with the columns that are there.
  const auto f = write("c.csv", "case,activity\n1,a\n");
  const std::string msg = error_of([&] {
    data::read_csv(f, {}, [](const data::CsvHeader& h) { (void)h.require("time", "the timestamp"); },
                   [](const data::CsvRow&) {});
  });
  EXPECT_EQ(msg, d + "c.csv:1:1: no column \"time\" (the timestamp); the columns present are \"case\", \"activity\"");
}

// ---------------------------------------------------------------- path files

TEST_F(JourneyReaders, PathFileSumsDuplicatesAndKeepsFirstAppearanceOrder) {
  const auto f = write("paths.csv",
                       "path,total_conversions,total_conversion_value,total_null\n"
                       "email > search,2,30.5,5\n"
                       "search,0,0,7\n"
                       "\"email>search\",1,9.5,0\n"
                       "display > email > email,3,60,1\n");
  const PathData d = data::read_path_file(f);
  EXPECT_EQ(d.level, PathLevel::Channel);
  EXPECT_EQ(d.states, (std::vector<std::string>{"email", "search", "display"}));
  EXPECT_EQ(summary(d), (std::vector<std::string>{"email > search: 3/5/40", "search: 0/7/0",
                                                  "display > email > email: 3/1/60"}));
  EXPECT_EQ(d.paths[2].touches, (std::vector<data::State>{2, 0, 0}));
  EXPECT_EQ(d.total_conversions(), 6u);
  EXPECT_EQ(d.total_nulls(), 13u);
  EXPECT_FALSE(d.timed);
}

TEST_F(JourneyReaders, PathFileOptionalColumnsNamesSeparatorAndDelimiter) {
  const auto f = write("p.tsv", "journey\tconv\nA|B\t4\nB\t1\n");
  data::PathFileOptions o;
  o.path_column = "journey";
  o.conversions_column = "conv";
  o.separator = "|";
  o.delimiter = '\t';
  const PathData d = data::read_path_file(f, o);
  EXPECT_EQ(summary(d), (std::vector<std::string>{"A > B: 4/0/0", "B: 1/0/0"}));
}

TEST_F(JourneyReaders, PathFileErrorsNameRowAndColumn) {
  const std::string head = "path,total_conversions,total_conversion_value,total_null\n";
  const std::string d = dir_.string() + "/";
  EXPECT_ERROR(data::read_path_file(write("a.csv", head + "a,1,2,3\na > b,1.5,2,3\n")), d + "a.csv:3:2:",
               "found \"1.5\" for the number of conversions; expected a non-negative integer");
  EXPECT_ERROR(data::read_path_file(write("b.csv", head + "a,1,2,-3\n")), d + "b.csv:2:4:",
               "found \"-3\" for the number of non-converting journeys; expected a non-negative integer");
  EXPECT_ERROR(data::read_path_file(write("c.csv", head + "a >  > b,1,2,3\n")), d + "c.csv:2:1:",
               "found an empty step in path \"a >  > b\"");
  EXPECT_ERROR(data::read_path_file(write("e.csv", head + "a > ,1,2,3\n")), d + "e.csv:2:1:", "empty step");
  EXPECT_ERROR(data::read_path_file(write("v.csv", head + "a,1,lots,3\n")), d + "v.csv:2:3:",
               "found \"lots\" for the conversion value; expected a non-negative number");
  EXPECT_ERROR(data::read_path_file(write("x.csv", head + "a,,2,3\n")), d + "x.csv:2:2:", "expected a non-negative integer");
  EXPECT_ERROR(data::read_path_file(write("m.csv", "route,total_conversions\na,1\n")), d + "m.csv:1:1:",
               "no column \"path\"");
}

// ---------------------------------------------------------------- timestamps

TEST(JourneyTimestamps, IsoFormsAndSeconds) {
  const double day = 20458.0 * 86400.0;  // 2026-01-05T00:00:00Z
  EXPECT_DOUBLE_EQ(*data::parse_timestamp("2026-01-05"), day);
  EXPECT_DOUBLE_EQ(*data::parse_timestamp("2026-01-05T09:13:02Z"), day + 33182.0);
  EXPECT_DOUBLE_EQ(*data::parse_timestamp("2026-01-05 09:13:02"), day + 33182.0);
  EXPECT_DOUBLE_EQ(*data::parse_timestamp("2026-01-05T09:13:02.250Z"), day + 33182.25);
  EXPECT_DOUBLE_EQ(*data::parse_timestamp("2026-01-05T10:13:02+01:00"), day + 33182.0);
  EXPECT_DOUBLE_EQ(*data::parse_timestamp("2026-01-05T07:43:02-0130"), day + 33182.0);
  EXPECT_DOUBLE_EQ(*data::parse_timestamp("2026-01-05T09:13"), day + 33180.0);
  EXPECT_DOUBLE_EQ(*data::parse_timestamp("1970-01-01T00:00:00Z"), 0.0);
  EXPECT_DOUBLE_EQ(*data::parse_timestamp("2024-02-29"), 19782.0 * 86400.0);
  EXPECT_DOUBLE_EQ(*data::parse_timestamp("12.5"), 12.5);
  EXPECT_DOUBLE_EQ(*data::parse_timestamp("-3"), -3.0);
  for (const char* bad : {"", "yesterday", "2026-13-01", "2025-02-29", "2026-01-05T25:00:00", "2026-01-05T09:13:02Q",
                          "2026/01/05", "05.01.2026", "2026-01-05T09:13:02+1", "1e999", "nan"})
    EXPECT_FALSE(data::parse_timestamp(bad)) << bad;
}

// ---------------------------------------------------------------- event logs

// Four journeys (cases c0..c3) written as the simulator's events.csv would, rows shuffled
// across cases and within them; the same journeys are paths.csv below and the HDF5 file after.
const char* kEvents =
    "case:concept:name,concept:name,time:timestamp,channel,order_value,case:outcome\n"
    "c0,search,2026-01-05T01:00:00Z,search,,converted\n"
    "c1,search,2026-01-05T00:01:40.000Z,search,,exited\n"
    "c0,ad,2026-01-05T00:00:00Z,display,,converted\n"
    "c0,buy,2026-01-05T03:00:00+01:00,web,50,converted\n"   // = 02:00Z
    "c0,search,2026-01-05T02:30:00Z,search,,converted\n"    // after the conversion: not a touch
    "c2,ad,100,display,,converted\n"
    "c1,leave,2026-01-05T00:03:20Z,web,,exited\n"
    "c2,ad,200,display,,converted\n"
    "c2,search,300,search,,converted\n"
    "c2,buy,400,web,20,converted\n"
    "c3,ad,2026-01-05,display,,converted\n"
    "c3,buy,2026-01-05T02:00:00Z,web,30,converted\n"
    "c3,search,2026-01-05T01:00:00Z,search,,converted\n";

const char* kPaths =
    "path,total_conversions,total_conversion_value,total_null\n"
    "display > search,2,80,0\n"
    "search,0,0,1\n"
    "display > display > search,1,20,0\n";

data::EventLogOptions simulator_log(PathLevel level) {
  data::EventLogOptions o;
  o.channel_column = "channel";
  o.value_column = "order_value";
  o.conversion_activities = {"buy"};
  o.ignored_activities = {"leave"};
  o.level = level;
  return o;
}

void expect_same(const PathData& a, const PathData& b) {
  EXPECT_EQ(a.level, b.level);
  EXPECT_EQ(a.states, b.states);
  EXPECT_EQ(a.state_channel, b.state_channel);
  EXPECT_EQ(a.channels, b.channels);
  EXPECT_EQ(a.timed, b.timed);
  ASSERT_EQ(a.paths.size(), b.paths.size());
  for (std::size_t i = 0; i < a.paths.size(); ++i) {
    EXPECT_EQ(a.paths[i].touches, b.paths[i].touches) << i;
    EXPECT_EQ(a.paths[i].conversions, b.paths[i].conversions) << i;
    EXPECT_EQ(a.paths[i].nulls, b.paths[i].nulls) << i;
    EXPECT_DOUBLE_EQ(a.paths[i].value, b.paths[i].value) << i;
    ASSERT_EQ(a.paths[i].decay_conversions.size(), b.paths[i].decay_conversions.size()) << i;
    for (std::size_t k = 0; k < a.paths[i].decay_conversions.size(); ++k) {
      EXPECT_NEAR(a.paths[i].decay_conversions[k], b.paths[i].decay_conversions[k], 1e-12);
      EXPECT_NEAR(a.paths[i].decay_value[k], b.paths[i].decay_value[k], 1e-9);
    }
  }
}

TEST_F(JourneyReaders, EventLogGroupsSortsAndCutsAtTheFirstConversion) {
  const PathData d = data::read_event_log(write("events.csv", kEvents), simulator_log(PathLevel::Channel));
  EXPECT_EQ(d.states, (std::vector<std::string>{"display", "search"}));
  EXPECT_EQ(summary(d), (std::vector<std::string>{"display > search: 2/0/80", "search: 0/1/0",
                                                  "display > display > search: 1/0/20"}));
}

TEST_F(JourneyReaders, EventLogAndPathFileGiveTheSamePathData) {
  expect_same(data::read_event_log(write("events.csv", kEvents), simulator_log(PathLevel::Channel)),
              data::read_path_file(write("paths.csv", kPaths)));
}

TEST_F(JourneyReaders, EventLogTouchpointLevelKeepsEachActivitysChannel) {
  const PathData d = data::read_event_log(write("events.csv", kEvents), simulator_log(PathLevel::Touchpoint));
  EXPECT_EQ(d.level, PathLevel::Touchpoint);
  EXPECT_EQ(d.states, (std::vector<std::string>{"ad", "search"}));
  EXPECT_EQ(d.channels, (std::vector<std::string>{"display", "search"}));
  EXPECT_EQ(d.state_channel, (std::vector<data::State>{0, 1}));
  EXPECT_EQ(summary(d), (std::vector<std::string>{"ad > search: 2/0/80", "search: 0/1/0", "ad > ad > search: 1/0/20"}));
}

TEST_F(JourneyReaders, EventLogTimeDecayWeightsByHalfLife) {
  auto o = simulator_log(PathLevel::Channel);
  o.half_life = 3600.0;
  const PathData d = data::read_event_log(write("events.csv", kEvents), o);
  ASSERT_TRUE(d.timed);
  // c0 and c3: touches 2 h and 1 h before the conversion -> weights 1/4 and 1/2 -> shares 1/3, 2/3.
  const auto& p = d.paths[0];
  EXPECT_NEAR(p.decay_conversions[0], 2.0 / 3, 1e-12);
  EXPECT_NEAR(p.decay_conversions[1], 4.0 / 3, 1e-12);
  EXPECT_NEAR(p.decay_value[0], 50.0 / 3 + 30.0 / 3, 1e-9);
  EXPECT_NEAR(p.decay_value[1], 100.0 / 3 + 60.0 / 3, 1e-9);
  // c2: touches 300, 200, 100 s before: weights 2^(-1/12), 2^(-1/18), 2^(-1/36).
  const double w[] = {std::exp2(-300.0 / 3600), std::exp2(-200.0 / 3600), std::exp2(-100.0 / 3600)};
  const double total = w[0] + w[1] + w[2];
  for (int k = 0; k < 3; ++k) {
    EXPECT_NEAR(d.paths[2].decay_conversions[k], w[k] / total, 1e-12);
    EXPECT_NEAR(d.paths[2].decay_value[k], 20.0 * w[k] / total, 1e-9);
  }
}

TEST_F(JourneyReaders, EventLogOutcomeColumnChannelMapAndTies) {
  // No conversion activity: the outcome column decides; the case's value is its first value.
  // Equal timestamps keep file order.
  const auto f = write("log.csv",
                       "id;step;when;result;amount\n"
                       "k1;mail;2026-01-05T10:00:00Z;won;\n"
                       "k1;web;2026-01-05T10:00:00Z;won;12\n"
                       "k2;web;5;lost;\n");
  data::EventLogOptions o;
  o.case_column = "id";
  o.activity_column = "step";
  o.timestamp_column = "when";
  o.outcome_column = "result";
  o.converted_outcome = "won";
  o.value_column = "amount";
  o.level = PathLevel::Channel;
  o.channel_map = {{"mail", "email"}, {"web", "site"}};
  o.delimiter = ';';
  const PathData d = data::read_event_log(f, o);
  EXPECT_EQ(summary(d), (std::vector<std::string>{"email > site: 1/0/12", "site: 0/1/0"}));
}

TEST_F(JourneyReaders, EventLogErrorsNameRowAndColumn) {
  const std::string d = dir_.string() + "/";
  const std::string head = "case:concept:name,concept:name,time:timestamp,channel,order_value\n";
  const auto o = simulator_log(PathLevel::Channel);
  const std::string msg = error_of([&] { (void)data::read_event_log(write("t.csv", head + "c1,ad,0,display,\nc1,ad,last tuesday,display,\n"), o); });
  EXPECT_EQ(msg, d + "t.csv:3:3: found \"last tuesday\" for the timestamp; expected ISO 8601 (2026-01-05, "
                     "2026-01-05T09:13:02, 2026-01-05T09:13:02.250Z, 2026-01-05T09:13:02+01:00) or a number of seconds");
  EXPECT_ERROR(data::read_event_log(write("v.csv", head + "c1,buy,0,web,free\n"), o), d + "v.csv:2:5:",
               "found \"free\" for the conversion value");
  EXPECT_ERROR(data::read_event_log(write("c.csv", head + ",ad,0,display,\n"), o), d + "c.csv:2:1:", "empty case id");
  EXPECT_ERROR(data::read_event_log(write("a.csv", head + "c1,,0,display,\n"), o), d + "a.csv:2:2:", "empty activity");
  EXPECT_ERROR(data::read_event_log(write("ch.csv", head + "c1,ad,0,,\n"), o), d + "ch.csv:2:4:",
               "found no channel for activity \"ad\"");
  EXPECT_ERROR(data::read_event_log(write("m.csv", "case:concept:name,concept:name\nc1,ad\n"), o), d + "m.csv:1:1:",
               "no column \"time:timestamp\" (the timestamp); the columns present are \"case:concept:name\", \"concept:name\"");
  data::EventLogOptions mapped;
  mapped.conversion_activities = {"buy"};
  mapped.level = PathLevel::Channel;
  mapped.channel_map = {{"ad", "display"}};
  EXPECT_ERROR(data::read_event_log(write("map.csv", "case:concept:name,concept:name,time:timestamp\nc1,ad,0\nc1,tv,1\n"), mapped),
               d + "map.csv:3:2:", "found no channel for activity \"tv\"");
  // Options that cannot work are refused before reading.
  EXPECT_THROW((void)data::read_event_log(write("ok.csv", head), data::EventLogOptions{}), Error);
}

// ---------------------------------------------------------------- results.h5 journeys

// The documented /journeys layout (journey_layout.md), with the same four journeys as kEvents
// (times in seconds since start; the gaps within each journey are kEvents' gaps).
struct EventRecord {
  std::uint64_t journey, customer;
  std::uint32_t journey_number, step, persona, touchpoint, channel, stage;
  double time, wait, service, order_value;
  std::int8_t silence, context_lost, reneged;
};
struct JourneyRecord {
  std::uint64_t journey, customer;
  std::uint32_t journey_number, persona;
  std::uint8_t outcome;
  double order_value, start, end;
  std::uint32_t events;
  std::uint64_t first_event;
};

template <class T>
void write_compound(hid_t group, const char* name, hid_t type, const std::vector<T>& rows) {
  const hsize_t n = rows.size(), chunk = 3;
  h5::Handle space(H5Screate_simple(1, &n, nullptr), H5Sclose, "space");
  h5::Handle plist(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "plist");
  h5::check(H5Pset_chunk(plist, 1, &chunk), "chunk");
  h5::check(H5Pset_deflate(plist, 4), "deflate");
  h5::Handle d(H5Dcreate2(group, name, type, space, H5P_DEFAULT, plist, H5P_DEFAULT), H5Dclose, name);
  h5::check(H5Dwrite(d, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, rows.data()), name);
}

void write_results(const fs::path& file, bool with_journeys = true) {
  h5::Handle f = h5::create_file(file);
  h5::write_attribute(f, "scenario", "test");
  if (!with_journeys) return;
  h5::Handle g = h5::create_group(f, "journeys");
  h5::write_attribute(g, "touchpoints", std::vector<std::string>{"ad", "search", "buy", "leave"});
  h5::write_attribute(g, "touchpoint_kinds", std::vector<std::string>{"regular", "regular", "conversion", "exit"});
  h5::write_attribute(g, "channels", std::vector<std::string>{"display", "search", "web"});
  h5::write_attribute(g, "stages", std::vector<std::string>{"aware"});
  h5::write_attribute(g, "personas", std::vector<std::string>{"p"});
  h5::write_attribute(g, "outcomes", std::vector<std::string>{"converted", "abandoned", "exited", "step_guard", "unfinished"});
  h5::write_attribute(g, "start", "2026-01-05T00:00:00Z");
  h5::write_attribute(g, "sample_fraction", 1.0);
  h5::write_attribute(g, "max_journeys", std::uint64_t{0});
  const std::vector<std::uint32_t> tp_channel{0, 1, 2, 2}, tp_stage{0, 0, 0, 0};
  for (const auto& [name, v] : {std::pair{"touchpoint_channel", &tp_channel}, std::pair{"touchpoint_stage", &tp_stage}}) {
    const hsize_t n = v->size();
    h5::Handle space(H5Screate_simple(1, &n, nullptr), H5Sclose, "space");
    h5::Handle d(H5Dcreate2(g, name, H5T_STD_U32LE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Dclose, name);
    h5::check(H5Dwrite(d, H5T_NATIVE_UINT32, H5S_ALL, H5S_ALL, H5P_DEFAULT, v->data()), name);
  }

  // {journey, touchpoint, time, order_value}; channel follows the touchpoint.
  const std::vector<std::tuple<std::uint64_t, std::uint32_t, double, double>> visits{
      {0, 0, 0, 0}, {0, 1, 3600, 0}, {0, 2, 7200, 50}, {0, 1, 9000, 0},
      {1, 1, 100, 0}, {1, 3, 200, 0},
      {2, 0, 100, 0}, {2, 0, 200, 0}, {2, 1, 300, 0}, {2, 2, 400, 20},
      {3, 0, 0, 0}, {3, 1, 3600, 0}, {3, 2, 7200, 30}};
  std::vector<EventRecord> events;
  std::vector<JourneyRecord> journeys(4);
  for (const auto& [j, tp, t, v] : visits) {
    auto& jr = journeys[j];
    if (jr.events == 0) jr.first_event = events.size(), jr.start = t;
    EventRecord e{};
    e.journey = j, e.customer = j, e.journey_number = 1, e.step = jr.events, e.touchpoint = tp, e.channel = tp_channel[tp];
    e.time = t, e.order_value = v;
    events.push_back(e);
    jr.journey = j, jr.customer = j, jr.journey_number = 1, jr.events += 1, jr.end = t, jr.order_value += v;
    jr.outcome = j == 1 ? 2 : 0;
  }
  h5::Handle et(H5Tcreate(H5T_COMPOUND, sizeof(EventRecord)), H5Tclose, "type");
#define FIELD(T, S, f, h) h5::check(H5Tinsert(T, #f, offsetof(S, f), h), #f)
  FIELD(et, EventRecord, journey, H5T_NATIVE_UINT64);
  FIELD(et, EventRecord, customer, H5T_NATIVE_UINT64);
  FIELD(et, EventRecord, journey_number, H5T_NATIVE_UINT32);
  FIELD(et, EventRecord, step, H5T_NATIVE_UINT32);
  FIELD(et, EventRecord, persona, H5T_NATIVE_UINT32);
  FIELD(et, EventRecord, touchpoint, H5T_NATIVE_UINT32);
  FIELD(et, EventRecord, channel, H5T_NATIVE_UINT32);
  FIELD(et, EventRecord, stage, H5T_NATIVE_UINT32);
  FIELD(et, EventRecord, time, H5T_NATIVE_DOUBLE);
  FIELD(et, EventRecord, wait, H5T_NATIVE_DOUBLE);
  FIELD(et, EventRecord, service, H5T_NATIVE_DOUBLE);
  FIELD(et, EventRecord, order_value, H5T_NATIVE_DOUBLE);
  FIELD(et, EventRecord, silence, H5T_NATIVE_INT8);
  FIELD(et, EventRecord, context_lost, H5T_NATIVE_INT8);
  FIELD(et, EventRecord, reneged, H5T_NATIVE_INT8);
  h5::Handle jt(H5Tcreate(H5T_COMPOUND, sizeof(JourneyRecord)), H5Tclose, "type");
  FIELD(jt, JourneyRecord, journey, H5T_NATIVE_UINT64);
  FIELD(jt, JourneyRecord, customer, H5T_NATIVE_UINT64);
  FIELD(jt, JourneyRecord, journey_number, H5T_NATIVE_UINT32);
  FIELD(jt, JourneyRecord, persona, H5T_NATIVE_UINT32);
  FIELD(jt, JourneyRecord, outcome, H5T_NATIVE_UINT8);
  FIELD(jt, JourneyRecord, order_value, H5T_NATIVE_DOUBLE);
  FIELD(jt, JourneyRecord, start, H5T_NATIVE_DOUBLE);
  FIELD(jt, JourneyRecord, end, H5T_NATIVE_DOUBLE);
  FIELD(jt, JourneyRecord, events, H5T_NATIVE_UINT32);
  FIELD(jt, JourneyRecord, first_event, H5T_NATIVE_UINT64);
#undef FIELD
  write_compound(g, "events", et, events);
  write_compound(g, "journeys", jt, journeys);
  f.close();
}

TEST_F(JourneyReaders, ResultsJourneysFollowTheLayoutInChunks) {
  const fs::path f = dir_ / "results.h5";
  write_results(f);
  const PathData whole = data::read_results_journeys(f, PathLevel::Channel, 3600.0);
  EXPECT_EQ(summary(whole), (std::vector<std::string>{"display > search: 2/0/80", "search: 0/1/0",
                                                      "display > display > search: 1/0/20"}));
  ASSERT_TRUE(whole.timed);
  EXPECT_NEAR(whole.paths[0].decay_conversions[0], 2.0 / 3, 1e-12);
  EXPECT_NEAR(whole.paths[0].decay_value[1], 160.0 / 3, 1e-9);
  // Chunks of 1 and 2 rows cross journeys and chunk edges everywhere; the answer must not move.
  for (const std::size_t chunk : {std::size_t{1}, std::size_t{2}})
    expect_same(data::read_results_journeys(f, PathLevel::Channel, 3600.0, chunk), whole);
  // The same journeys as the event log (same times on c0/c3; c2's decay differs only by origin).
  auto o = simulator_log(PathLevel::Channel);
  o.half_life = 3600.0;
  expect_same(data::read_results_journeys(f, PathLevel::Channel, 3600.0), data::read_event_log(write("events.csv", kEvents), o));
  auto ot = simulator_log(PathLevel::Touchpoint);
  expect_same(data::read_results_journeys(f, PathLevel::Touchpoint), data::read_event_log(write("events.csv", kEvents), ot));
}

TEST_F(JourneyReaders, ResultsJourneysErrorsNameTheFile) {
  const fs::path bare = dir_ / "bare.h5";
  write_results(bare, false);
  EXPECT_ERROR(data::read_results_journeys(bare, PathLevel::Channel), bare.string() + ": no /journeys group",
               "run `jsim run --journeys`");
  const fs::path text = write("results.h5", "not hdf5\n");
  EXPECT_ERROR(data::read_results_journeys(text, PathLevel::Channel), text.string() + ": not an HDF5 file", "results.h5");
  EXPECT_ERROR(data::read_results_journeys(dir_ / "none.h5", PathLevel::Channel), "none.h5: file not found", "results.h5");
}

}  // namespace
}  // namespace jsim
