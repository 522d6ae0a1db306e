#include "data/event_log.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <unordered_map>
#include <unordered_set>

#include "data/csv_table.hpp"
#include "model/calendar_time.hpp"

namespace jsim::data {

namespace {

enum class Role : std::uint8_t { Touch, Conversion, Ignored };

// An (activity, channel) pair seen in the log; events refer to it by index.
struct Symbol {
  std::string activity, channel;
  Role role = Role::Touch;
  std::optional<State> state;  // named in the accumulator when first used in a path
};

// What the reader holds per event until every row is read: 16 bytes. Values are rare
// (purchases), so they live apart and an event only points at its own (0 = none).
struct Event {
  double time;
  std::uint32_t symbol;
  std::uint32_t value;  // 1 + index into Log::values, or 0
};
static_assert(sizeof(Event) == 16);

}  // namespace

std::optional<double> parse_timestamp(const std::string& text) {
  const std::string s = trim(text);
  if (s.empty()) return std::nullopt;
  if (auto t = parse_iso8601(s)) return t;
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (end == s.c_str() + s.size() && std::isfinite(v)) return v;
  return std::nullopt;
}

PathData read_event_log(const std::filesystem::path& file, const EventLogOptions& o) {
  if (o.conversion_activities.empty() && !o.outcome_column && !o.kind_column)
    throw Error("event log: no conversion rule; expected conversion activities, a kind column and/or an outcome column");
  if (o.level == PathLevel::Channel && !o.channel_column && o.channel_map.empty())
    throw Error("event log: channel level needs a channel column or an activity -> channel mapping");
  if (o.half_life && !(*o.half_life > 0.0 && std::isfinite(*o.half_life)))
    throw Error("event log: half-life must be a positive number of seconds");
  if (o.half_life && o.timestamp_column.empty())
    throw Error("event log: time decay (a half-life) needs a timestamp column");

  const std::unordered_set<std::string> conversions(o.conversion_activities.begin(), o.conversion_activities.end());
  const std::unordered_set<std::string> ignored(o.ignored_activities.begin(), o.ignored_activities.end());

  // Memory held until the last row is read, which sorting events by case needs: per event an
  // Event (16 bytes, plus vector growth slack of up to the same again), per case its id string,
  // a hash-map entry and a vector header, per distinct (activity, channel) one Symbol, and one
  // double per event that carries a value. Nothing else grows with the file.
  std::unordered_map<std::string, std::uint32_t> case_index;
  std::vector<std::vector<Event>> cases;
  std::vector<std::uint8_t> outcome_converted;
  std::vector<double> values;
  std::unordered_map<std::string, std::uint32_t> symbol_index;
  std::vector<Symbol> symbols;

  std::size_t c_case = 0, c_act = 0;
  std::optional<std::size_t> c_time, c_channel, c_value, c_outcome, c_kind;
  std::string key;

  read_csv(
      file, CsvOptions{o.delimiter},
      [&](const CsvHeader& h) {
        c_case = h.require(o.case_column, "the case id");
        c_act = h.require(o.activity_column, "the activity");
        if (!o.timestamp_column.empty()) c_time = h.require(o.timestamp_column, "the timestamp");
        if (o.channel_column) c_channel = h.require(*o.channel_column, "the channel");
        if (o.value_column) c_value = h.require(*o.value_column, "the conversion value");
        if (o.outcome_column) c_outcome = h.require(*o.outcome_column, "the case outcome");
        if (o.kind_column) c_kind = h.require(*o.kind_column, "the kind of the touchpoint");
      },
      [&](const CsvRow& row) {
        const std::string& case_id = row.fields[c_case];
        if (case_id.empty()) throw row.error(c_case, "found an empty case id; expected the id of the event's case");
        const std::string& activity = row.fields[c_act];
        if (activity.empty()) throw row.error(c_act, "found an empty activity; expected the event's activity name");

        double time = 0.0;
        if (c_time) {
          const auto t = parse_timestamp(row.fields[*c_time]);
          if (!t)
            throw row.error(*c_time, "found \"" + row.fields[*c_time] +
                                         "\" for the timestamp; expected ISO 8601 (2026-01-05, 2026-01-05T09:13:02, "
                                         "2026-01-05T09:13:02.250Z, 2026-01-05T09:13:02+01:00) or a number of seconds");
          time = *t;
        }

        // The event's channel, when the log or the mapping gives one.
        std::string channel;
        std::size_t channel_col = c_act;
        if (c_channel) channel = row.fields[*c_channel], channel_col = *c_channel;
        if (channel.empty() && !o.channel_map.empty()) {
          const auto m = o.channel_map.find(activity);
          if (m != o.channel_map.end()) channel = m->second;
        }
        key.assign(activity).push_back('\x1f');
        key.append(channel);
        auto [sym, added] = symbol_index.try_emplace(key, static_cast<std::uint32_t>(symbols.size()));
        if (added) {
          Symbol s;
          s.activity = activity;
          s.channel = channel;
          s.role = conversions.count(activity) ? Role::Conversion : ignored.count(activity) ? Role::Ignored : Role::Touch;
          if (c_kind) {
            const std::string kind = trim(row.fields[*c_kind]);
            if (kind == "conversion") s.role = Role::Conversion;
            else if (kind == "exit") s.role = Role::Ignored;
          }
          if (s.role == Role::Touch && channel.empty()) {
            if (o.level == PathLevel::Channel)
              throw row.error(channel_col, "found no channel for activity \"" + activity + "\"; expected " +
                                               (c_channel ? "a channel in column \"" + *o.channel_column + "\"" +
                                                                (o.channel_map.empty() ? "" : " or the mapping")
                                                          : "the activity in the activity -> channel mapping"));
            if (!o.channel_map.empty())
              throw row.error(c_act, "found activity \"" + activity +
                                         "\" that the activity -> channel mapping does not list; expected one it lists");
            s.channel = activity;  // no channel information: each activity is its own channel
          }
          symbols.push_back(std::move(s));
        }

        std::uint32_t value_ref = 0;
        if (c_value) {
          const std::string v = trim(row.fields[*c_value]);
          if (!v.empty()) {
            char* end = nullptr;
            const double x = std::strtod(v.c_str(), &end);
            if (end != v.c_str() + v.size() || !std::isfinite(x) || x < 0.0)
              throw row.error(*c_value, "found \"" + row.fields[*c_value] +
                                            "\" for the conversion value; expected a non-negative number or nothing");
            if (x != 0.0) values.push_back(x), value_ref = static_cast<std::uint32_t>(values.size());
          }
        }

        auto [c, new_case] = case_index.try_emplace(case_id, static_cast<std::uint32_t>(cases.size()));
        if (new_case) cases.emplace_back(), outcome_converted.push_back(0);
        cases[c->second].push_back(Event{time, sym->second, value_ref});
        if (c_outcome && trim(row.fields[*c_outcome]) == o.converted_outcome) outcome_converted[c->second] = 1;
      });
  case_index = {};
  symbol_index = {};

  const PathLevel level = o.level;
  PathAccumulator acc(level, o.half_life);
  auto state_of = [&](Symbol& s) {
    if (!s.state) s.state = level == PathLevel::Channel ? acc.state(s.channel) : acc.state(s.activity, s.channel);
    return *s.state;
  };
  std::vector<State> touches;
  std::vector<double> times;
  for (std::size_t ci = 0; ci < cases.size(); ++ci) {
    auto& events = cases[ci];
    // Stable: events with equal times keep their file order.
    if (c_time) std::stable_sort(events.begin(), events.end(), [](const Event& a, const Event& b) { return a.time < b.time; });
    double case_value = 0.0;  // the case's first value, for conversions whose event carries none
    for (const auto& e : events)
      if (e.value) {
        case_value = values[e.value - 1];
        break;
      }
    touches.clear();
    times.clear();
    bool converted = false;
    double value = 0.0, conversion_time = 0.0;
    for (const auto& e : events) {
      Symbol& s = symbols[e.symbol];
      if (s.role == Role::Conversion) {
        converted = true;
        conversion_time = e.time;
        value = e.value ? values[e.value - 1] : case_value;
        break;
      }
      if (s.role == Role::Ignored) continue;
      touches.push_back(state_of(s));
      times.push_back(e.time);
    }
    if (!converted && outcome_converted[ci]) {
      converted = true;
      conversion_time = events.back().time;  // no conversion event: the case's last event
      value = case_value;
    }
    acc.add(touches, converted, value, 1, c_time ? times : std::vector<double>{}, conversion_time);
    std::vector<Event>().swap(events);
  }
  return acc.take();
}

}  // namespace jsim::data
