// End-to-end tests of `jsim graph`: the extension picks the format, a run's results overlay the
// flow, and a results file of another scenario is refused by name.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "cli_runner.hpp"

namespace fs = std::filesystem;
using jsim::testing::occurrences;

namespace {

using jsim::testing::fresh_dir;
using jsim::testing::jsim;
using jsim::testing::Outcome;
using jsim::testing::slurp;

class GraphCli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fresh_dir(std::string("graph_") + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(GraphCli, WritesDotOrSvgByExtension) {
  const Outcome dot = jsim("graph scenarios/tiny_funnel.yaml -o " + (dir_ / "g.dot").string());
  ASSERT_EQ(dot.status, 0) << dot.err;
  const std::string text = slurp(dir_ / "g.dot");
  EXPECT_EQ(text.rfind("digraph journey {", 0), 0u);
  EXPECT_NE(text.find("\"product\" -> \"checkout\""), std::string::npos);

  const Outcome svg = jsim("graph scenarios/retail_omnichannel.yaml --set touchpoints.call_centre.servers=9 -o " +
                           (dir_ / "g.svg").string());
  ASSERT_EQ(svg.status, 0) << svg.err;
  const std::string picture = slurp(dir_ / "g.svg");
  EXPECT_NE(picture.find("<svg"), std::string::npos);
  EXPECT_NE(picture.find("servers 9"), std::string::npos);  // --set applied
  EXPECT_EQ(occurrences(picture, "class=\"node\""), 26u + 3u);  // touchpoints, start, two sinks
  for (const auto& e : fs::directory_iterator(dir_)) EXPECT_EQ(e.path().string().find(".tmp"), std::string::npos);
}

TEST_F(GraphCli, OtherExtensionExits2WithoutWriting) {
  const Outcome o = jsim("graph scenarios/tiny_funnel.yaml -o " + (dir_ / "g.png").string());
  EXPECT_EQ(o.status, 2);
  EXPECT_NE(o.err.find(".dot or .svg"), std::string::npos) << o.err;
  EXPECT_TRUE(fs::is_empty(dir_));
}

TEST_F(GraphCli, OverlaysTheResultsOfARunAndRefusesAnotherScenarios) {
  const fs::path run = dir_ / "run";
  const Outcome r = jsim("run scenarios/tiny_funnel.yaml --agents 2000 --quiet --out " + run.string());
  ASSERT_EQ(r.status, 0) << r.err;

  const Outcome ok = jsim("graph scenarios/tiny_funnel.yaml --results " + run.string() + " -o " +
                          (dir_ / "flow.svg").string());
  ASSERT_EQ(ok.status, 0) << ok.err;
  const std::string svg = slurp(dir_ / "flow.svg");
  EXPECT_NE(svg.find(" visits"), std::string::npos);
  EXPECT_NE(svg.find("dropped ("), std::string::npos);
  EXPECT_NE(svg.find(">converted<"), std::string::npos);

  const Outcome other = jsim("graph scenarios/retail_omnichannel.yaml --results " + (run / "results.h5").string() +
                             " -o " + (dir_ / "other.svg").string());
  EXPECT_EQ(other.status, 2);
  EXPECT_NE(other.err.find((run / "results.h5").string()), std::string::npos) << other.err;
  EXPECT_FALSE(fs::exists(dir_ / "other.svg"));

  const Outcome missing = jsim("graph scenarios/tiny_funnel.yaml --results " + (dir_ / "nothing.h5").string() +
                               " -o " + (dir_ / "x.svg").string());
  EXPECT_EQ(missing.status, 2);
  EXPECT_NE(missing.err.find("nothing.h5"), std::string::npos) << missing.err;
}

}  // namespace
