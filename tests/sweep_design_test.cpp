// Sweep designs beyond the full grid: zipped axes that vary together, and random and
// Latin-hypercube points sampled from ranges, reproducible for a seed.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <set>

#include "cli_runner.hpp"
#include "scenario_error_text.hpp"
#include "experiment/sweep_design.hpp"
#include "model/error.hpp"

namespace jsim {
namespace {

using testing::jsim;
using testing::Outcome;

using testing::error_of;

std::vector<double> values_of(const std::vector<std::vector<Override>>& points, std::size_t axis) {
  std::vector<double> out;
  for (const auto& p : points) out.push_back(std::stod(p[axis].value));
  return out;
}

TEST(SweepDesign, ZippedAxesVaryTogetherAsOneAxis) {
  const auto axes = parse_axes({"design.integration=0,1"}, {"touchpoints.cc.servers=4,6,8", "touchpoints.cc.cost=100,150,200"});
  const auto points = design_points(axes, {});
  ASSERT_EQ(points.size(), 6u);  // 2 x 3, not 2 x 3 x 3
  for (const auto& p : points) {
    ASSERT_EQ(p.size(), 3u);
    // Value i of one zipped axis goes with value i of the other.
    const int servers = std::stoi(p[1].value), cost = std::stoi(p[2].value);
    EXPECT_EQ(cost, 100 + (servers - 4) * 25) << p[1].value << " " << p[2].value;
  }
  EXPECT_EQ(points[0][0].value, "0");
  EXPECT_EQ(points[3][0].value, "1");
  EXPECT_EQ(points[4][1].value, "6");
}

TEST(SweepDesign, ZippedAxesOfDifferentLengthsAreRefused) {
  const std::string e = error_of([] { (void)parse_axes({}, {"a=1,2,3", "b=1,2"}); });
  EXPECT_NE(e.find("--zip b=1,2: zipped axes vary together"), std::string::npos) << e;
  const Outcome o = jsim("sweep scenarios/tiny_funnel.yaml --set design.integration=0,1 --zip design.personalisation=0,1"
                         " --zip design.consistent_messaging=0,0.5,1");
  EXPECT_EQ(o.status, 2);
  EXPECT_NE(o.err.find("as many values"), std::string::npos) << o.err;
}

// Each axis's range in N equal strata: exactly one point in each.
void expect_one_point_per_stratum(const std::vector<double>& values, double low, double high) {
  const std::size_t n = values.size();
  std::vector<int> hits(n, 0);
  for (const double v : values) {
    ASSERT_GE(v, low);
    ASSERT_LT(v, high);
    ++hits[static_cast<std::size_t>(std::floor((v - low) / (high - low) * static_cast<double>(n)))];
  }
  EXPECT_EQ(std::count(hits.begin(), hits.end(), 1), static_cast<long>(n));
}

TEST(SweepDesign, LatinHypercubeHasOnePointPerStratumPerAxisAndFollowsTheSeed) {
  // 0.0..1 is continuous; 0..1 would be the integers 0 and 1.
  const auto axes = parse_axes({"design.integration=0.0..1", "touchpoints.x.friction=0.1..0.5", "scenario.seed=1..1000"});
  ASSERT_TRUE(axes[0].range && !axes[0].range->integer);
  ASSERT_TRUE(axes[2].range && axes[2].range->integer);
  const SweepDesign lhs{DesignKind::LatinHypercube, 20, 7};
  const auto points = design_points(axes, lhs);
  ASSERT_EQ(points.size(), 20u);
  expect_one_point_per_stratum(values_of(points, 0), 0, 1);
  expect_one_point_per_stratum(values_of(points, 1), 0.1, 0.5);
  expect_one_point_per_stratum(values_of(points, 2), 1, 1001);  // integers 1..1000: [1, 1001) in strata
  for (const auto& p : points) EXPECT_EQ(p[2].value.find('.'), std::string::npos) << p[2].value;
  EXPECT_EQ(design_points(axes, lhs), points);  // reproducible
  EXPECT_NE(design_points(axes, {DesignKind::LatinHypercube, 20, 8}), points);  // another seed, other points
  // The strata are permuted independently per axis: the two continuous axes are not in lockstep.
  std::vector<std::size_t> order0, order1;
  for (const auto& p : points) {
    order0.push_back(static_cast<std::size_t>(std::stod(p[0].value) * 20));
    order1.push_back(static_cast<std::size_t>((std::stod(p[1].value) - 0.1) / 0.4 * 20));
  }
  EXPECT_NE(order0, order1);
}

TEST(SweepDesign, RandomPointsStayInTheirRangesAndFollowTheSeed) {
  const auto axes = parse_axes({"design.integration=0.2..0.4", "touchpoints.x.servers=2..5"});
  const auto points = design_points(axes, {DesignKind::Random, 50, 1});
  ASSERT_EQ(points.size(), 50u);
  std::set<std::string> servers;
  for (const auto& p : points) {
    EXPECT_GE(std::stod(p[0].value), 0.2);
    EXPECT_LT(std::stod(p[0].value), 0.4);
    servers.insert(p[1].value);
  }
  EXPECT_EQ(servers, (std::set<std::string>{"2", "3", "4", "5"}));
  EXPECT_EQ(design_points(axes, {DesignKind::Random, 50, 1}), points);
  EXPECT_NE(design_points(axes, {DesignKind::Random, 50, 2}), points);
}

TEST(SweepDesign, SampledDesignsNeedRangesAndGridsNeedSteps) {
  EXPECT_NE(error_of([] { (void)design_points(parse_axes({"x=1,2"}), {DesignKind::LatinHypercube, 4, 1}); })
                .find("write PATH=a..b"),
            std::string::npos);
  EXPECT_NE(error_of([] { (void)design_points(parse_axes({"x=0..1"}), {DesignKind::Random, 0, 1}); }).find("--points"),
            std::string::npos);
  EXPECT_NE(error_of([] { (void)design_points(parse_axes({"x=0..1"}), {}); }).find("a grid needs a..b:step"),
            std::string::npos);
}

TEST(SweepDesign, TheCommandRecordsTheDesign) {
  const std::string base = "sweep scenarios/tiny_funnel.yaml --agents 200 --replications 1 --json --design lhs --points 4"
                           " --set design.integration=0.0..1 --set touchpoints.landing.friction=0.1..0.3";
  const Outcome a = jsim(base + " --seed 5"), b = jsim(base + " --seed 5"), c = jsim(base + " --seed 6");
  ASSERT_EQ(a.status, 0) << a.err;
  const auto ja = nlohmann::json::parse(a.out), jc = nlohmann::json::parse(c.out);
  EXPECT_EQ(ja["design"]["kind"], "lhs");
  EXPECT_EQ(ja["design"]["points"], 4);
  EXPECT_EQ(ja["design"]["seed"], 5);
  ASSERT_EQ(ja["points"].size(), 4u);
  EXPECT_EQ(ja, nlohmann::json::parse(b.out));
  EXPECT_NE(ja["points"][0]["settings"], jc["points"][0]["settings"]);
  EXPECT_EQ(jsim("sweep scenarios/tiny_funnel.yaml --design lhs --set design.integration=0..1").status, 2);  // no --points
}

TEST(SweepDesign, ASweptShareRescalesTheOtherPersonas) {
  const Outcome o = jsim("sweep scenarios/retail_omnichannel.yaml --arrivals 2000 --replications 1 --json"
                         " --set personas.bargain_hunter.share=0.2,0.3");
  ASSERT_EQ(o.status, 0) << o.err;
  EXPECT_NE(o.err.find("note: sweep point personas.bargain_hunter.share=0.2: personas."), std::string::npos) << o.err;
  const auto j = nlohmann::json::parse(o.out);
  EXPECT_FALSE(j["points"][0]["rescaled"].empty());
  EXPECT_EQ(jsim("sweep scenarios/retail_omnichannel.yaml --set personas.bargain_hunter.share=0.2,1.5").status, 2);
}

}  // namespace
}  // namespace jsim
