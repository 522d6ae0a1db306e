#include "cli/work_estimate.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "analysis/markov.hpp"
#include "model/error.hpp"

namespace jsim::cli {

namespace {

// Expected visits per agent; the step guard when the chain cannot say (it bounds every journey).
double visits_per_agent(const Scenario& s) {
  try {
    const double v = analyze_exact(s).expected_path_length;
    if (v > 0) return std::min(v, static_cast<double>(s.max_steps));
  } catch (const std::exception&) {
  }
  return s.max_steps;
}

}  // namespace

void WorkEstimate::add(std::uint64_t runs, std::uint64_t agents, const Scenario& s) {
  const double r = static_cast<double>(runs), a = static_cast<double>(agents);
  runs_ += r;
  agents_ += r * a;
  visits_ += r * a * visits_per_agent(s);
  const double seconds = visits_ / kVisitsPerSecond;
  if (force_ || seconds <= kMaxUnforcedSeconds) return;
  throw ScenarioError({Diagnostic{
      s.source_file.empty() ? s.name : s.source_file, 0, 0,
      fmt::format("this would take about {:.0f} h ({:.3g} run(s), {:.3g} agents in all, {:.3g} visits at a conservative "
                  "{:.0g} visits/s), more than the {:.0f} h allowed without --force: use fewer agents or replications, "
                  "or --force to run it anyway",
                  seconds / 3600.0, runs_, agents_, visits_, kVisitsPerSecond, kMaxUnforcedSeconds / 3600.0)}});
}

}  // namespace jsim::cli
