// Examples check themselves: every bundled scenario states the figures it teaches in `# expect:`
// lines (scenarios/README.md), and each is checked here against a run of that scenario or against
// `jsim analyze`. A header figure that drifts from what the program does fails the suite.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "analysis/markov.hpp"
#include "experiment/replication.hpp"
#include "model/loader.hpp"
#include "scenario_expectations.hpp"
#include "scenario_figures.hpp"
#include "sim/simulation.hpp"
#include "test_files.hpp"

namespace jsim {
namespace {

namespace fs = std::filesystem;
using testing::Expectation;
using testing::ScenarioExpectations;

// The bundled scenarios, by file name; persona libraries live in personas/ and are not scenarios.
std::vector<std::string> bundled_scenarios() {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(fs::path(JSIM_SOURCE_DIR) / "scenarios"))
    if (e.path().extension() == ".yaml") names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

// The runs an example's simulated figures come from: `jsim run FILE` with its expect-run options.
std::vector<RunResult> expected_runs(const ScenarioPtr& scenario, const testing::ExpectedRun& run) {
  RunPlan plan = default_plan(scenario);
  if (run.agents) plan.population = *run.agents;
  if (run.arrivals) plan.population = *run.arrivals;
  std::vector<RunResult> results;
  const std::uint64_t first_seed = plan.seed;
  for (std::uint32_t r = 0; r < run.replications; ++r) {
    plan.seed = replication_seed(first_seed, r);
    results.push_back(simulate(plan));
  }
  return results;
}

// What the runs say about one simulated figure: the mean over the replications and its standard
// error (sd / sqrt(R)); one run gives a standard error only for a figure it reports an interval for.
struct Observed {
  double mean = 0.0;
  std::optional<double> standard_error;
};

std::optional<Observed> observe(const std::vector<RunResult>& runs, std::string_view metric) {
  std::vector<double> values;
  for (const RunResult& r : runs) {
    const std::optional<double> v = testing::run_figure(r, metric);
    if (!v) return std::nullopt;
    values.push_back(*v);
  }
  const double n = static_cast<double>(values.size());
  double sum = 0.0;
  for (double v : values) sum += v;
  Observed o{sum / n, std::nullopt};
  if (values.size() == 1) {
    o.standard_error = testing::single_run_standard_error(runs.front(), metric);
  } else {
    double squares = 0.0;
    for (double v : values) squares += (v - o.mean) * (v - o.mean);
    o.standard_error = std::sqrt(squares / (n - 1) / n);
  }
  return o;
}

class BundledExample : public ::testing::TestWithParam<std::string> {};

TEST_P(BundledExample, DeliversTheFiguresItsHeaderStates) {
  const fs::path file = fs::path(JSIM_SOURCE_DIR) / "scenarios" / GetParam();
  ScenarioExpectations promised;
  try {
    promised = testing::read_expectations(testing::slurp(file));
  } catch (const std::invalid_argument& e) {
    FAIL() << GetParam() << ": " << e.what();
  }
  ASSERT_FALSE(promised.figures.empty())
      << GetParam() << " states no figure: add '# expect:' lines to its header (scenarios/README.md)";

  const ScenarioPtr scenario = load_scenario(file);
  // As `jsim run` insists: --agents sizes an untimed scenario, --arrivals a timed one.
  if (promised.run.agents) {
    ASSERT_FALSE(scenario->timed()) << GetParam() << ": a timed scenario takes --arrivals";
  }
  if (promised.run.arrivals) {
    ASSERT_TRUE(scenario->timed()) << GetParam() << ": an untimed scenario takes --agents";
  }

  const auto figures = promised.figures;
  const bool simulated = std::any_of(figures.begin(), figures.end(),
                                     [](const Expectation& e) { return !testing::is_exact_figure(e.metric); });
  const bool exact = std::any_of(figures.begin(), figures.end(),
                                 [](const Expectation& e) { return testing::is_exact_figure(e.metric); });
  const std::vector<RunResult> runs = simulated ? expected_runs(scenario, promised.run) : std::vector<RunResult>{};
  const std::optional<ExactAnalysis> analysis = exact ? std::optional(analyze_exact(*scenario)) : std::nullopt;

  for (const Expectation& e : figures) {
    SCOPED_TRACE(GetParam() + ":" + std::to_string(e.line) + ": " + e.metric);
    if (testing::is_exact_figure(e.metric)) {
      ASSERT_FALSE(e.tolerance.standard_errors) << "an exact figure has no standard error: give an absolute tolerance";
      const std::optional<double> value = testing::exact_figure(*scenario, *analysis, e.metric);
      ASSERT_TRUE(value.has_value()) << "jsim analyze reports no such figure";
      EXPECT_NEAR(*value, e.value, e.tolerance.amount);
    } else {
      ASSERT_TRUE(e.tolerance.standard_errors)
          << "a simulated figure's tolerance is in standard errors of the run (e.g. 4se), not a fixed amount";
      const std::optional<Observed> o = observe(runs, e.metric);
      ASSERT_TRUE(o.has_value()) << "jsim run reports no such figure";
      ASSERT_TRUE(o->standard_error.has_value())
          << "one run gives no standard error for it: add '# expect-run: --replications R' (R >= 2)";
      EXPECT_NEAR(o->mean, e.value, e.tolerance.amount * *o->standard_error)
          << "standard error " << *o->standard_error << " from " << runs.size() << " run(s)";
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Scenarios, BundledExample, ::testing::ValuesIn(bundled_scenarios()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string name = fs::path(info.param).stem().string();
                           std::replace_if(name.begin(), name.end(), [](char c) { return !std::isalnum(c); }, '_');
                           return name;
                         });

// The reader of `# expect` lines: what it accepts and what it refuses, so a typo cannot drop a check.
TEST(ExpectationLines, ReadFiguresToleranceKindsAndRunOptions) {
  const ScenarioExpectations e = testing::read_expectations(
      "# a comment\n"
      "# expected path length 3.05 (prose, not a directive)\n"
      "# expect-run: --replications 10 --arrivals 5000\n"
      "# expect: conversion_rate 0.30 ± 4se\n"
      "# expect: analyze.conversion_probability 0.281408 +- 1e-6\n"
      "scenario: {name: x}\n");
  EXPECT_EQ(e.run.replications, 10u);
  EXPECT_EQ(e.run.arrivals, 5000u);
  EXPECT_FALSE(e.run.agents.has_value());
  ASSERT_EQ(e.figures.size(), 2u);
  EXPECT_EQ(e.figures[0].metric, "conversion_rate");
  EXPECT_DOUBLE_EQ(e.figures[0].value, 0.30);
  EXPECT_TRUE(e.figures[0].tolerance.standard_errors);
  EXPECT_DOUBLE_EQ(e.figures[0].tolerance.amount, 4.0);
  EXPECT_EQ(e.figures[0].line, 4);
  EXPECT_FALSE(e.figures[1].tolerance.standard_errors);
  EXPECT_DOUBLE_EQ(e.figures[1].tolerance.amount, 1e-6);
}

TEST(ExpectationLines, RefuseWhatTheyCannotRead) {
  for (const char* bad : {"# expect: conversion_rate 0.30\n",                  // no tolerance
                          "# expect: conversion_rate 0.30 ~ 4se\n",            // not ±
                          "# expect: conversion_rate about ± 4se\n",           // not a number
                          "# expect: conversion_rate 0.30 ± 4sd\n",            // unknown unit
                          "# expect: conversion_rate 0.30 ± 0se\n",            // no room at all
                          "# expect: conversion_rate 0.30 ± 4se roughly\n",    // trailing words
                          "# expects: conversion_rate 0.30 ± 4se\n",           // misspelt
                          "# expect-run: --replications\n",                     // no value
                          "# expect-run: --replications 2.5\n",                 // not a count
                          "# expect-run: --threads 2\n",                        // not an option here
                          "# expect-run: --agents 10 --arrivals 10\n",          // exclusive
                          "# expect-run: --replications 2\n# expect-run: --replications 3\n"})
    EXPECT_THROW((void)testing::read_expectations(bad), std::invalid_argument) << bad;
}

}  // namespace
}  // namespace jsim
