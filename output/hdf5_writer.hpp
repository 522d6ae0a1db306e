#pragma once
// results.h5: the full RunResult as HDF5 (layout in docs/results-format.md), readable with
// h5py + pandas without conversion code. Written atomically.
#include <cstdint>
#include <filesystem>

#include "output/result_tables.hpp"

#include "sim/run_result.hpp"

namespace jsim {

// Bump when a dataset, field or attribute is renamed, removed or changes meaning or type;
// adding new ones keeps the version.
inline constexpr std::uint32_t kResultsFormatVersion = 3;

// Throws jsim::Error naming file on any failure; file is then absent or left as it was.
// `replications`, when given, is written as /replications (output/replication_table.hpp).
void write_hdf5(const RunResult& r, const std::filesystem::path& file, const Table* replications = nullptr);
// The same, completing an HDF5 part that already holds streamed groups (JourneyExport::finish());
// the part is consumed: renamed into the result, or removed on failure.
void write_hdf5(const RunResult& r, const std::filesystem::path& file, const std::filesystem::path& part,
                const Table* replications = nullptr);

}  // namespace jsim
