#pragma once
// Reader for the journeys a simulation recorded in results.h5 (`jsim run --journeys`): the
// /journeys group (docs/results-format.md, "Journeys"), read in chunks so memory does not grow with
// the number of events. Same path rule as the simulator's paths.csv: touches before the first
// visit to a conversion touchpoint, skipping conversion and exit touchpoints.
#include <cstddef>
#include <filesystem>
#include <optional>

#include "data/journey_paths.hpp"

namespace jsim::data {

// half_life in seconds (nullopt: no time decay). chunk_rows: rows read per HDF5 read (memory is
// about 40 bytes per row); tests lower it to cross chunk boundaries. Throws jsim::ScenarioError
// naming the file when it is not a results file with a /journeys group or that group is malformed.
[[nodiscard]] PathData read_results_journeys(const std::filesystem::path& file, PathLevel level,
                                             std::optional<double> half_life = std::nullopt,
                                             std::size_t chunk_rows = std::size_t{1} << 20);

}  // namespace jsim::data
