#include "cli/load_options.hpp"

#include <fmt/format.h>

#include <iostream>
#include <utility>

#include <tbb/parallel_for.h>

#include "experiment/number_text.hpp"
#include "model/error.hpp"

namespace jsim::cli {

namespace {

std::string name_of(const Scenario& s) { return s.source_file.empty() ? s.name : s.source_file; }

}  // namespace

void check_load_option(const PlanOptions& o, const Scenario& s) {
  if (s.timed() && o.agents)
    throw ScenarioError({Diagnostic{
        "--agents", 0, 0,
        fmt::format("{} is timed (horizon {:g} h): its population, {}, is the number of arrivals over the horizon, "
                    "so --agents would change the load its queues see, not the precision. For precision use "
                    "--replications (or a longer horizon); to change the load on purpose use --arrivals N",
                    name_of(s), s.horizon_seconds() / 3600.0, group_thousands(std::to_string(s.population)))}});
  if (!s.timed() && o.arrivals)
    throw ScenarioError({Diagnostic{
        "--arrivals", 0, 0,
        fmt::format("{} is untimed (no horizon): it has no arrivals over time to change; use --agents N for "
                    "the number of agents",
                    name_of(s))}});
}

std::optional<std::uint64_t> population_option(const PlanOptions& o) { return o.agents ? o.agents : o.arrivals; }

std::uint64_t population_for(const PlanOptions& o, const Scenario& s) {
  check_load_option(o, s);
  return population_option(o).value_or(s.population);
}

std::optional<std::string> load_line(const Scenario& s, std::uint64_t population) {
  if (!s.timed() || population == s.population) return std::nullopt;
  const double ratio = static_cast<double>(population) / static_cast<double>(s.population);
  return fmt::format("load: {} arrivals over {:g} h, {}x the scenario's {}", group_thousands(std::to_string(population)),
                     s.horizon_seconds() / 3600.0, ratio >= 0.1 ? fmt::format("{:.1f}", ratio) : fmt::format("{:.3f}", ratio),
                     group_thousands(std::to_string(s.population)));
}

void PointScenarios::preload(const std::vector<std::vector<Override>>& points) {
  preloaded_settings_ = points;
  preloaded_.assign(points.size(), nullptr);
  preload_errors_.assign(points.size(), nullptr);
  next_preloaded_ = 0;
  tbb::parallel_for(std::size_t{0}, points.size(), [&](std::size_t i) {
    try {
      preloaded_[i] = load_scenario(file_, points[i]);
    } catch (...) {
      preload_errors_[i] = std::current_exception();
    }
  });
}

ScenarioPtr PointScenarios::operator()(const std::vector<Override>& settings) {
  ScenarioPtr s;
  if (next_preloaded_ < preloaded_settings_.size() && preloaded_settings_[next_preloaded_] == settings) {
    const std::size_t i = next_preloaded_++;
    if (preload_errors_[i]) std::rethrow_exception(preload_errors_[i]);
    s = std::move(preloaded_[i]);
  } else {
    s = load_scenario(file_, settings);
  }
  population_ = population_for(options_, *s);
  last_ = s;
  if (std::exchange(first_, false))
    if (auto line = load_line(*s, population_)) std::cerr << *line << '\n';
  return s;
}

}  // namespace jsim::cli
