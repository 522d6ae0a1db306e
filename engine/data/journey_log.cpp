#include "data/journey_log.hpp"

#include <algorithm>
#include <cstdlib>
#include <unordered_map>
#include <unordered_set>

#include "data/csv_table.hpp"
#include "data/event_log.hpp"  // parse_timestamp: the one timestamp parser (ISO 8601 or seconds)
#include "model/error.hpp"

namespace jsim::data {

namespace {

// Index of `name` in `names`, adding it if new.
std::uint32_t intern(std::unordered_map<std::string, std::uint32_t>& index, std::vector<std::string>& names,
                     const std::string& name) {
  auto [it, added] = index.try_emplace(name, static_cast<std::uint32_t>(names.size()));
  if (added) names.push_back(name);
  return it->second;
}

std::optional<std::size_t> find_optional(const CsvHeader& h, const OptionalColumn& c, const std::string& role) {
  if (c.name.empty()) return std::nullopt;
  if (c.required) return h.require(c.name, role);
  return h.find(c.name);
}

[[noreturn]] void fail(const std::string& file, const std::string& message) {
  throw ScenarioError({Diagnostic{file, 0, 0, message}});
}

}  // namespace

std::optional<std::uint32_t> JourneyLog::find_activity(const std::string& name) const {
  for (std::size_t i = 0; i < activities.size(); ++i)
    if (activities[i] == name) return static_cast<std::uint32_t>(i);
  return std::nullopt;
}

JourneyLog read_journey_log(const std::filesystem::path& path, const JourneyLogOptions& o) {
  const std::unordered_set<std::string> conversions(o.conversion_activities.begin(), o.conversion_activities.end());
  const std::unordered_set<std::string> exits(o.exit_activities.begin(), o.exit_activities.end());
  const std::unordered_set<std::string> ignored(o.ignored_activities.begin(), o.ignored_activities.end());
  for (const auto& a : o.conversion_activities)
    if (exits.count(a)) throw Error("event log: activity \"" + a + "\" is named both a conversion and an exit");

  JourneyLog log;
  log.file = path.string();

  // Memory. Sorting by case needs every event in hand before the first journey is complete, so
  // rows are appended to one flat array (32 bytes per event) with a parallel case index (4 bytes
  // per event), then regrouped by case with a counting sort into a second flat array (32 bytes
  // per event; the first is freed after), so the peak is about 68 bytes per event plus, per case,
  // its id string, one hash-map entry and a JourneyCase. No per-case vectors (their headers and
  // growth slack would cost more than the events of a short journey).
  std::vector<JourneyEvent> flat;
  std::vector<std::uint32_t> flat_case;
  std::unordered_map<std::string, std::uint32_t> case_index, activity_index, channel_index, segment_index,
      outcome_index, stage_index;
  std::vector<ActivityKind> kinds;

  std::size_t c_case = 0, c_act = 0;
  std::optional<std::size_t> c_time, c_stage, c_channel, c_segment, c_customer, c_value, c_kind, c_outcome, c_end;
  std::vector<std::size_t> c_durations;
  std::optional<std::size_t> c_wait;

  read_csv(
      path, CsvOptions{o.delimiter},
      [&](const CsvHeader& h) {
        c_case = h.require(o.case_column, "the case id");
        c_act = h.require(o.activity_column, "the activity");
        if (!o.timestamp_column.empty()) c_time = h.require(o.timestamp_column, "the timestamp");
        c_channel = find_optional(h, o.channel_column, "the channel");
        c_stage = find_optional(h, o.stage_column, "the stage");
        c_segment = find_optional(h, o.segment_column, "the case's segment");
        c_customer = find_optional(h, o.customer_column, "the customer id");
        c_value = find_optional(h, o.value_column, "the event's value");
        c_kind = find_optional(h, o.kind_column, "the kind of the activity");
        c_outcome = find_optional(h, o.outcome_column, "the case's outcome");
        c_end = find_optional(h, o.end_timestamp_column, "the service end timestamp");
        c_wait = find_optional(h, o.wait_column, "the wait before service");
        if (!c_end && c_time)
          for (const auto& d : o.duration_columns)
            if (const auto i = h.find(d)) c_durations.push_back(*i);
      },
      [&](const CsvRow& row) {
        ++log.rows;
        const std::string& case_id = row.fields[c_case];
        if (case_id.empty()) throw row.error(c_case, "found an empty case id; expected the id of the event's case");
        const std::string activity = trim(row.fields[c_act]);
        if (activity.empty()) throw row.error(c_act, "found an empty activity; expected the event's activity name");
        if (ignored.count(activity)) return;

        JourneyEvent e;
        if (c_time) {
          const auto t = parse_timestamp(row.fields[*c_time]);
          if (!t)
            throw row.error(*c_time, "found \"" + row.fields[*c_time] +
                                         "\" for the timestamp; expected ISO 8601 (2026-01-05, 2026-01-05T09:13:02, "
                                         "2026-01-05T09:13:02.250Z, 2026-01-05T09:13:02+01:00) or a number of seconds");
          e.time = *t;
        }
        if (c_end) {
          const std::string& text = row.fields[*c_end];
          if (!trim(text).empty()) {
            const auto t = parse_timestamp(text);
            if (!t || *t < e.time)
              throw row.error(*c_end, "found \"" + text +
                                          "\" for the end timestamp; expected an ISO 8601 date-time or number of "
                                          "seconds, not before the event's timestamp, or nothing");
            e.end = *t;
          }
        } else if (!c_durations.empty()) {
          double d = 0.0;
          for (const std::size_t c : c_durations) {
            const std::string v = trim(row.fields[c]);
            if (v.empty()) continue;
            char* end = nullptr;
            const double x = std::strtod(v.c_str(), &end);
            if (end != v.c_str() + v.size() || !std::isfinite(x) || x < 0.0)
              throw row.error(c, "found \"" + row.fields[c] + "\"; expected a duration in seconds >= 0 or nothing");
            d += x;
          }
          e.end = e.time + d;
        }
        if (c_wait) {
          const std::string v = trim(row.fields[*c_wait]);
          char* end = nullptr;
          const double x = v.empty() ? 0.0 : std::strtod(v.c_str(), &end);
          if (!v.empty() && (end != v.c_str() + v.size() || !std::isfinite(x) || x < 0.0))
            throw row.error(*c_wait, "found \"" + row.fields[*c_wait] + "\" for the wait; expected seconds >= 0 or nothing");
          e.wait = x;
        }
        if (c_value) {
          const std::string v = trim(row.fields[*c_value]);
          if (!v.empty()) {
            char* end = nullptr;
            const double x = std::strtod(v.c_str(), &end);
            if (end != v.c_str() + v.size() || !std::isfinite(x) || x < 0.0)
              throw row.error(*c_value, "found \"" + row.fields[*c_value] + "\" for the value; expected a number >= 0 or nothing");
            e.value = x;
          }
        }

        const auto before = log.activities.size();
        e.activity = intern(activity_index, log.activities, activity);
        if (log.activities.size() != before) {
          kinds.push_back(conversions.count(activity) ? ActivityKind::Conversion
                          : exits.count(activity)     ? ActivityKind::Exit
                                                      : ActivityKind::Regular);
          log.activity_rows.push_back(0);
          log.activity_first_row.push_back(row.row);
          std::uint32_t stage = kNone;
          if (c_stage) {
            const std::string st = trim(row.fields[*c_stage]);
            if (!st.empty()) stage = intern(stage_index, log.stages, st);
          }
          log.activity_stage.push_back(stage);
        }
        ++log.activity_rows[e.activity];
        if (c_kind) {
          const std::string k = trim(row.fields[*c_kind]);
          if (k == "conversion") {
            if (kinds[e.activity] == ActivityKind::Exit)
              throw row.error(*c_kind, "activity \"" + activity + "\" is a conversion here but an exit elsewhere; expected one kind per activity");
            kinds[e.activity] = ActivityKind::Conversion;
          } else if (k == "exit") {
            if (kinds[e.activity] == ActivityKind::Conversion)
              throw row.error(*c_kind, "activity \"" + activity + "\" is an exit here but a conversion elsewhere; expected one kind per activity");
            kinds[e.activity] = ActivityKind::Exit;
          } else if (!k.empty() && k != "regular") {
            throw row.error(*c_kind, "found \"" + row.fields[*c_kind] + "\" for the kind; expected regular, conversion, exit or nothing");
          }
        }

        std::string channel;
        if (c_channel) channel = trim(row.fields[*c_channel]);
        if (channel.empty() && !o.channel_map.empty()) {
          const auto m = o.channel_map.find(activity);
          if (m == o.channel_map.end())
            throw row.error(c_act, "found activity \"" + activity +
                                       "\" that the activity -> channel mapping does not list; expected one it lists");
          channel = m->second;
        }
        if (!channel.empty()) e.channel = intern(channel_index, log.channels, channel);

        auto [c, new_case] = case_index.try_emplace(case_id, static_cast<std::uint32_t>(log.cases.size()));
        if (new_case) {
          JourneyCase jc;
          jc.id = case_id;
          if (c_segment) {
            const std::string s = trim(row.fields[*c_segment]);
            if (!s.empty()) jc.segment = intern(segment_index, log.segments, s);
          }
          if (c_customer) jc.customer = trim(row.fields[*c_customer]);
          if (c_outcome) {
            const std::string s = trim(row.fields[*c_outcome]);
            if (!s.empty()) {
              jc.outcome = intern(outcome_index, log.outcomes, s);
              jc.converted_by_outcome = s == o.converted_outcome;
              jc.censored = std::find(o.censored_outcomes.begin(), o.censored_outcomes.end(), s) != o.censored_outcomes.end();
            }
          }
          log.cases.push_back(std::move(jc));
        }
        flat.push_back(e);
        flat_case.push_back(c->second);
      });
  case_index = {};

  if (log.rows == 0) fail(log.file, "no data rows; expected one row per event after the header");
  for (const auto& a : o.conversion_activities)
    if (!activity_index.count(a))
      fail(log.file, "conversion activity \"" + a + "\" never occurs in column \"" + o.activity_column + "\"");
  for (const auto& a : o.exit_activities)
    if (!activity_index.count(a))
      fail(log.file, "exit activity \"" + a + "\" never occurs in column \"" + o.activity_column + "\"");

  log.activity_kinds = std::move(kinds);
  log.has_timestamps = c_time.has_value();
  log.has_stages = c_stage.has_value();
  log.has_channels = c_channel.has_value() || !o.channel_map.empty();
  log.has_segments = c_segment.has_value();
  log.has_customers = c_customer.has_value();
  log.has_values = c_value.has_value();
  log.has_kinds = c_kind.has_value();
  log.has_outcomes = c_outcome.has_value();
  log.has_ends = c_end.has_value() || !c_durations.empty();

  // Counting sort by case (stable: file order within a case), then each case by time (stable).
  std::vector<std::uint64_t> start(log.cases.size() + 1, 0);
  for (const auto c : flat_case) ++start[c + 1];
  for (std::size_t i = 0; i < log.cases.size(); ++i) {
    start[i + 1] += start[i];
    log.cases[i].first = start[i];
    log.cases[i].count = static_cast<std::uint32_t>(start[i + 1] - start[i]);
  }
  log.events.resize(flat.size());
  for (std::size_t i = 0; i < flat.size(); ++i) log.events[start[flat_case[i]]++] = flat[i];
  std::vector<JourneyEvent>().swap(flat);
  std::vector<std::uint32_t>().swap(flat_case);
  if (log.has_timestamps)
    for (const auto& c : log.cases)
      std::stable_sort(log.events.begin() + static_cast<std::ptrdiff_t>(c.first),
                       log.events.begin() + static_cast<std::ptrdiff_t>(c.first + c.count),
                       [](const JourneyEvent& a, const JourneyEvent& b) { return a.time < b.time; });
  return log;
}

}  // namespace jsim::data
