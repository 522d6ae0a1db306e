#pragma once
// Where the journeys of `jsim fidelity` come from: an event log (CSV, one row per event) or a
// scenario simulated in-process, its journeys collected in memory by a JourneySink.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "data/fidelity.hpp"
#include "data/journey_log.hpp"
#include "model/scenario.hpp"

namespace jsim::data {

struct FidelityLog {
  JourneySet journeys;
  std::uint64_t customers = 0;  // distinct customers when a customer column is read, else journeys
};

// The journeys of a case-level log (data/journey_log.hpp): a case converted when one of its
// events is a conversion activity or its outcome is the converted one.
[[nodiscard]] FidelityLog fidelity_log(const JourneyLog& log);
// read_journey_log, then fidelity_log. Throws jsim::ScenarioError (FILE:ROW:COL) on bad input.
[[nodiscard]] FidelityLog read_fidelity_log(const std::filesystem::path& file, const JourneyLogOptions& options);

// Simulates `population` agents of the scenario (seed: the scenario's unless given) and collects
// every journey; `max_journeys` > 0 stops after that many. Activities are touchpoint ids, times
// scenario.start + simulated time, a journey converted when its outcome is a conversion, and the
// case id (for the split) is the events.csv one, "c<customer>-j<journey number>".
[[nodiscard]] JourneySet simulate_journey_set(const ScenarioPtr& scenario, std::uint64_t population,
                                              std::optional<std::uint64_t> seed, std::uint32_t threads,
                                              std::uint64_t max_journeys = 0);

}  // namespace jsim::data
