#include "data/fidelity_sources.hpp"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>

#include "model/error.hpp"
#include "sim/simulation.hpp"
#include "sim/tally.hpp"

namespace jsim::data {

namespace {

// Collects recorded journeys into a JourneySet.
class CollectingSink final : public JourneySink {
 public:
  explicit CollectingSink(const Scenario& s) : s_(s) {
    for (const Touchpoint& tp : s.touchpoints) ids_.push_back(set.activity(tp.id));
    set.timed = true;
  }
  void write(std::span<const RecordedJourney> journeys, std::span<const RecordedVisit> visits) override {
    for (const RecordedJourney& j : journeys) {
      acts_.clear(), times_.clear();
      for (std::size_t i = j.first_visit; i < j.first_visit + j.visits; ++i) {
        acts_.push_back(ids_[visits[i].touchpoint]);
        times_.push_back(s_.start + visits[i].time);
      }
      if (acts_.empty()) continue;  // a journey without a visit is no event-log case
      id_.clear();
      fmt::format_to(std::back_inserter(id_), "c{}-j{}", j.customer, j.journey_number);
      set.add(acts_, times_, j.outcome == Tally::kConverted, case_hash(std::string_view(id_.data(), id_.size())));
    }
  }
  JourneySet set;

 private:
  const Scenario& s_;
  std::vector<std::uint32_t> ids_, acts_;
  std::vector<double> times_;
  fmt::memory_buffer id_;
};

}  // namespace

FidelityLog fidelity_log(const JourneyLog& log) {
  FidelityLog out;
  JourneySet& set = out.journeys;
  for (const std::string& a : log.activities) (void)set.activity(a);  // same ids as the log
  set.timed = log.has_timestamps;
  set.events.reserve(log.events.size());
  set.times.reserve(log.events.size());
  std::vector<std::uint32_t> acts;
  std::vector<double> times;
  std::vector<std::uint64_t> customers;  // hashes of the customer ids
  for (const JourneyCase& c : log.cases) {
    acts.clear(), times.clear();
    bool converted = c.converted_by_outcome;
    for (const JourneyEvent& e : log.events_of(c)) {
      acts.push_back(e.activity);
      if (log.has_timestamps) times.push_back(e.time);
      converted = converted || log.activity_kinds[e.activity] == ActivityKind::Conversion;
    }
    if (acts.empty()) continue;
    set.add(acts, times, converted, case_hash(c.id));
    if (log.has_customers) customers.push_back(case_hash(c.customer));
  }
  std::sort(customers.begin(), customers.end());
  out.customers = log.has_customers ? static_cast<std::uint64_t>(std::unique(customers.begin(), customers.end()) -
                                                                  customers.begin())
                                    : set.size();
  return out;
}

FidelityLog read_fidelity_log(const std::filesystem::path& file, const JourneyLogOptions& options) {
  return fidelity_log(read_journey_log(file, options));
}

JourneySet simulate_journey_set(const ScenarioPtr& scenario, std::uint64_t population, std::optional<std::uint64_t> seed,
                                std::uint32_t threads, std::uint64_t max_journeys) {
  RunPlan plan = default_plan(scenario);
  if (population > 0) plan.population = population;
  if (seed) plan.seed = *seed;
  plan.threads = threads;
  CollectingSink sink(*scenario);
  plan.journeys.sink = &sink;
  plan.journeys.max_journeys = max_journeys;
  (void)simulate(plan);
  return std::move(sink.set);
}

}  // namespace jsim::data
