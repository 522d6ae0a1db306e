#pragma once
// Case-level reader for event logs (one row per event): the journeys (cases) of the log, each as
// its events in time order, with what the rows say about them. Unlike read_event_log
// (data/event_log.hpp), which reduces journeys to attribution paths, this keeps every event:
// activity, channel, timestamps, value, and per case its segment, customer and outcome. It is
// what `jsim discover` (fitting a scenario) and `jsim fidelity` (comparing a log with a
// scenario) read.
//
// Defaults are the column names of the simulator's own events.csv (docs/results-format.md), so
// `jsim run --journeys` output reads without options. Optional columns are used when the header
// has them; a column the caller marks `required` that is missing is an error at the header.
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace jsim::data {

// An optional column: used when `name` is non-empty and the header has it; when `required`, a
// header without it is an error (set it when the user named the column on the command line).
struct OptionalColumn {
  std::string name;
  bool required = false;
};

enum class ActivityKind : std::uint8_t { Regular, Conversion, Exit };

struct JourneyLogOptions {
  std::string case_column = "case:concept:name";
  std::string activity_column = "concept:name";
  std::string timestamp_column = "time:timestamp";  // empty: no timestamps, every time is 0 (file order)

  OptionalColumn channel_column{"channel"};    // the event's channel
  OptionalColumn stage_column{"stage"};        // the activity's stage (its first row's value)
  OptionalColumn segment_column{"persona"};    // the case's segment (its first row's value)
  OptionalColumn customer_column{"customer"};  // the case's customer id (its first row's value)
  OptionalColumn value_column{"order_value"};  // the event's value (a number >= 0; empty: none)
  // "conversion" / "exit" / "regular" (or empty) per row, as events.csv's touchpoint_kind. An
  // activity is a conversion (exit) if any of its rows says so.
  OptionalColumn kind_column{"touchpoint_kind"};
  // The case's outcome (its first row's value), e.g. events.csv's case:outcome.
  OptionalColumn outcome_column{"case:outcome"};
  // Service end of an event: an end timestamp column, or duration columns (seconds) added to the
  // event's timestamp (events.csv: wait + service). end_timestamp_column wins when both are present.
  OptionalColumn end_timestamp_column{};
  std::vector<std::string> duration_columns{"wait", "service"};  // each used when present
  // Seconds queued before service (events.csv: wait): the service starts at timestamp + wait.
  OptionalColumn wait_column{"wait"};

  std::vector<std::string> conversion_activities;  // conversions, in addition to the kind column
  std::vector<std::string> exit_activities;        // exits, in addition to the kind column
  std::vector<std::string> ignored_activities;     // rows of these are dropped
  std::string converted_outcome = "converted";     // outcome value meaning "converted"
  // Outcome values meaning "the journey had not ended when the log stopped" (censored).
  std::vector<std::string> censored_outcomes{"unfinished", "step_guard"};
  // Activity -> channel, for rows whose channel cell is empty or when the log has no channel column.
  std::map<std::string, std::string> channel_map;
  char delimiter = ',';
};

inline constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();

// 40 bytes per event.
struct JourneyEvent {
  double time = 0.0;  // seconds since 1970-01-01T00:00:00Z (ISO 8601) or as written (plain seconds)
  double end = std::numeric_limits<double>::quiet_NaN();    // service end; NaN: unknown
  double wait = 0.0;                                        // queued before service (a wait column), seconds
  double value = std::numeric_limits<double>::quiet_NaN();  // NaN: no value on the row
  std::uint32_t activity = 0;                               // index into JourneyLog::activities
  std::uint32_t channel = kNone;                            // index into JourneyLog::channels; kNone: none
  [[nodiscard]] bool has_end() const { return !std::isnan(end); }
  [[nodiscard]] bool has_value() const { return !std::isnan(value); }
};
static_assert(sizeof(JourneyEvent) == 40);

struct JourneyCase {
  std::string id;
  std::uint64_t first = 0;        // its events: JourneyLog::events[first, first + count)
  std::uint32_t count = 0;
  std::uint32_t segment = kNone;  // index into JourneyLog::segments
  std::uint32_t outcome = kNone;  // index into JourneyLog::outcomes
  std::string customer;           // empty when the log has no customer column
  bool converted_by_outcome = false;  // outcome == converted_outcome
  bool censored = false;              // outcome is one of censored_outcomes
};

struct JourneyLog {
  std::string file;
  std::uint64_t rows = 0;  // data rows read, ignored activities included
  std::vector<std::string> activities;
  std::vector<ActivityKind> activity_kinds;  // per activity
  std::vector<std::uint64_t> activity_rows;  // per activity: events with it (first row's line is in activity_first_row)
  std::vector<int> activity_first_row;       // per activity: the file line of its first row
  std::vector<std::uint32_t> activity_stage;  // per activity: index into stages, or kNone
  std::vector<std::string> channels, segments, outcomes, stages;
  std::vector<JourneyEvent> events;  // grouped by case (in order of first appearance), each case sorted by time (stable)
  std::vector<JourneyCase> cases;    // in order of first appearance in the file
  // Which columns were found.
  bool has_timestamps = false, has_channels = false, has_stages = false, has_segments = false, has_customers = false,
       has_values = false, has_kinds = false, has_outcomes = false, has_ends = false;

  [[nodiscard]] std::span<const JourneyEvent> events_of(const JourneyCase& c) const {
    return {events.data() + c.first, c.count};
  }
  [[nodiscard]] std::optional<std::uint32_t> find_activity(const std::string& name) const;
};

// Throws jsim::ScenarioError: FILE:ROW:COL for a bad cell, FILE:1:COL or FILE:1:1 for a bad or
// missing column; FILE:0:0 for a conversion/exit activity named in the options that never occurs
// and for a log without data rows. jsim::Error for contradictory options.
[[nodiscard]] JourneyLog read_journey_log(const std::filesystem::path& file, const JourneyLogOptions& options);

}  // namespace jsim::data
