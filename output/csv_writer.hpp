#pragma once
// The run as CSV files in one directory, for spreadsheets and quick pandas.read_csv:
//   touchpoints.csv      one row per touchpoint, the same columns as the HDF5 /touchpoints
//   personas.csv         one row per persona, the same columns as the HDF5 /personas
//   persona_visits.csv   long format: persona,touchpoint,visits (every pair)
//   flow.csv             long format: from,to,count (nonzero moves only)
//   timeseries.csv       timed runs only: one row per period
// Format details in docs/results-format.md.
#include <filesystem>

#include "output/result_tables.hpp"
#include "sim/run_result.hpp"

namespace jsim {

// Creates dir if needed. Each file is replaced atomically. For an untimed run a timeseries.csv
// left from an earlier run in dir is removed, so the directory never mixes two runs' series.
// Throws jsim::Error naming the failing path.
void write_csv(const RunResult& r, const std::filesystem::path& dir);

// RFC 4180: the text as one field, quoted only if it holds a separator, quote or line break.
[[nodiscard]] std::string csv_field(const std::string& s);

// One table as one CSV file (RFC 4180 quoting, shortest round-trip numbers), written atomically.
void write_csv_table(const Table& table, const std::filesystem::path& file);

}  // namespace jsim
