#pragma once
// How many customers a run simulates, apart from how precise its answer is (docs/model.md, "Load").
//
// An untimed scenario's population only sets precision: --agents N. A timed scenario's population
// is its load, the arrivals over the horizon that its queues must serve; precision comes from
// --replications (or a longer horizon). So --agents on a timed scenario is refused, and the load
// changes only through --arrivals N, on purpose, with a line saying so.
#include <cstdint>
#include <exception>
#include <optional>
#include <string>
#include <vector>

#include "cli/command_args.hpp"
#include "model/loader.hpp"
#include "model/scenario.hpp"

namespace jsim::cli {

// Throws ScenarioError naming the option (exit 2) if --agents is given for a timed scenario or
// --arrivals for an untimed one.
void check_load_option(const PlanOptions& o, const Scenario& s);

// --agents or --arrivals, whichever was given.
[[nodiscard]] std::optional<std::uint64_t> population_option(const PlanOptions& o);

// check_load_option, then the option's population or the scenario's own.
[[nodiscard]] std::uint64_t population_for(const PlanOptions& o, const Scenario& s);

// "load: 400000 arrivals over 672 h, 4.0x the scenario's 100000" for a timed scenario run with
// another population than its own; nothing otherwise.
[[nodiscard]] std::optional<std::string> load_line(const Scenario& s, std::uint64_t population);

// The scenario of each design point of an experiment (sweep, optimize, uncertainty): the file
// loaded with the point's settings, its load option checked, and the load line printed once.
class PointScenarios {
 public:
  PointScenarios(std::string file, const PlanOptions& options) : file_(std::move(file)), options_(options) {}
  ScenarioPtr operator()(const std::vector<Override>& settings);
  // Loads these points now, several at once (each is parsed and checked on its own: 10 ms for a
  // large scenario, which adds up over a sweep of thousands, on every MPI rank). Calls for them
  // then, in this order, take the loaded point, or rethrow its error: what a user sees is the
  // same as loading one after another.
  void preload(const std::vector<std::vector<Override>>& points);
  // The point loaded last, and its population (for the work estimate and the progress line).
  [[nodiscard]] const Scenario& last() const { return *last_; }
  [[nodiscard]] std::uint64_t population() const { return population_; }

 private:
  std::string file_;
  const PlanOptions& options_;
  ScenarioPtr last_;
  std::uint64_t population_ = 0;
  bool first_ = true;
  std::vector<std::vector<Override>> preloaded_settings_;
  std::vector<ScenarioPtr> preloaded_;
  std::vector<std::exception_ptr> preload_errors_;
  std::size_t next_preloaded_ = 0;
};

}  // namespace jsim::cli
