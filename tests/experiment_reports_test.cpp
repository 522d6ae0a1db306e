// Experiment results people can see and recount: long-format replications that recount to the
// aggregated intervals, the compare/sweep/friction reports, and `jsim report` redrawing every
// report from its results files alone (issue: experiments people can see and trust).
#include <gtest/gtest.h>

#include <cstdlib>
#include <map>

#include "cli_runner.hpp"
#include "data/csv_table.hpp"
#include "experiment/mean_interval.hpp"
#include "h5_fields.hpp"
#include "test_files.hpp"

namespace jsim::testing {
namespace {

namespace fs = std::filesystem;

// Every replication row of replications.csv: (point, metric) -> values in replication order.
std::map<std::pair<std::string, std::string>, std::vector<double>> replication_values(const fs::path& file) {
  std::map<std::pair<std::string, std::string>, std::vector<double>> out;
  std::size_t point = 0, replication = 0, metric = 0, value = 0;
  data::read_csv(
      file, {},
      [&](const data::CsvHeader& h) {
        point = h.require("point", "the design point");
        replication = h.require("replication", "the replication");
        metric = h.require("metric", "the metric");
        value = h.require("value", "the value");
      },
      [&](const data::CsvRow& r) {
        auto& v = out[{r.fields[point], r.fields[metric]}];
        EXPECT_EQ(std::stoul(r.fields[replication]), v.size()) << "replications in order";
        v.push_back(std::stod(r.fields[value]));
      });
  return out;
}

// One CSV as a list of {column: text} rows (quoted fields handled).
std::vector<std::map<std::string, std::string>> table(const fs::path& file) {
  std::vector<std::map<std::string, std::string>> rows;
  std::vector<std::string> names;
  data::read_csv(
      file, {}, [&](const data::CsvHeader& h) { names = h.names; },
      [&](const data::CsvRow& r) {
        auto& row = rows.emplace_back();
        for (std::size_t i = 0; i < names.size(); ++i) row[names[i]] = r.fields[i];
      });
  return rows;
}

void expect_interval(const std::vector<double>& samples, const std::string& mean, const std::string& low,
                     const std::string& high, const std::string& what) {
  const Interval i = mean_interval(samples);
  // The CSV writer prints the shortest text that reads back exactly.
  EXPECT_EQ(i.estimate, std::stod(mean)) << what;
  EXPECT_EQ(i.low, std::stod(low)) << what;
  EXPECT_EQ(i.high, std::stod(high)) << what;
}

TEST(LongFormat, CompareReplicationsRecountToTheComparedIntervals) {
  const fs::path dir = fresh_dir("long_compare");
  const Outcome o = jsim("compare scenarios/retail_bopis_multichannel.yaml scenarios/retail_bopis_omnichannel.yaml "
                         "--replications 4 --arrivals 20000 --quiet --out " + dir.string());
  ASSERT_EQ(o.status, 0) << o.err;
  const auto values = replication_values(dir / "replications.csv");
  std::size_t checked = 0;
  for (const auto& row : table(dir / "compare.csv")) {
    const std::string& m = row.at("metric");
    ASSERT_TRUE(values.count({"0", m})) << m;
    ASSERT_EQ(values.at({"0", m}).size(), 4u);
    expect_interval(values.at({"0", m}), row.at("base"), row.at("base_low"), row.at("base_high"), "base " + m);
    expect_interval(values.at({"1", m}), row.at("what_if"), row.at("what_if_low"), row.at("what_if_high"), "what-if " + m);
    ++checked;
  }
  EXPECT_GT(checked, 10u);
  // The same rows in compare.h5, and each design's settings and scenario text recorded.
  EXPECT_EQ(read_field<double>(dir / "compare.h5", "replications", "value").size(), checked * 2 * 4);
  const auto designs = table(dir / "designs.csv");
  ASSERT_EQ(designs.size(), 2u);
  EXPECT_EQ(designs[1].at("design"), "scenarios/retail_bopis_omnichannel.yaml");
  EXPECT_NE(designs[1].at("scenario").find("extends: retail_bopis_multichannel.yaml"), std::string::npos);
  EXPECT_EQ(read_field<std::uint64_t>(dir / "compare.h5", "designs", "first_seed").size(), 2u);
}

TEST(LongFormat, SweepReplicationsRecountToThePointIntervals) {
  const fs::path dir = fresh_dir("long_sweep");
  const Outcome o = jsim("sweep scenarios/tiny_funnel.yaml --set 'touchpoints.landing.friction=0.1,0.3' "
                         "--set 'touchpoints.product.friction=0,0.2' --replications 3 --agents 2000 --quiet --out " +
                         dir.string());
  ASSERT_EQ(o.status, 0) << o.err;
  const auto values = replication_values(dir / "replications.csv");
  const auto points = table(dir / "sweep.csv");
  ASSERT_EQ(points.size(), 4u);
  for (const auto& p : points)
    for (const char* m : {"conversion_rate", "revenue", "profit"})
      expect_interval(values.at({p.at("point"), m}), p.at(m), p.at(std::string(m) + "_low"),
                      p.at(std::string(m) + "_high"), "point " + p.at("point") + " " + m);
  const auto designs = table(dir / "designs.csv");
  ASSERT_EQ(designs.size(), 4u);
  EXPECT_EQ(designs[3].at("settings"), "touchpoints.landing.friction=0.3, touchpoints.product.friction=0.2");
  EXPECT_EQ(read_field<std::uint32_t>(dir / "sweep.h5", "replications", "replication").size(),
            read_field<double>(dir / "sweep.h5", "replications", "value").size());
}

TEST(LongFormat, RunReplicationsAreKeptInResultsAndCsv) {
  const fs::path dir = fresh_dir("long_run");
  const Outcome o = jsim("run scenarios/tiny_funnel.yaml --agents 2000 --replications 3 --quiet --out " + dir.string());
  ASSERT_EQ(o.status, 0) << o.err;
  const auto values = replication_values(dir / "replications.csv");
  const auto& rate = values.at({"0", "conversion_rate"});
  ASSERT_EQ(rate.size(), 3u);
  // Replication 0 is the run whose tables the other files hold.
  EXPECT_EQ(rate[0], read_field<double>(dir / "results.h5", "summary", "conversion_rate").at(0));
  EXPECT_EQ(read_field<double>(dir / "results.h5", "replications", "value").size(),
            values.size() * 3);
}

// ---- reports ------------------------------------------------------------------------------------

// Each <svg class="chart"> element has at least one mark (a point, bar, line or band). Found with
// find, not std::regex: libstdc++'s regex recurses once per character matched, and a chart's
// tens of KB overflowed the stack under AddressSanitizer.
void expect_charts_with_marks(const std::string& html, const std::string& what) {
  std::size_t charts = 0;
  for (auto start = html.find("<svg class=\"chart\""); start != std::string::npos;
       start = html.find("<svg class=\"chart\"", start + 1), ++charts) {
    const std::size_t end = html.find("</svg>", start);
    ASSERT_NE(end, std::string::npos) << what << ": chart " << charts << " is not closed";
    const std::string svg = html.substr(start, end - start);
    EXPECT_GT(occurrences(svg, "<circle") + occurrences(svg, "<rect") + occurrences(svg, "<polyline") +
                  occurrences(svg, "<path"),
              0u)
        << what << ": chart " << charts << " has no marks";
  }
  EXPECT_GT(charts, 0u) << what;
}

struct Reports : ::testing::Test {
  static fs::path dir;
  static void SetUpTestSuite() {
    dir = fresh_dir("experiment_reports");
    const std::string out = " --quiet --out " + dir.string();
    ASSERT_EQ(jsim("compare scenarios/retail_bopis_multichannel.yaml scenarios/retail_bopis_omnichannel.yaml "
                   "--replications 3 --arrivals 20000" + out).status, 0);
    ASSERT_EQ(jsim("sweep scenarios/retail_omnichannel.yaml --set 'touchpoints.call_centre.servers=4..10:3' "
                   "--replications 2 --arrivals 20000 --best profit" + out).status, 0);
    ASSERT_EQ(jsim("friction scenarios/tiny_funnel.yaml --replications 3 --agents 3000" + out).status, 0);
    ASSERT_EQ(jsim("run scenarios/tiny_funnel.yaml --agents 3000" + out).status, 0);
  }
};
fs::path Reports::dir;

TEST_F(Reports, CompareShowsForestSettingsFunnelAndFlowSideBySide) {
  const std::string html = slurp(dir / "compare.html");
  expect_charts_with_marks(html, "compare.html");
  EXPECT_NE(html.find("Paired differences, what-if minus base"), std::string::npos);
  EXPECT_NE(html.find("Settings that differ"), std::string::npos);
  EXPECT_NE(html.find("<code>design.integration</code>"), std::string::npos) << "the omnichannel what-if integrates data";
  EXPECT_EQ(occurrences(html, "Visits and drop-offs by stage"), 2u) << "base and what-if funnels";
  EXPECT_EQ(occurrences(html, "<div class=\"pair\">"), 2u);
}

TEST_F(Reports, SweepShowsBandsFrontierAndBestPoint) {
  const std::string html = slurp(dir / "sweep.html");
  expect_charts_with_marks(html, "sweep.html");
  EXPECT_NE(html.find("profit against touchpoints.call_centre.servers"), std::string::npos);
  EXPECT_NE(html.find("<polygon"), std::string::npos) << "interval bands";
  EXPECT_NE(html.find("Cost against profit"), std::string::npos);
  EXPECT_NE(html.find("Against the runner-up"), std::string::npos);
  EXPECT_NE(html.find("(best)"), std::string::npos);
}

TEST(SweepReport, ASampledDesignDrawsPointsWithWhiskersNotLines) {
  const fs::path dir = fresh_dir("lhs_report");
  const Outcome o = jsim("sweep scenarios/tiny_funnel.yaml --design lhs --points 5 --set 'touchpoints.landing.friction=0.1..0.4' "
                         "--set 'touchpoints.product.friction=0..0.3' --replications 2 --agents 2000 --quiet --out " +
                         dir.string());
  ASSERT_EQ(o.status, 0) << o.err;
  const std::string html = slurp(dir / "sweep.html");
  expect_charts_with_marks(html, "sampled sweep.html");
  EXPECT_EQ(html.find("<polygon"), std::string::npos) << "no bands joining sampled points";
  EXPECT_NE(html.find("each dot is a sampled design point"), std::string::npos);
  fs::remove_all(dir);
}

TEST_F(Reports, FrictionShowsTheRankingOverallAndPerPersona) {
  const std::string html = slurp(dir / "friction.html");
  expect_charts_with_marks(html, "friction.html");
  EXPECT_NE(html.find("Conversions recovered per fix"), std::string::npos);
  EXPECT_NE(html.find("Per persona"), std::string::npos);
}

TEST_F(Reports, JsimReportRedrawsEveryReportByteForByte) {
  std::map<std::string, std::string> before;
  for (const char* f : {"compare.html", "sweep.html", "friction.html", "report.html"}) {
    before[f] = slurp(dir / f);
    fs::remove(dir / f);
  }
  const Outcome o = jsim("report " + dir.string());
  ASSERT_EQ(o.status, 0) << o.err;
  // The run report too: summary.json holds every number it shows (a run without --journeys).
  for (const auto& [file, html] : before) EXPECT_EQ(slurp(dir / file), html) << file;
  EXPECT_NE(o.out.find("wrote " + (dir / "report.html").string()), std::string::npos) << o.out;
}

TEST_F(Reports, JsimReportRefusesWhatIsNotResults) {
  const Outcome missing = jsim("report no/such/folder");
  EXPECT_EQ(missing.status, 2);
  EXPECT_NE(missing.err.find("no/such/folder"), std::string::npos) << missing.err;
  const Outcome yaml = jsim("report scenarios/tiny_funnel.yaml");
  EXPECT_EQ(yaml.status, 2);
  EXPECT_NE(yaml.err.find("not a results file"), std::string::npos) << yaml.err;
  const fs::path bad = fresh_dir("bad_report");
  fs::create_directories(bad);
  std::ofstream(bad / "sweep.json") << "{\"points\": []}";
  const Outcome wrong = jsim("report " + (bad / "sweep.json").string());
  EXPECT_EQ(wrong.status, 2);
  EXPECT_NE(wrong.err.find("'axes' is missing"), std::string::npos) << wrong.err;
  EXPECT_FALSE(fs::exists(bad / "sweep.html"));
}

// Each report rendered by headless Chromium: it loads without console errors, every chart is in
// the rendered DOM with marks, and a screenshot is kept as a test artefact.
TEST_F(Reports, RenderInHeadlessChromium) {
  if (std::system("command -v chromium >/dev/null 2>&1") != 0)
    GTEST_SKIP() << "chromium is not installed (scripts/test.sh installs it): reports not rendered";
  const fs::path artefacts = fs::path(JSIM_BINARY).parent_path() / "test-artefacts";
  fs::create_directories(artefacts);
  for (const char* f : {"compare.html", "sweep.html", "friction.html", "report.html"}) {
    const fs::path profile = fresh_dir(std::string("chromium_") + f), shot = artefacts / (std::string(f) + ".png");
    fs::remove(shot);
    const std::string flags = "--headless --no-sandbox --disable-gpu --disable-background-networking "
                              "--disable-component-update --disable-sync --no-first-run --enable-logging=stderr "
                              "--user-data-dir=" + profile.string();
    const fs::path dom = profile.string() + ".dom", log = profile.string() + ".log";
    const std::string page = "file://" + fs::absolute(dir / f).string();
    ASSERT_EQ(std::system(("chromium " + flags + " --dump-dom " + page + " >" + dom.string() + " 2>" + log.string()).c_str()), 0) << f;
    const std::string rendered = slurp(dom), messages = slurp(log);
    expect_charts_with_marks(rendered, std::string(f) + " as rendered");
    EXPECT_EQ(messages.find("Uncaught"), std::string::npos) << f << ": " << messages;
    EXPECT_EQ(messages.find("CONSOLE"), std::string::npos) << f << ": " << messages;
    ASSERT_EQ(std::system(("chromium " + flags + " --window-size=1100,2400 --screenshot=" + shot.string() + " " + page +
                           " >/dev/null 2>&1").c_str()), 0) << f;
    EXPECT_GT(fs::file_size(shot), 10000u) << f << ": screenshot " << shot;
    fs::remove_all(profile);
  }
}

}  // namespace
}  // namespace jsim::testing
