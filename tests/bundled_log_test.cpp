// The bundled example log and the scenario discovered from it are what the code produces today
// (scenarios/logs/README.md says how they were made): regenerated here and compared byte for byte.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "cli_runner.hpp"

namespace {

namespace fs = std::filesystem;
using jsim::testing::fresh_dir;
using jsim::testing::jsim;
using jsim::testing::slurp;

const fs::path kSource = JSIM_SOURCE_DIR;

// Everything after the first line (the discovered file's header line carries the date).
std::string after_first_line(const std::string& text) { return text.substr(text.find('\n') + 1); }

TEST(BundledLog, IsTheLogOfItsDocumentedRun) {
  const fs::path d = fresh_dir("bundled_log");
  const auto o = jsim("run scenarios/retail_omnichannel.yaml --arrivals 2000 --journeys --out " + d.string());
  ASSERT_EQ(o.status, 0) << o.err;
  EXPECT_TRUE(slurp(d / "events.csv") == slurp(kSource / "scenarios/logs/retail_observed.events.csv"))
      << "regenerate scenarios/logs/retail_observed.events.csv as scenarios/logs/README.md says";
  fs::remove_all(d);
}

TEST(BundledLog, DiscoversTheBundledScenarioAndItsWhatIfRuns) {
  const fs::path d = fresh_dir("bundled_discover");
  fs::create_directories(d);
  const auto o = jsim("discover scenarios/logs/retail_observed.events.csv --name retail_discovered --out " +
                      (d / "found.yaml").string());
  ASSERT_EQ(o.status, 0) << o.err;
  EXPECT_EQ(after_first_line(slurp(d / "found.yaml")), after_first_line(slurp(kSource / "scenarios/retail_discovered.yaml")))
      << "regenerate scenarios/retail_discovered.yaml as scenarios/logs/README.md says";
  const auto v = jsim("validate scenarios/retail_discovered_better_product_page.yaml");
  EXPECT_EQ(v.status, 0) << v.err;
  fs::remove_all(d);
}

}  // namespace
