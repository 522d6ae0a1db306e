// A killed sweep resumes (output/checkpoint_file.hpp, experiment/finished_runs.hpp): the runs it
// finished are kept beside --out as they end, exactly, and the same command again makes only the
// missing ones and writes the same files, byte for byte, as a sweep that was never stopped.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <limits>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "cli_runner.hpp"
#include "experiment/finished_runs.hpp"
#include "model/loader.hpp"
#include "model/override_grammar.hpp"
#include "output/checkpoint_file.hpp"
#include "killed_sweep.hpp"
#include "test_files.hpp"

#include <sys/wait.h>
#include <unistd.h>

namespace jsim {
namespace {

namespace fs = std::filesystem;
using testing::jsim;
using testing::kFiles;
using testing::kill_after;
using testing::kSweep;

TEST(CheckpointFile, KeepsEveryNumberExactlyAndIgnoresALineCutShort) {
  const fs::path dir = testing::fresh_dir("checkpoint_unit");
  fs::create_directories(dir);
  const fs::path file = dir / "runs";
  const std::vector<double> odd{0.1, -0.0, 1e-310, std::numeric_limits<double>::infinity(),
                                std::numeric_limits<double>::quiet_NaN(), 123456789.123456789, -2.5e300};
  {
    CheckpointFile c(file);
    EXPECT_EQ(c.kept_before(), 0u);
    c.add(0xfedcba9876543210ULL, odd);
    c.add(7, std::vector<double>{});
    c.add(8, std::vector<double>{1.0, 2.0});
  }
  {  // a kill in the middle of a line: that run is made again, the others are kept
    std::string text = testing::slurp(file);
    ASSERT_EQ(text.back(), '\n');
    text.resize(text.size() - 4);
    std::ofstream(file, std::ios::binary | std::ios::trunc) << text << "garbage\n";
  }
  CheckpointFile c(file);
  EXPECT_EQ(c.kept_before(), 2u);
  const std::optional<std::vector<double>> back = c.find(0xfedcba9876543210ULL);
  ASSERT_TRUE(back);
  ASSERT_EQ(back->size(), odd.size());
  for (std::size_t k = 0; k < odd.size(); ++k) {
    if (std::isnan(odd[k])) {
      EXPECT_TRUE(std::isnan((*back)[k]));
    } else {
      EXPECT_EQ((*back)[k], odd[k]) << k;
      EXPECT_EQ(std::signbit((*back)[k]), std::signbit(odd[k])) << k;
    }
  }
  EXPECT_TRUE(c.find(7));
  EXPECT_FALSE(c.find(8)) << "the line cut short must not come back as a run";
  EXPECT_EQ(c.reused(), 2u);
  c.remove();
  EXPECT_FALSE(fs::exists(file));
  fs::remove_all(dir);
}

TEST(CheckpointFile, ARunIsKnownByItsScenarioSettingsSeedAndPopulation) {
  const fs::path tiny = fs::path(JSIM_SOURCE_DIR) / "scenarios" / "tiny_funnel.yaml";
  RunPlan a = default_plan(load_scenario(tiny));
  RunPlan same = default_plan(load_scenario(tiny));
  EXPECT_EQ(run_key(a), run_key(same));
  same.threads = 7;  // never changes a result
  EXPECT_EQ(run_key(a), run_key(same));
  RunPlan other = a;
  other.seed += 1;
  EXPECT_NE(run_key(a), run_key(other));
  other = a;
  other.population += 1;
  EXPECT_NE(run_key(a), run_key(other));
  other = default_plan(load_scenario(tiny, parse_settings({"design.integration=0.5"})));
  EXPECT_NE(run_key(a), run_key(other));
  other = default_plan(load_scenario(fs::path(JSIM_SOURCE_DIR) / "scenarios" / "call_centre_mmc.yaml"));
  other.seed = a.seed;
  other.population = a.population;
  EXPECT_NE(run_key(a), run_key(other));
}

TEST(CheckpointFile, AKilledSweepResumesAndWritesWhatAnUnstoppedOneWrites) {
  const fs::path dir = testing::fresh_dir("checkpoint_sweep");
  fs::create_directories(dir);
  const fs::path reference = dir / "reference", out = dir / "out";
  const testing::Outcome whole = jsim(kSweep + reference.string());
  ASSERT_EQ(whole.status, 0) << whole.err;
  EXPECT_EQ(whole.err.find("resumed"), std::string::npos) << "nothing to resume from: " << whole.err;
  EXPECT_FALSE(fs::exists(dir / ".reference.jsim-checkpoint")) << "a finished sweep leaves no checkpoint";

  bool finished_first = false;
  const std::size_t kept = kill_after(out, 3, finished_first);
  if (finished_first) GTEST_SKIP() << "the sweep ended before it could be killed (a very fast machine)";
  ASSERT_GE(kept, 3u);
  ASSERT_LT(kept, 12u) << "killed after every run had ended: nothing left to resume";

  const testing::Outcome resumed = jsim(kSweep + out.string());
  ASSERT_EQ(resumed.status, 0) << resumed.err;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(resumed.err, m, std::regex(R"(resumed: (\d+) runs were kept from an earlier command)"))) << resumed.err;
  EXPECT_GE(std::stoul(m[1]), kept);  // runs kept while the process died count too
  for (const std::string& f : kFiles)
    EXPECT_EQ(testing::slurp(out / f), testing::slurp(reference / f)) << f << " differs after resuming";
  EXPECT_EQ(resumed.out, [&] {
    std::string s = whole.out;
    return std::regex_replace(s, std::regex(reference.string()), out.string());
  }());
  EXPECT_FALSE(fs::exists(dir / ".out.jsim-checkpoint"));
  fs::remove_all(dir);
}

// The same for a comparison: its replications 0 are made again (their results are written in
// full), the others come from the checkpoint.
TEST(CheckpointFile, AKilledComparisonResumesToo) {
  const std::string compare =
      "compare scenarios/retail_bopis_multichannel.yaml scenarios/retail_bopis_omnichannel.yaml --replications 6 "
      "--arrivals 300000 --threads 1 --quiet --out ";
  const fs::path dir = testing::fresh_dir("checkpoint_compare");
  fs::create_directories(dir);
  const fs::path reference = dir / "reference", out = dir / "out";
  ASSERT_EQ(jsim(compare + reference.string()).status, 0);
  bool finished_first = false;
  const std::size_t kept = kill_after(out, 4, finished_first, compare);
  if (finished_first) GTEST_SKIP() << "the comparison ended before it could be killed";
  ASSERT_LT(kept, 12u);
  const testing::Outcome resumed = jsim(compare + out.string());
  ASSERT_EQ(resumed.status, 0) << resumed.err;
  EXPECT_NE(resumed.err.find("resumed: "), std::string::npos) << resumed.err;
  for (const std::string& f : {"compare.json", "compare.csv", "compare.h5", "replications.csv", "designs.csv"})
    EXPECT_EQ(testing::slurp(out / f), testing::slurp(reference / f)) << f << " differs after resuming";
  fs::remove_all(dir);
}

// Runs kept for another seed are not taken: a run is what it is, not its place in the sweep.
TEST(CheckpointFile, RunsOfADifferentSweepAreNotTaken) {
  const fs::path dir = testing::fresh_dir("checkpoint_other");
  fs::create_directories(dir);
  const fs::path out = dir / "out";
  bool finished_first = false;
  const std::size_t kept = kill_after(out, 2, finished_first);
  if (finished_first) GTEST_SKIP() << "the sweep ended before it could be killed";
  ASSERT_GE(kept, 2u);
  const testing::Outcome other = jsim(kSweep + out.string() + " --seed 99");
  ASSERT_EQ(other.status, 0) << other.err;
  EXPECT_EQ(other.err.find("resumed"), std::string::npos) << other.err;
  fs::remove_all(dir);
}

}  // namespace
}  // namespace jsim
