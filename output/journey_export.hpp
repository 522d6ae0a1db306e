#pragma once
// Recorded journeys to files, streamed as the run goes (layout in docs/results-format.md,
// "Journeys"):
//   - /journeys in results.h5: chunked, compressed tables of visits and journeys;
//   - events.csv: one row per visit, with the column names process-mining tools read without
//     a mapping (case:concept:name, concept:name, time:timestamp);
//   - paths.csv: distinct paths in the ChannelAttribution layout, at channel or touchpoint level.
// Everything goes to temporaries first; finish() puts the CSV files in place and hands over the
// HDF5 part for write_hdf5 to complete, so a failed or interrupted run leaves no partial file.
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "data/journey_paths.hpp"
#include "model/scenario.hpp"
#include "sim/journey_recorder.hpp"

namespace jsim {

struct JourneyExportOptions {
  data::PathLevel path_level = data::PathLevel::Channel;
  double sample = 1.0;
  std::uint64_t max_journeys = 0;
};

class JourneyExport final : public JourneySink {
 public:
  JourneyExport(const Scenario& s, const std::filesystem::path& dir, const JourneyExportOptions& options);
  ~JourneyExport() override;  // removes whatever was not finished
  JourneyExport(const JourneyExport&) = delete;
  JourneyExport& operator=(const JourneyExport&) = delete;

  void write(std::span<const RecordedJourney> journeys, std::span<const RecordedVisit> visits) override;

  // Completes events.csv and paths.csv (renamed into place) and closes the HDF5 part, whose
  // path it returns: write_hdf5(result, dir/results.h5, part) adds the rest and renames it.
  [[nodiscard]] std::filesystem::path finish();

  // The distinct paths written to paths.csv (after finish()).
  [[nodiscard]] const data::PathData& paths() const { return path_data_; }
  [[nodiscard]] std::uint64_t journeys_written() const { return journeys_; }
  [[nodiscard]] std::uint64_t visits_written() const { return visits_; }

 private:
  struct Hdf5Part;
  void write_events(std::string_view text);  // to events.csv's temporary

  const Scenario& s_;
  std::filesystem::path dir_, h5_tmp_, events_tmp_;
  std::unique_ptr<Hdf5Part> h5_;
  std::FILE* events_ = nullptr;
  std::vector<fmt::memory_buffer> text_blocks_;  // per block of journeys, formatted in parallel
  std::vector<std::string> touchpoint_text_, channel_text_, stage_text_, kind_text_, persona_text_;  // as CSV fields
  data::PathAccumulator paths_;
  data::PathData path_data_;
  std::vector<data::State> path_state_;  // touchpoint -> path state (at the chosen level)
  std::vector<data::State> touches_;
  std::uint64_t journeys_ = 0, visits_ = 0;
  bool finished_ = false;
};

}  // namespace jsim
