// Scale-out over MPI (engine/cluster, docs/scale-out.md): a timed run with queues, a compare, a
// sweep, a friction ranking and an optimisation, each run by `mpirun -np 1|2|3|4 jsim ...` with 1
// or 2 threads a rank, write byte-identical files. Built with JSIM_MPI (scripts/test.sh turns it on); skipped in a build without MPI.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <string>
#include <vector>

#include "killed_sweep.hpp"
#include "test_files.hpp"

namespace jsim {
namespace {

namespace fs = std::filesystem;

#ifdef JSIM_MPI_TESTS
constexpr bool kMpi = true;
#else
constexpr bool kMpi = false;
#define JSIM_MPIRUN "mpirun"
#endif

// `mpirun -np ranks jsim ARGS` from the source directory, output into `log`; its exit status.
int mpirun(int ranks, const std::string& args, const fs::path& log) {
  const std::string cmd = std::string("cd ") + JSIM_SOURCE_DIR + " && timeout 300 " + JSIM_MPIRUN +
                          " --oversubscribe --allow-run-as-root --bind-to none -np " + std::to_string(ranks) + " " + JSIM_BINARY +
                          " " + args + " > " + log.string() + " 2>&1";
  const int status = std::system(cmd.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// What a job printed, with how it ran ("2 thread(s), 0.42 s,") and its --out folder
// blanked: they differ from run to run.
std::string printed(const fs::path& log, const fs::path& out) {
  static const std::regex kHowItRan(R"(\d+ thread\(s\), \d+\.\d+ s,)");
  std::string text = std::regex_replace(testing::slurp(log), kHowItRan, "_ thread(s), _ s,");
  for (std::size_t at; (at = text.find(out.string())) != std::string::npos;) text.replace(at, out.string().size(), "OUT");
  return text;
}

// Runs the command with 1, 2, 3 and 4 ranks, of 2 threads each for an odd rank count and 1 for
// an even one (--out into a folder each), and expects `files` to be the same, byte for byte, as
// with one rank.
// `printed_text`, when given, must be in what was printed.
void expect_same_for_any_rank_count(const std::string& name, const std::string& args,
                                    const std::vector<std::string>& files, const std::string& printed_text = "") {
  if (!kMpi) GTEST_SKIP() << "jsim built without JSIM_MPI";
  const fs::path dir = testing::fresh_dir("scale_out_" + name);
  fs::create_directories(dir);
  for (int ranks = 1; ranks <= 4; ++ranks) {
    const fs::path out = dir / ("np" + std::to_string(ranks));
    const fs::path log = dir / ("np" + std::to_string(ranks) + ".log");
    const std::string threads = std::to_string(1 + ranks % 2);
    ASSERT_EQ(mpirun(ranks, args + " --threads " + threads + " --quiet --out " + out.string(), log), 0) << testing::slurp(log);
    for (const std::string& f : files) {
      ASSERT_TRUE(fs::exists(out / f)) << out / f;
      if (ranks > 1)
        EXPECT_EQ(testing::slurp(out / f), testing::slurp(dir / "np1" / f)) << f << " differs with " << ranks << " ranks";
    }
    EXPECT_NE(testing::slurp(log).find(printed_text), std::string::npos) << testing::slurp(log);
    // One report: the other ranks print nothing.
    if (ranks > 1) EXPECT_EQ(printed(log, out), printed(dir / "np1.log", dir / "np1")) << "what " << ranks << " ranks print";
  }
  fs::remove_all(dir);
}

TEST(ScaleOut, TimedRunWithQueuesIsTheSameForAnyRankCount) {
  expect_same_for_any_rank_count("run", "run scenarios/call_centre_mmc.yaml --arrivals 4000 --replications 5",
                                 {"summary.json", "results.h5", "touchpoints.csv", "replications.csv"});
}

TEST(ScaleOut, CompareIsTheSameForAnyRankCount) {
  expect_same_for_any_rank_count(
      "compare",
      "compare scenarios/retail_bopis_multichannel.yaml scenarios/retail_bopis_omnichannel.yaml --arrivals 3000 "
      "--replications 4",
      {"compare.json", "compare.csv", "compare.h5", "replications.csv"});
}

// One run shared by the ranks (sim/customer_share.hpp): each walks its own customers and the
// queues are settled together every window; rank 0 adds up the counters. Timed, with two queues,
// opening hours and customers asleep between visits.
TEST(ScaleOut, OneTimedRunSharedByTheRanksIsTheSameForAnyRankCount) {
  expect_same_for_any_rank_count("shared_timed", "run scenarios/retail_omnichannel.yaml --arrivals 40000",
                                 {"summary.json", "results.h5", "touchpoints.csv", "personas.csv", "replications.csv"});
}

TEST(ScaleOut, OneUntimedRunSharedByTheRanksIsTheSameForAnyRankCount) {
  expect_same_for_any_rank_count("shared_untimed", "run scenarios/tiny_funnel.yaml --agents 200000",
                                 {"summary.json", "results.h5", "touchpoints.csv", "replications.csv"});
}

// It is shared, not made whole by every rank: run_info.json says by how many.
TEST(ScaleOut, ASharedRunSaysHowManyRanksMadeIt) {
  if (!kMpi) GTEST_SKIP() << "jsim built without JSIM_MPI";
  const fs::path dir = testing::fresh_dir("scale_out_ranks");
  fs::create_directories(dir);
  for (const int ranks : {1, 3}) {
    const fs::path out = dir / std::to_string(ranks);
    ASSERT_EQ(mpirun(ranks, "run scenarios/call_centre_mmc.yaml --arrivals 5000 --quiet --out " + out.string(), dir / "log"), 0)
        << testing::slurp(dir / "log");
    EXPECT_NE(testing::slurp(out / "run_info.json").find("\"ranks\": " + std::to_string(ranks)), std::string::npos)
        << testing::slurp(out / "run_info.json");
  }
  // Replications are spread as whole runs instead.
  const fs::path out = dir / "replicated";
  ASSERT_EQ(mpirun(3, "run scenarios/call_centre_mmc.yaml --arrivals 5000 --replications 3 --quiet --out " + out.string(), dir / "log"), 0);
  EXPECT_NE(testing::slurp(out / "run_info.json").find("\"ranks\": 1"), std::string::npos) << testing::slurp(out / "run_info.json");
  fs::remove_all(dir);
}

// A timed sweep with an overloaded point: its load warnings are made on whichever rank ran the
// point's first replication and travel to rank 0 as numbers (experiment/replication.cpp).
TEST(ScaleOut, SweepIsTheSameForAnyRankCount) {
  expect_same_for_any_rank_count("sweep",
                                 "sweep scenarios/call_centre_mmc.yaml --set 'touchpoints.call_centre.servers=2,6' "
                                 "--arrivals 20000 --replications 3 --best profit",
                                 {"sweep.json", "sweep.csv", "sweep.h5", "replications.csv", "designs.csv"},
                                 "still waiting when the horizon ended");
}

TEST(ScaleOut, FrictionIsTheSameForAnyRankCount) {
  expect_same_for_any_rank_count("friction", "friction scenarios/tiny_funnel.yaml --agents 3000 --replications 3",
                                 {"friction.json", "friction.csv"});
}

// KN's stages, each spread over the ranks; which designs survive a stage decides the next.
TEST(ScaleOut, OptimizeIsTheSameForAnyRankCount) {
  expect_same_for_any_rank_count("optimize",
                                 "optimize scenarios/call_centre_mmc.yaml --set touchpoints.call_centre.servers=5..8:1 "
                                 "--set touchpoints.call_centre.server_cost=200 --minimize mean_wait:call_centre "
                                 "--budget 'cost<=40000' --delta 10 --arrivals 20000",
                                 {"optimize.json", "optimize.csv"}, "Chosen: candidate");
}

// A sweep killed in one process resumes on 3 ranks: rank 0 hands out only the runs still missing,
// and the files are those of a sweep never stopped.
TEST(ScaleOut, AKilledSweepResumesOnAnyRankCount) {
  if (!kMpi) GTEST_SKIP() << "jsim built without JSIM_MPI";
  const fs::path dir = testing::fresh_dir("scale_out_resume");
  fs::create_directories(dir);
  const fs::path reference = dir / "reference", out = dir / "out";
  ASSERT_EQ(mpirun(1, testing::kSweep + reference.string(), dir / "reference.log"), 0) << testing::slurp(dir / "reference.log");
  bool finished_first = false;
  const std::size_t kept = testing::kill_after(out, 3, finished_first);
  if (finished_first) GTEST_SKIP() << "the sweep ended before it could be killed";
  ASSERT_LT(kept, 12u);
  ASSERT_EQ(mpirun(3, testing::kSweep + out.string(), dir / "resumed.log"), 0) << testing::slurp(dir / "resumed.log");
  EXPECT_NE(testing::slurp(dir / "resumed.log").find("resumed: "), std::string::npos) << testing::slurp(dir / "resumed.log");
  for (const std::string& f : testing::kFiles)
    EXPECT_EQ(testing::slurp(out / f), testing::slurp(reference / f)) << f << " differs after resuming on 3 ranks";
  fs::remove_all(dir);
}

// A rank that fails (here rank 0, whose --out cannot be made) ends the job at once with the
// message and a non-zero status, instead of leaving the other ranks waiting for it.
TEST(ScaleOut, AFailingRankEndsTheJobWithItsMessage) {
  if (!kMpi) GTEST_SKIP() << "jsim built without JSIM_MPI";
  const fs::path dir = testing::fresh_dir("scale_out_fail");
  fs::create_directories(dir);
  { std::ofstream(dir / "a_file") << "x"; }
  const fs::path log = dir / "log";
  const int status = mpirun(2, "run scenarios/tiny_funnel.yaml --agents 1000 --replications 4 --quiet --out " +
                                   (dir / "a_file" / "out").string(), log);
  EXPECT_NE(status, 0);
  EXPECT_NE(status, 124) << "the job hung";
  EXPECT_NE(testing::slurp(log).find("cannot write results to " + (dir / "a_file" / "out").string()), std::string::npos)
      << testing::slurp(log);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace jsim
