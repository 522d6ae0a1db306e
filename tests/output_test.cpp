// The result writers: JSON summary, HDF5 file (read back with the HDF5 C API), CSV files, and
// the atomic-replace guarantee they all rely on.
#include <nlohmann/json.hpp>
#include <gtest/gtest.h>
#include <hdf5.h>
#include <unistd.h>

#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "test_files.hpp"
#include "model/error.hpp"
#include "output/atomic_file.hpp"
#include "output/csv_writer.hpp"
#include "output/hdf5_util.hpp"
#include "output/hdf5_writer.hpp"
#include "output/json_summary.hpp"

namespace jsim {
namespace {

namespace fs = std::filesystem;
using h5::Handle;

const double kNaN = std::numeric_limits<double>::quiet_NaN();

// Two touchpoints (the second capacity-limited), two personas (the second never converts, so
// its time to convert is NaN), a timed run of two hourly periods.
RunResult sample_result() {
  RunResult r;
  r.scenario = "demo";
  r.source_file = "scenarios/demo.yaml";
  r.source_text = "scenario:\n  name: demo\n  seed: 42\n";
  r.seed = 42;
  r.info.threads = 4;
  r.timed = true;
  r.horizon_seconds = 7200.0;
  r.agents = 100;
  r.conversions = 10;
  r.abandonments = 60;
  r.exits = 20;
  r.step_guard_hits = 1;
  r.unfinished = 9;
  r.events = 350;
  r.conversion_rate = wilson_interval(10, 100);
  r.revenue = 500.5;
  r.cost = 120.25;
  r.aov = 50.05;
  r.info.wall_seconds = 1.5;

  TouchpointRow ad{.id = "ad", .channel = "paid_social", .stage = "awareness", .kind = "regular"};
  ad.visits = 100;
  ad.abandonments = 40;
  ad.cost = 50.0;
  ad.silences = 2;
  TouchpointRow checkout{.id = "checkout", .channel = "web", .stage = "purchase", .kind = "conversion"};
  checkout.visits = 32;
  checkout.abandonments = 20;
  checkout.conversions = 10;
  checkout.cost = 70.25;
  checkout.revenue = 500.5;
  checkout.servers = 2;
  checkout.queued = 30;
  checkout.served = 25;
  checkout.reneges = 5;
  checkout.utilisation = 0.5;
  checkout.mean_wait = 12.5;
  checkout.p95_wait = 40.0;
  checkout.prob_wait = 0.3;
  checkout.mean_queue_length = 0.7;
  checkout.silences = 3;
  checkout.silence_dropoffs = 1;
  r.touchpoints = {ad, checkout};

  PersonaRow bargain;
  bargain.id = "bargain_hunter";
  bargain.agents = 60;
  bargain.conversions = 10;
  bargain.abandonments = 40;
  bargain.conversion_rate = wilson_interval(10, 60);
  bargain.revenue = 500.5;
  bargain.mean_path_length = 2.0;
  bargain.mean_time_to_convert = 1800.0;
  bargain.p95_time_to_convert = 3000.0;
  bargain.visits = {60, 30};
  PersonaRow browser;
  browser.id = "browser";
  browser.agents = 40;
  browser.abandonments = 20;
  browser.conversion_rate = wilson_interval(0, 40);
  browser.mean_time_to_convert = kNaN;
  browser.p95_time_to_convert = kNaN;
  browser.visits = {40, 2};
  r.personas = {bargain, browser};

  r.flow = {{0, 1, 30}, {1, 0, 2}};

  r.series.period = 3600.0;
  r.series.arrivals = {60, 40};
  r.series.conversions = {4, 6};
  r.series.abandonments = {30, 30};
  r.series.queue_touchpoints = {"checkout"};
  r.series.queue_length = {{0.5, 0.9}};
  return r;
}

// A fresh directory per test, removed afterwards.
class OutputTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() / ("jsim_output_test_" + std::to_string(::getpid()) + "_" + info->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // The atomic writer's temporaries must never outlive a call, successful or not.
  void expect_no_temporaries() const {
    for (const auto& entry : fs::recursive_directory_iterator(dir_))
      EXPECT_EQ(entry.path().filename().string().find(".tmp."), std::string::npos) << entry.path();
  }

  fs::path dir_;
};

std::vector<std::string> read_lines(const fs::path& file) {
  std::ifstream in(file);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// --- JSON -------------------------------------------------------------------------------------

using OutputJson = OutputTest;

TEST_F(OutputJson, TopLevelKeysAndValues) {
  const nlohmann::json j = to_json(sample_result());
  for (const char* key : {"scenario", "source_file", "seed", "agents", "conversions", "conversion_rate",
                          "abandonments", "exits", "step_guard_hits", "unfinished", "events", "revenue", "cost", "aov",
                          "timed", "horizon_seconds", "personas", "touchpoints", "flow", "time_series"})
    EXPECT_TRUE(j.contains(key)) << key;
  // How the run ran is apart (run_info.json), so that results are the same for any thread count.
  for (const char* key : {"threads", "wall_seconds"}) EXPECT_FALSE(j.contains(key)) << key;
  EXPECT_EQ(run_info_json(sample_result())["threads"], 4u);
  EXPECT_EQ(run_info_json(sample_result())["wall_seconds"], 1.5);
  EXPECT_EQ(run_info_json(sample_result())["jsim_version"], kJsimVersion);
  EXPECT_EQ(j["scenario"], "demo");
  EXPECT_EQ(j["source_file"], "scenarios/demo.yaml");
  EXPECT_EQ(j["seed"], 42u);
  EXPECT_EQ(j["agents"], 100u);
  EXPECT_EQ(j["conversions"], 10u);
  EXPECT_EQ(j["events"], 350u);
  EXPECT_DOUBLE_EQ(j["conversion_rate"]["estimate"].get<double>(), 0.1);
  EXPECT_LT(j["conversion_rate"]["low"].get<double>(), 0.1);
  EXPECT_GT(j["conversion_rate"]["high"].get<double>(), 0.1);
  EXPECT_DOUBLE_EQ(j["revenue"].get<double>(), 500.5);
  EXPECT_DOUBLE_EQ(j["aov"].get<double>(), 50.05);
  EXPECT_EQ(j["timed"], true);
  EXPECT_DOUBLE_EQ(j["horizon_seconds"].get<double>(), 7200.0);
}

TEST_F(OutputJson, TouchpointsCarryQueueFieldsOnlyWithServers) {
  const nlohmann::json tps = to_json(sample_result())["touchpoints"];
  ASSERT_EQ(tps.size(), 2u);
  EXPECT_EQ(tps[0]["id"], "ad");
  EXPECT_EQ(tps[0]["channel"], "paid_social");
  EXPECT_EQ(tps[0]["visits"], 100u);
  EXPECT_EQ(tps[0]["silences"], 2u);
  EXPECT_FALSE(tps[0].contains("servers"));
  EXPECT_FALSE(tps[0].contains("mean_wait"));
  EXPECT_EQ(tps[1]["kind"], "conversion");
  EXPECT_EQ(tps[1]["servers"], 2u);
  EXPECT_EQ(tps[1]["reneges"], 5u);
  EXPECT_DOUBLE_EQ(tps[1]["mean_wait"].get<double>(), 12.5);
  EXPECT_DOUBLE_EQ(tps[1]["mean_queue_length"].get<double>(), 0.7);
  EXPECT_EQ(tps[1]["silence_dropoffs"], 1u);
}

TEST_F(OutputJson, PersonasWithVisitsByTouchpointAndNaNAsNull) {
  const nlohmann::json j = to_json(sample_result());
  const nlohmann::json& ps = j["personas"];
  ASSERT_EQ(ps.size(), 2u);
  EXPECT_EQ(ps[0]["id"], "bargain_hunter");
  EXPECT_DOUBLE_EQ(ps[0]["mean_time_to_convert"].get<double>(), 1800.0);
  EXPECT_EQ(ps[0]["visits"], (nlohmann::json{{"ad", 60}, {"checkout", 30}}));
  EXPECT_TRUE(ps[1]["mean_time_to_convert"].is_null());
  EXPECT_TRUE(ps[1]["p95_time_to_convert"].is_null());
  EXPECT_EQ(ps[1]["conversion_rate"]["estimate"], 0.0);
  // And the text is valid JSON that parses back to the same document.
  EXPECT_EQ(nlohmann::json::parse(j.dump()), j);
}

TEST_F(OutputJson, FlowListsNonzeroMovesOnly) {
  const nlohmann::json flow = to_json(sample_result())["flow"];
  EXPECT_EQ(flow, (nlohmann::json{{{"from", "ad"}, {"to", "checkout"}, {"count", 30}},
                                  {{"from", "checkout"}, {"to", "ad"}, {"count", 2}}}));
}

TEST_F(OutputJson, TimeSeriesOnlyWhenTimed) {
  RunResult r = sample_result();
  r.series.queue_length[0][1] = std::numeric_limits<double>::infinity();
  const nlohmann::json ts = to_json(r)["time_series"];
  EXPECT_EQ(ts["period"], 3600.0);
  EXPECT_EQ(ts["arrivals"], (nlohmann::json{60, 40}));
  EXPECT_EQ(ts["conversions"], (nlohmann::json{4, 6}));
  EXPECT_EQ(ts["abandonments"], (nlohmann::json{30, 30}));
  EXPECT_EQ(ts["queue_length"], (nlohmann::json{{"checkout", {0.5, nullptr}}}));

  r.timed = false;
  EXPECT_FALSE(to_json(r).contains("time_series"));
}

TEST_F(OutputJson, RaggedResultIsAnError) {
  RunResult r = sample_result();
  r.personas[1].visits.pop_back();
  EXPECT_THROW((void)to_json(r), Error);
}

// --- HDF5, read back with the C API ----------------------------------------------------------

Handle open_file(const fs::path& file) {
  return Handle(H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose, "H5Fopen");
}
Handle open_dataset(hid_t loc, const char* name) {
  return Handle(H5Dopen2(loc, name, H5P_DEFAULT), H5Dclose, name);
}
Handle open_attribute(hid_t loc, const char* name) { return Handle(H5Aopen(loc, name, H5P_DEFAULT), H5Aclose, name); }

template <class T>
T read_number_attribute(hid_t loc, const char* name, hid_t mem_type) {
  T value{};
  h5::check(H5Aread(open_attribute(loc, name), mem_type, &value), name);
  return value;
}

Handle vlen_string_type() {
  Handle t(H5Tcopy(H5T_C_S1), H5Tclose, "H5Tcopy");
  h5::check(H5Tset_size(t, H5T_VARIABLE), "H5Tset_size");
  h5::check(H5Tset_cset(t, H5T_CSET_UTF8), "H5Tset_cset");  // HDF5 does not convert between character sets
  return t;
}

std::vector<std::string> read_string_attribute(hid_t loc, const char* name) {
  const Handle a = open_attribute(loc, name);
  const Handle space(H5Aget_space(a), H5Sclose, "H5Aget_space");
  const hssize_t n = H5Sget_simple_extent_npoints(space);
  std::vector<char*> raw(static_cast<std::size_t>(std::max<hssize_t>(n, 1)), nullptr);
  h5::check(H5Aread(a, vlen_string_type(), raw.data()), name);
  std::vector<std::string> out;
  for (hssize_t i = 0; i < n; ++i) {
    out.emplace_back(raw[i]);
    H5free_memory(raw[i]);
  }
  return out;
}

std::vector<hsize_t> dims_of(hid_t dataset) {
  const Handle space(H5Dget_space(dataset), H5Sclose, "H5Dget_space");
  std::vector<hsize_t> dims(static_cast<std::size_t>(H5Sget_simple_extent_ndims(space)));
  H5Sget_simple_extent_dims(space, dims.data(), nullptr);
  return dims;
}

template <class T>
std::vector<T> read_all(hid_t dataset, hid_t mem_type) {
  std::size_t n = 1;
  for (hsize_t d : dims_of(dataset)) n *= d;
  std::vector<T> values(n);
  if (n > 0) h5::check(H5Dread(dataset, mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), "H5Dread");
  return values;
}

using OutputHdf5 = OutputTest;

TEST_F(OutputHdf5, RootAttributesAndScenarioText) {
  const fs::path file = dir_ / "results.h5";
  RunResult r = sample_result();
  r.settings = {"design.integration=0.5", "scenario.description=Hello, world"};  // the --set settings it ran with
  write_hdf5(r, file);
  const Handle f = open_file(file);
  EXPECT_EQ(read_string_attribute(f, "scenario"), std::vector<std::string>{"demo"});
  EXPECT_EQ(read_string_attribute(f, "settings"), r.settings);
  EXPECT_EQ(read_string_attribute(f, "source_file"), std::vector<std::string>{"scenarios/demo.yaml"});
  EXPECT_EQ(read_string_attribute(f, "jsim_version"), std::vector<std::string>{"0.1.0"});
  EXPECT_EQ(read_number_attribute<std::uint64_t>(f, "seed", H5T_NATIVE_UINT64), 42u);
  EXPECT_EQ(read_number_attribute<std::uint64_t>(f, "agents", H5T_NATIVE_UINT64), 100u);
  EXPECT_LE(H5Aexists(f, "threads"), 0) << "threads belongs to run_info.json, not the results";
  EXPECT_EQ(read_number_attribute<std::uint32_t>(f, "format_version", H5T_NATIVE_UINT32), 3u);
  EXPECT_DOUBLE_EQ(read_number_attribute<double>(f, "horizon_seconds", H5T_NATIVE_DOUBLE), 7200.0);
  {  // timed is the h5py-style bool enum; read it in its own type
    const Handle a = open_attribute(f, "timed");
    const Handle type(H5Aget_type(a), H5Tclose, "H5Aget_type");
    EXPECT_EQ(H5Tget_class(type), H5T_ENUM);
    std::int8_t timed = 0;
    h5::check(H5Aread(a, type, &timed), "timed");
    EXPECT_EQ(timed, 1);
  }
  {
    const Handle d = open_dataset(f, "scenario_yaml");
    char* text = nullptr;
    h5::check(H5Dread(d, vlen_string_type(), H5S_ALL, H5S_ALL, H5P_DEFAULT, &text), "scenario_yaml");
    EXPECT_EQ(std::string(text), sample_result().source_text);
    H5free_memory(text);
  }
}

TEST_F(OutputHdf5, SummaryRow) {
  const fs::path file = dir_ / "results.h5";
  write_hdf5(sample_result(), file);
  struct Summary {
    std::uint64_t agents, events;
    double conversion_rate, conversion_rate_high, aov;
  };
  // A subset of the fields, matched by name: HDF5 converts the stored row into this struct.
  const Handle type(H5Tcreate(H5T_COMPOUND, sizeof(Summary)), H5Tclose, "H5Tcreate");
  H5Tinsert(type, "agents", HOFFSET(Summary, agents), H5T_NATIVE_UINT64);
  H5Tinsert(type, "events", HOFFSET(Summary, events), H5T_NATIVE_UINT64);
  H5Tinsert(type, "conversion_rate", HOFFSET(Summary, conversion_rate), H5T_NATIVE_DOUBLE);
  H5Tinsert(type, "conversion_rate_high", HOFFSET(Summary, conversion_rate_high), H5T_NATIVE_DOUBLE);
  H5Tinsert(type, "aov", HOFFSET(Summary, aov), H5T_NATIVE_DOUBLE);
  const Handle d = open_dataset(open_file(file), "summary");
  EXPECT_EQ(dims_of(d), std::vector<hsize_t>{1});
  const Summary s = read_all<Summary>(d, type).at(0);
  EXPECT_EQ(s.agents, 100u);
  EXPECT_EQ(s.events, 350u);
  EXPECT_DOUBLE_EQ(s.conversion_rate, 0.1);
  EXPECT_DOUBLE_EQ(s.conversion_rate_high, wilson_interval(10, 100).high);
  EXPECT_DOUBLE_EQ(s.aov, 50.05);
}

TEST_F(OutputHdf5, TouchpointAndPersonaRows) {
  const fs::path file = dir_ / "results.h5";
  write_hdf5(sample_result(), file);
  const Handle f = open_file(file);
  struct Row {
    char id[64];
    std::uint64_t visits;
    std::uint32_t servers;
    double mean_wait;
  };
  const Handle id_type(H5Tcopy(H5T_C_S1), H5Tclose, "H5Tcopy");
  H5Tset_size(id_type, sizeof(Row::id));
  H5Tset_cset(id_type, H5T_CSET_UTF8);
  const Handle type(H5Tcreate(H5T_COMPOUND, sizeof(Row)), H5Tclose, "H5Tcreate");
  H5Tinsert(type, "id", HOFFSET(Row, id), id_type);
  H5Tinsert(type, "visits", HOFFSET(Row, visits), H5T_NATIVE_UINT64);
  H5Tinsert(type, "servers", HOFFSET(Row, servers), H5T_NATIVE_UINT32);
  H5Tinsert(type, "mean_wait", HOFFSET(Row, mean_wait), H5T_NATIVE_DOUBLE);

  const std::vector<Row> tps = read_all<Row>(open_dataset(f, "touchpoints"), type);
  ASSERT_EQ(tps.size(), 2u);
  EXPECT_STREQ(tps[0].id, "ad");
  EXPECT_STREQ(tps[1].id, "checkout");
  EXPECT_EQ(tps[1].visits, 32u);
  EXPECT_EQ(tps[1].servers, 2u);
  EXPECT_DOUBLE_EQ(tps[1].mean_wait, 12.5);

  struct Persona {
    char id[64];
    double mean_time_to_convert;
  };
  const Handle ptype(H5Tcreate(H5T_COMPOUND, sizeof(Persona)), H5Tclose, "H5Tcreate");
  H5Tinsert(ptype, "id", HOFFSET(Persona, id), id_type);
  H5Tinsert(ptype, "mean_time_to_convert", HOFFSET(Persona, mean_time_to_convert), H5T_NATIVE_DOUBLE);
  const std::vector<Persona> ps = read_all<Persona>(open_dataset(f, "personas"), ptype);
  ASSERT_EQ(ps.size(), 2u);
  EXPECT_STREQ(ps[0].id, "bargain_hunter");
  EXPECT_DOUBLE_EQ(ps[0].mean_time_to_convert, 1800.0);
  EXPECT_TRUE(std::isnan(ps[1].mean_time_to_convert));  // HDF5 stores NaN as is

  const Handle visits = open_dataset(f, "persona_visits");
  EXPECT_EQ(dims_of(visits), (std::vector<hsize_t>{2, 2}));
  EXPECT_EQ(read_all<std::uint64_t>(visits, H5T_NATIVE_UINT64), (std::vector<std::uint64_t>{60, 30, 40, 2}));
  EXPECT_EQ(read_string_attribute(visits, "personas"), (std::vector<std::string>{"bargain_hunter", "browser"}));
  EXPECT_EQ(read_string_attribute(visits, "touchpoints"), (std::vector<std::string>{"ad", "checkout"}));
}

// A table of the nonzero moves, like flow.csv: its size follows the moves, not touchpoints squared.
TEST_F(OutputHdf5, FlowTableOfNonzeroMoves) {
  const fs::path file = dir_ / "results.h5";
  write_hdf5(sample_result(), file);
  const Handle d = open_dataset(open_file(file), "flow");
  EXPECT_EQ(dims_of(d), (std::vector<hsize_t>{2}));
  EXPECT_EQ(h5::read_string_column(d, "/flow", "from"), (std::vector<std::string>{"ad", "checkout"}));
  EXPECT_EQ(h5::read_string_column(d, "/flow", "to"), (std::vector<std::string>{"checkout", "ad"}));
  EXPECT_EQ(h5::read_count_column(d, "/flow", "count"), (std::vector<std::uint64_t>{30, 2}));
  EXPECT_THROW(static_cast<void>(h5::read_count_column(d, "/flow", "from")), Error);  // a string field
  EXPECT_THROW(static_cast<void>(h5::read_string_column(d, "/flow", "weight")), Error);  // no such field
}

TEST_F(OutputHdf5, TimeSeriesGroup) {
  const fs::path file = dir_ / "results.h5";
  write_hdf5(sample_result(), file);
  const Handle f = open_file(file);
  const Handle g(H5Gopen2(f, "time_series", H5P_DEFAULT), H5Gclose, "time_series");
  EXPECT_DOUBLE_EQ(read_number_attribute<double>(g, "period_seconds", H5T_NATIVE_DOUBLE), 3600.0);
  EXPECT_EQ(read_all<std::uint64_t>(open_dataset(g, "arrivals"), H5T_NATIVE_UINT64), (std::vector<std::uint64_t>{60, 40}));
  EXPECT_EQ(read_all<std::uint64_t>(open_dataset(g, "conversions"), H5T_NATIVE_UINT64), (std::vector<std::uint64_t>{4, 6}));
  EXPECT_EQ(read_all<std::uint64_t>(open_dataset(g, "abandonments"), H5T_NATIVE_UINT64),
            (std::vector<std::uint64_t>{30, 30}));
  const Handle q = open_dataset(g, "queue_length");
  EXPECT_EQ(dims_of(q), (std::vector<hsize_t>{1, 2}));
  EXPECT_EQ(read_all<double>(q, H5T_NATIVE_DOUBLE), (std::vector<double>{0.5, 0.9}));
  EXPECT_EQ(read_string_attribute(q, "touchpoints"), std::vector<std::string>{"checkout"});
}

TEST_F(OutputHdf5, UntimedRunHasNoTimeSeries) {
  RunResult r = sample_result();
  r.timed = false;
  const fs::path file = dir_ / "results.h5";
  write_hdf5(r, file);
  EXPECT_EQ(H5Lexists(open_file(file), "time_series", H5P_DEFAULT), 0);
}

// Zero touchpoints, personas and periods: every dataset exists with a zero extent.
TEST_F(OutputHdf5, EmptyResult) {
  RunResult r;
  r.timed = true;
  const fs::path file = dir_ / "results.h5";
  write_hdf5(r, file);
  const Handle f = open_file(file);
  EXPECT_EQ(dims_of(open_dataset(f, "touchpoints")), std::vector<hsize_t>{0});
  EXPECT_EQ(dims_of(open_dataset(f, "flow")), std::vector<hsize_t>{0});
  EXPECT_EQ(dims_of(open_dataset(f, "time_series/queue_length")), (std::vector<hsize_t>{0, 0}));
}

// No timestamps in the file: the same result gives the same bytes.
TEST_F(OutputHdf5, ReproducibleBytes) {
  write_hdf5(sample_result(), dir_ / "a.h5");
  write_hdf5(sample_result(), dir_ / "b.h5");
  EXPECT_EQ(testing::slurp(dir_ / "a.h5"), testing::slurp(dir_ / "b.h5"));
}

TEST_F(OutputHdf5, RaggedResultLeavesNoFile) {
  RunResult r = sample_result();
  r.flow.push_back(r.flow.front());  // repeated, out of order
  EXPECT_THROW(write_hdf5(r, dir_ / "results.h5"), Error);
  EXPECT_FALSE(fs::exists(dir_ / "results.h5"));
  expect_no_temporaries();
}

// --- CSV --------------------------------------------------------------------------------------

using OutputCsv = OutputTest;

TEST_F(OutputCsv, FilesHeadersAndRowCounts) {
  const fs::path out = dir_ / "csv";  // created by write_csv
  write_csv(sample_result(), out);

  const auto tps = read_lines(out / "touchpoints.csv");
  ASSERT_EQ(tps.size(), 3u);
  EXPECT_EQ(tps[0],
            "id,channel,stage,kind,visits,abandonments,conversions,exits,cost,revenue,servers,queued,served,reneges,"
            "utilisation,mean_wait,p95_wait,prob_wait,unfinished_waits,mean_queue_length,silences,silence_dropoffs,"
            "switches,repeats,"
            "lost_carts");
  EXPECT_EQ(tps[2], "checkout,web,purchase,conversion,32,20,10,0,70.25,500.5,2,30,25,5,0.5,12.5,40,0.3,0,0.7,3,1,0,0,0");

  const auto ps = read_lines(out / "personas.csv");
  ASSERT_EQ(ps.size(), 3u);
  EXPECT_EQ(ps[0].rfind("id,agents,conversions,conversion_rate,conversion_rate_low,conversion_rate_high,abandonments,exits,"
                        "step_guard_hits,unfinished,revenue,cost,mean_path_length,mean_time_to_convert,p95_time_to_convert,"
                        "silences,silence_dropoffs,journeys,orders,customers,repeat_customers,retention_rate",
                        0),
            0u)
      << ps[0];
  EXPECT_NE(ps[2].find(",nan,nan"), std::string::npos) << ps[2];

  const auto visits = read_lines(out / "persona_visits.csv");
  ASSERT_EQ(visits.size(), 5u);
  EXPECT_EQ(visits[0], "persona,touchpoint,visits");
  EXPECT_EQ(visits[4], "browser,checkout,2");

  EXPECT_EQ(read_lines(out / "flow.csv"), (std::vector<std::string>{"from,to,count", "ad,checkout,30", "checkout,ad,2"}));

  EXPECT_EQ(read_lines(out / "timeseries.csv"),
            (std::vector<std::string>{"period,start_seconds,arrivals,conversions,abandonments,queue_length_checkout",
                                      "0,0,60,4,30,0.5", "1,3600,40,6,30,0.9"}));
  expect_no_temporaries();
}

TEST_F(OutputCsv, QuotesFieldsThatNeedIt) {
  RunResult r = sample_result();
  r.touchpoints[0].channel = "web, \"mobile\"";
  write_csv(r, dir_);
  EXPECT_EQ(read_lines(dir_ / "touchpoints.csv").at(1).substr(0, 26), "ad,\"web, \"\"mobile\"\"\",aware");
}

TEST_F(OutputCsv, UntimedRunRemovesStaleTimeSeries) {
  write_csv(sample_result(), dir_);
  ASSERT_TRUE(fs::exists(dir_ / "timeseries.csv"));
  RunResult r = sample_result();
  r.timed = false;
  write_csv(r, dir_);
  EXPECT_FALSE(fs::exists(dir_ / "timeseries.csv"));
  EXPECT_TRUE(fs::exists(dir_ / "flow.csv"));
}

// --- Atomic replacement ----------------------------------------------------------------------

using OutputAtomic = OutputTest;

TEST_F(OutputAtomic, MissingDirectoryThrowsAndLeavesNothing) {
  const fs::path file = dir_ / "missing" / "results.h5";
  try {
    write_hdf5(sample_result(), file);
    FAIL() << "expected jsim::Error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(file.string()), std::string::npos) << e.what();
  }
  EXPECT_FALSE(fs::exists(dir_ / "missing"));
  expect_no_temporaries();
}

TEST_F(OutputAtomic, ReplacesExistingFileWhole) {
  const fs::path file = dir_ / "results.h5";
  std::ofstream(file) << std::string(1 << 20, 'x');  // larger than the HDF5 file
  write_hdf5(sample_result(), file);
  EXPECT_GT(H5Fis_hdf5(file.c_str()), 0);
  EXPECT_LT(fs::file_size(file), std::uintmax_t{1} << 20);

  write_file_atomically(file, [](const fs::path& tmp) { std::ofstream(tmp) << "short"; });
  EXPECT_EQ(testing::slurp(file), "short");
  expect_no_temporaries();
}

TEST_F(OutputAtomic, FailedWriteKeepsOldFileAndRemovesTemporary) {
  const fs::path file = dir_ / "summary.json";
  std::ofstream(file) << "old";
  fs::path seen_tmp;
  EXPECT_THROW(write_file_atomically(file,
                                     [&](const fs::path& tmp) {
                                       seen_tmp = tmp;
                                       std::ofstream(tmp) << "half";
                                       throw std::runtime_error("disk full");
                                     }),
               Error);
  EXPECT_EQ(seen_tmp, fs::path(file.string() + ".tmp." + std::to_string(::getpid())));
  EXPECT_EQ(testing::slurp(file), "old");
  expect_no_temporaries();
}

TEST_F(OutputAtomic, WriterThatCreatesNothingIsAnError) {
  EXPECT_THROW(write_file_atomically(dir_ / "x", [](const fs::path&) {}), Error);
  EXPECT_FALSE(fs::exists(dir_ / "x"));
}

}  // namespace
}  // namespace jsim
