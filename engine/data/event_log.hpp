#pragma once
// Reader for event logs (one row per event, XES-style column names by default, as in the
// simulator's events.csv): events are grouped by case, ordered by time, and each case becomes
// one journey by the rule of docs/journey-inputs.md: its touches are the events before its
// first conversion activity; conversion activities and ignored activities are not touches.
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "data/journey_paths.hpp"

namespace jsim::data {

struct EventLogOptions {
  std::string case_column = "case:concept:name";
  std::string activity_column = "concept:name";
  std::string timestamp_column = "time:timestamp";  // empty: no timestamps, file order is the order
  std::optional<std::string> channel_column;        // the event's channel
  std::optional<std::string> value_column;          // conversion value (at the conversion event)

  // Conversion rule: a case converted if it has one of these activities, and/or if
  // outcome_column holds converted_outcome on any of its rows. At least one must be given.
  std::vector<std::string> conversion_activities;
  std::optional<std::string> outcome_column;  // e.g. "case:outcome"
  std::string converted_outcome = "converted";
  // Activities that are neither touches nor conversions (e.g. exit touchpoints).
  std::vector<std::string> ignored_activities;
  // A column giving each row's kind, as jsim's events.csv has (touchpoint_kind): rows of kind
  // "conversion" are conversions, rows of kind "exit" are neither touches nor conversions.
  std::optional<std::string> kind_column;

  // Touchpoint: states are activities. Channel: states are channels, from channel_column or,
  // failing that, channel_map (activity -> channel); one of them is required.
  PathLevel level = PathLevel::Touchpoint;
  std::map<std::string, std::string> channel_map;

  std::optional<double> half_life;  // seconds; time decay weights kept when given (needs timestamps)
  char delimiter = ',';
};

// Throws jsim::ScenarioError (FILE:ROW:COL) on bad input, jsim::Error on bad options.
[[nodiscard]] PathData read_event_log(const std::filesystem::path& file, const EventLogOptions& options);

// Seconds since 1970-01-01T00:00:00Z for an ISO 8601 date ("2026-01-05"), date-time
// ("2026-01-05T09:13:02", optional ".250" fraction, optional "Z" or "+01:00"/"-0130"; a space may
// replace the "T"), or a plain number of seconds ("12.5"). nullopt if the text is none of these.
[[nodiscard]] std::optional<double> parse_timestamp(const std::string& text);

}  // namespace jsim::data
