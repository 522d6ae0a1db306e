// The HTML report: one self-contained file (no script, no external resources), every section
// present, all text escaped, written atomically.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "model/error.hpp"
#include "test_files.hpp"
#include "output/html_report.hpp"
#include "output/svg_charts.hpp"

namespace jsim {
namespace {

namespace fs = std::filesystem;
using jsim::testing::occurrences;

// Three touchpoints over two stages (the last capacity-limited), two channels, two personas,
// a timed run of two hourly periods. One name carries HTML metacharacters.
RunResult sample_result() {
  RunResult r;
  r.scenario = "demo <&> shop";
  r.source_file = "scenarios/demo.yaml";
  r.seed = 42;
  r.info.threads = 4;
  r.timed = true;
  r.horizon_seconds = 7200.0;
  r.agents = 100;
  r.conversions = 10;
  r.abandonments = 60;
  r.exits = 20;
  r.unfinished = 10;
  r.events = 360;
  r.conversion_rate = wilson_interval(10, 100);
  r.revenue = 500.5;
  r.cost = 120.25;
  r.profit = 30.0;
  r.roi = 0.25;
  r.aov = 50.05;
  r.business.journeys = 100;
  r.business.orders = 10;
  r.business.customers = 10;
  r.business.repeat_customers = 2;
  r.business.retention_rate = 0.2;
  r.business.cltv = 61.5;
  r.business.nps = net_promoter_score(10, 6, 2);

  TouchpointRow ad{.id = "ad", .channel = "paid_social", .stage = "awareness", .kind = "regular"};
  ad.visits = 100;
  ad.abandonments = 40;
  ad.silences = 2;
  TouchpointRow product{.id = "product_page", .channel = "web", .stage = "awareness", .kind = "regular"};
  product.visits = 60;
  product.abandonments = 5;
  TouchpointRow checkout{.id = "checkout", .channel = "web", .stage = "purchase", .kind = "conversion"};
  checkout.visits = 32;
  checkout.abandonments = 15;
  checkout.conversions = 10;
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
  r.touchpoints = {ad, product, checkout};

  r.channels = {{.id = "paid_social", .kind = "digital", .visits = 100},
                {.id = "web", .kind = "digital", .visits = 92, .orders = 10, .revenue = 500.5}};

  PersonaRow bargain;
  bargain.id = "bargain_hunter";
  bargain.agents = 60;
  bargain.conversions = 10;
  bargain.conversion_rate = wilson_interval(10, 60);
  bargain.revenue = 500.5;
  bargain.mean_path_length = 2.0;
  bargain.mean_time_to_convert = 1800.0;
  bargain.visits = {60, 40, 30};
  PersonaRow tricky;
  tricky.id = "a<&>b";
  tricky.agents = 40;
  tricky.conversion_rate = wilson_interval(0, 40);
  tricky.mean_time_to_convert = std::nan("");
  tricky.visits = {40, 20, 2};
  r.personas = {bargain, tricky};

  r.flow = {{0, 1, 55}, {0, 2, 5}, {1, 2, 27}};

  r.series.period = 3600.0;
  r.series.arrivals = {60, 40};
  r.series.conversions = {4, 6};
  r.series.abandonments = {30, 30};
  r.series.queue_touchpoints = {"checkout"};
  r.series.queue_length = {{0.5, 0.9}};
  return r;
}

RunResult untimed_result() {
  RunResult r = sample_result();
  r.timed = false;
  r.horizon_seconds = 0.0;
  r.unfinished = 0;
  r.touchpoints[2].servers = 0;
  r.series = TimeSeries{};
  return r;
}

class HtmlReportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() / ("jsim_html_test_" + std::to_string(::getpid()) + "_" + info->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(HtmlReportTest, WritesOneSelfContainedDocumentWithEverySection) {
  const fs::path file = dir_ / "report.html";
  write_html_report(sample_result(), file);
  ASSERT_TRUE(fs::exists(file));
  const std::string html = testing::slurp(file);
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(html.find("</html>"), std::string::npos);
  // Funnel, flow, friction, the arrivals chart and one queue-length chart.
  EXPECT_EQ(occurrences(html, "<svg"), 5u);
  EXPECT_EQ(occurrences(html, "</svg>"), 5u);
  for (const char* id : {"ad", "product_page", "checkout"}) EXPECT_NE(html.find(id), std::string::npos) << id;
  EXPECT_NE(html.find("<td>bargain_hunter</td>"), std::string::npos);
  EXPECT_NE(html.find("Queue length at checkout"), std::string::npos);
  EXPECT_NE(html.find("jsim friction FILE"), std::string::npos);
  // No script, no external resources.
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);
  EXPECT_EQ(html.find("src="), std::string::npos);
  EXPECT_EQ(html.find("http://"), html.find("http://www.w3.org/2000/svg"));  // only the SVG namespace
  // No temporaries left behind.
  for (const auto& entry : fs::directory_iterator(dir_))
    EXPECT_EQ(entry.path().filename().string().find(".tmp."), std::string::npos) << entry.path();
}

TEST_F(HtmlReportTest, EscapesEveryName) {
  const std::string html = html_report(sample_result());
  EXPECT_NE(html.find("demo &lt;&amp;&gt; shop"), std::string::npos);  // title and heading
  EXPECT_NE(html.find("a&lt;&amp;&gt;b"), std::string::npos);          // persona row
  EXPECT_EQ(html.find("demo <&> shop"), std::string::npos);
  EXPECT_EQ(html.find("a<&>b"), std::string::npos);
}

TEST_F(HtmlReportTest, ShowsLoadWarningsUnderTheHeadline) {
  LoadWarning backlog;
  backlog.kind = LoadWarning::Kind::Backlog;
  backlog.touchpoint = "call<centre>";
  backlog.servers = 6;
  backlog.waiting = 19820;
  backlog.backlog_hours = 330.3;
  const std::vector<LoadWarning> warnings{backlog};
  const std::string html = html_report(sample_result(), nullptr, warnings);
  const std::size_t at = html.find("<p class=\"warning\"><b>Warning:</b> " + html::escape(describe(backlog)));
  ASSERT_NE(at, std::string::npos);
  EXPECT_NE(describe(backlog).find("19,820"), std::string::npos);
  EXPECT_LT(at, html.find("Funnel by stage"));  // above the charts
  EXPECT_EQ(html_report(sample_result()).find("class=\"warning\""), std::string::npos);
}

TEST_F(HtmlReportTest, UntimedRunHasNoTimeSeriesOrQueues) {
  const std::string html = html_report(untimed_result());
  EXPECT_EQ(occurrences(html, "<svg"), 3u);  // funnel, flow, friction
  EXPECT_EQ(html.find("Queue length"), std::string::npos);
  EXPECT_EQ(html.find("<h2>Queues</h2>"), std::string::npos);
  EXPECT_EQ(html.find("Arrivals, conversions"), std::string::npos);
  EXPECT_NE(html.find("untimed"), std::string::npos);
}

TEST_F(HtmlReportTest, SmallMovesAreLeftOutOfTheFlowDiagram) {
  RunResult r = untimed_result();
  r.flow = {{0, 1, 10000}, {0, 2, 3}, {1, 2, 5000}};  // 3 of 15,003 moves is below 0.5%
  const std::string html = html_report(r);
  EXPECT_NE(html.find("<title>ad&#45;&gt;product_page</title>"), std::string::npos);
  EXPECT_NE(html.find("<title>product_page&#45;&gt;checkout</title>"), std::string::npos);
  EXPECT_EQ(html.find("<title>ad&#45;&gt;checkout</title>"), std::string::npos);
  EXPECT_NE(html.find("Left out: 1 of 3 distinct moves"), std::string::npos);
}

// The flow is Graphviz's layout, inlined: no XML prolog, one group per touchpoint and sink.
TEST_F(HtmlReportTest, FlowDiagramIsAnInlineGraphWithSinks) {
  const std::string html = html_report(untimed_result());
  const std::size_t start = html.find("<svg class=\"chart flow\"");
  ASSERT_NE(start, std::string::npos);
  const std::string svg = html.substr(start, html.find("</svg>", start) - start);
  EXPECT_EQ(html.find("<?xml"), std::string::npos);
  EXPECT_EQ(occurrences(html, "<!DOCTYPE"), 1u);  // the document's own
  EXPECT_EQ(occurrences(svg, "class=\"node\""), 3u + 2u);
  EXPECT_NE(svg.find("<title>converted</title>"), std::string::npos);
  EXPECT_NE(svg.find("<title>abandoned</title>"), std::string::npos);
  EXPECT_NE(svg.find("<title>checkout&#45;&gt;converted</title>"), std::string::npos);
}

TEST_F(HtmlReportTest, EmptyResultStillRenders) {
  RunResult r;
  r.scenario = "empty";
  const std::string html = html_report(r);
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_EQ(html.find("nan"), std::string::npos);
  EXPECT_EQ(html.find("inf"), std::string::npos);
}

TEST_F(HtmlReportTest, MissingDirectoryThrowsAndLeavesNothing) {
  const fs::path missing = dir_ / "no_such_dir";
  EXPECT_THROW(write_html_report(sample_result(), missing / "report.html"), Error);
  EXPECT_FALSE(fs::exists(missing));
  EXPECT_TRUE(fs::is_empty(dir_));
}

TEST_F(HtmlReportTest, MismatchedShapeThrows) {
  RunResult r = sample_result();
  r.flow.push_back({0, 7, 1});  // no touchpoint 7
  EXPECT_THROW(write_html_report(r, dir_ / "report.html"), Error);
  EXPECT_TRUE(fs::is_empty(dir_));
}

TEST(HtmlFormat, EscapesAndFormatsNumbers) {
  EXPECT_EQ(html::escape(R"(<a href="x">'&'</a>)"), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  EXPECT_EQ(html::count(0), "0");
  EXPECT_EQ(html::count(1234567), "1,234,567");
  EXPECT_EQ(html::money(1234567.891), "1,234,568");
  EXPECT_EQ(html::money(68.544), "68.54");
  EXPECT_EQ(html::money(-1234.6), "-1,235");
  EXPECT_EQ(html::money(0.0), "0");
  EXPECT_EQ(html::money(std::nan("")), "n/a");
  EXPECT_EQ(html::percent(0.2634), "26.3%");
  EXPECT_EQ(html::percent(std::nan("")), "n/a");
  EXPECT_EQ(html::duration(2.5), "2.5 s");
  EXPECT_EQ(html::duration(45), "45 s");
  EXPECT_EQ(html::duration(600), "10.0 min");
  EXPECT_EQ(html::duration(3600), "1.0 h");
  EXPECT_EQ(html::number(-0.0001, 1), "0.0");
}

}  // namespace
}  // namespace jsim
