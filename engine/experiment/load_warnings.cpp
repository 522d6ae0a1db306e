#include "experiment/load_warnings.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>

#include "experiment/number_text.hpp"
#include "model/error.hpp"

namespace jsim {

namespace {

constexpr std::uint32_t kWeekHours = 168;
constexpr std::array<const char*, 7> kDays = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

std::string hour_name(std::uint32_t hour_of_week) {
  return fmt::format("{} {:02}:00", kDays[hour_of_week / 24 % 7], hour_of_week % 24);
}

// Consecutive flagged hours as [from, to) ranges.
std::vector<WeekHours> ranges_of(const std::array<bool, kWeekHours>& flagged) {
  std::vector<WeekHours> out;
  for (std::uint32_t h = 0; h < kWeekHours; ++h) {
    if (!flagged[h]) continue;
    if (!out.empty() && out.back().to == h)
      out.back().to = h + 1;
    else
      out.push_back({h, h + 1});
  }
  return out;
}

std::optional<LoadWarning> overload(const Touchpoint& tp, const std::vector<std::uint64_t>& arrivals_by_hour,
                                    double horizon, double service) {
  // Pooled by hour of the week: four weeks give each hour four times the arrivals, halving the
  // noise of its load.
  std::array<double, kWeekHours> arrivals{}, open{};
  for (std::size_t k = 0; k < arrivals_by_hour.size(); ++k) {
    const double start = 3600.0 * static_cast<double>(k);
    if (start >= horizon) break;
    const std::size_t h = k % kWeekHours;
    arrivals[h] += static_cast<double>(arrivals_by_hour[k]);
    if (tp.hours.is_open(start)) open[h] += std::min(3600.0, horizon - start);
  }
  LoadWarning w;
  w.kind = LoadWarning::Kind::Overload;
  w.touchpoint = tp.id;
  w.servers = tp.servers;
  // Customers the servers can serve in each hour's open time; an hour at or above it is a
  // candidate, and consecutive candidates are judged together: a run of hours is overloaded when
  // its arrivals exceed its capacity by more than twice the Poisson standard deviation of a run at
  // exactly rho = 1. Judging runs rather than single hours keeps one busy hour that is high by
  // chance from warning, and a long overload from coming out in patches.
  std::array<double, kWeekHours> capacity{};
  for (std::uint32_t h = 0; h < kWeekHours; ++h) capacity[h] = static_cast<double>(tp.servers) * open[h] / service;
  const auto candidate = [&](std::uint32_t h) { return capacity[h] > 0.0 && arrivals[h] >= capacity[h]; };
  std::array<bool, kWeekHours> flagged{};
  for (std::uint32_t from = 0; from < kWeekHours;) {
    if (!candidate(from)) {
      ++from;
      continue;
    }
    std::uint32_t to = from;
    double n = 0.0, c = 0.0;
    for (; to < kWeekHours && candidate(to); ++to) {
      n += arrivals[to];
      c += capacity[to];
    }
    if (n >= c + 2.0 * std::sqrt(c)) {
      for (std::uint32_t h = from; h < to; ++h) {
        flagged[h] = true;
        const double load = arrivals[h] / capacity[h];
        if (load > w.peak_load) {
          w.peak_load = load;
          w.peak_hour = h;
        }
      }
    }
    from = to;
  }
  w.hours = ranges_of(flagged);
  if (w.hours.empty()) return std::nullopt;
  return w;
}

std::optional<LoadWarning> backlog(const Touchpoint& tp, const TouchpointRow& row, double service) {
  LoadWarning w;
  w.kind = LoadWarning::Kind::Backlog;
  w.touchpoint = tp.id;
  w.servers = tp.servers;
  w.waiting = row.unfinished_waits;
  w.backlog_hours = static_cast<double>(row.unfinished_waits) * service / (static_cast<double>(tp.servers) * 3600.0);
  if (w.backlog_hours < 1.0) return std::nullopt;
  return w;
}

}  // namespace

std::vector<LoadWarning> load_warnings(const Scenario& s, const RunResult& r) {
  std::vector<LoadWarning> out;
  if (!r.timed) return out;
  const TimeSeries& series = r.series;
  for (std::size_t q = 0; q < series.queue_touchpoints.size() && q < series.queue_arrivals.size(); ++q) {
    const std::optional<Index> u = s.find_touchpoint(series.queue_touchpoints[q]);
    if (!u || *u >= r.touchpoints.size()) continue;
    const Touchpoint& tp = s.touchpoints[*u];
    const double service = tp.service.mean();
    if (tp.servers == 0 || !(service > 0.0)) continue;
    if (auto w = overload(tp, series.queue_arrivals[q], r.horizon_seconds, service)) out.push_back(std::move(*w));
    if (auto w = backlog(tp, r.touchpoints[*u], service)) out.push_back(std::move(*w));
  }
  return out;
}

// Per warning: kind, touchpoint index, peak_load, peak_hour, servers, waiting, backlog_hours,
// the number of hour ranges, then each range's from and to. Every value is exact in a double.
std::vector<double> warning_numbers(const Scenario& s, const std::vector<LoadWarning>& warnings) {
  std::vector<double> out;
  for (const LoadWarning& w : warnings) {
    const std::optional<Index> u = s.find_touchpoint(w.touchpoint);
    if (!u) throw Error("load warning for touchpoint '" + w.touchpoint + "', which the scenario does not have");
    out.insert(out.end(), {static_cast<double>(w.kind), static_cast<double>(*u), w.peak_load,
                           static_cast<double>(w.peak_hour), static_cast<double>(w.servers),
                           static_cast<double>(w.waiting), w.backlog_hours, static_cast<double>(w.hours.size())});
    for (const WeekHours& h : w.hours) out.insert(out.end(), {static_cast<double>(h.from), static_cast<double>(h.to)});
  }
  return out;
}

std::vector<LoadWarning> warnings_from_numbers(const Scenario& s, std::span<const double> numbers) {
  std::vector<LoadWarning> out;
  std::size_t at = 0;
  const auto next = [&] {
    if (at >= numbers.size()) throw Error("load warnings: the numbers end in the middle of a warning");
    return numbers[at++];
  };
  while (at < numbers.size()) {
    LoadWarning w;
    w.kind = static_cast<LoadWarning::Kind>(next());
    const auto u = static_cast<std::size_t>(next());
    if (u >= s.touchpoints.size()) throw Error("load warnings: touchpoint index out of range");
    w.touchpoint = s.touchpoints[u].id;
    w.peak_load = next();
    w.peak_hour = static_cast<std::uint32_t>(next());
    w.servers = static_cast<std::uint32_t>(next());
    w.waiting = static_cast<std::uint64_t>(next());
    w.backlog_hours = next();
    for (auto n = static_cast<std::size_t>(next()); n > 0; --n) {
      const auto from = static_cast<std::uint32_t>(next());
      w.hours.push_back({from, static_cast<std::uint32_t>(next())});
    }
    out.push_back(std::move(w));
  }
  return out;
}

std::string week_hours_text(const std::vector<WeekHours>& hours, std::size_t most) {
  if (hours.size() == 1 && hours.front() == WeekHours{0, kWeekHours}) return "all week";
  // Each range cut at midnight into (day, from, to) pieces; pieces with the same time of day are
  // shown once with their days, in the order the times first occur in the week.
  struct Daily {
    std::uint32_t from, to;
    std::vector<std::uint32_t> days;
  };
  std::vector<Daily> daily;
  for (const WeekHours& range : hours) {
    for (std::uint32_t start = range.from; start < range.to;) {
      const std::uint32_t day = start / 24, end = std::min(range.to, (day + 1) * 24);
      const std::uint32_t from = start % 24, to = end - day * 24;
      auto it = std::find_if(daily.begin(), daily.end(), [&](const Daily& d) { return d.from == from && d.to == to; });
      if (it == daily.end()) it = daily.insert(daily.end(), Daily{from, to, {}});
      it->days.push_back(day);
      start = end;
    }
  }
  std::string text;
  for (std::size_t k = 0; k < daily.size(); ++k) {
    const Daily& d = daily[k];
    if (k == most) {
      text += fmt::format("; and {} more", daily.size() - k);
      break;
    }
    std::string days;
    for (std::size_t i = 0; i < d.days.size();) {
      std::size_t j = i;
      while (j + 1 < d.days.size() && d.days[j + 1] == d.days[j] + 1) ++j;
      if (!days.empty()) days += ',';
      days += kDays[d.days[i]];
      if (j > i) days.append("-").append(kDays[d.days[j]]);
      i = j + 1;
    }
    text += fmt::format("{}{} {:02}:00-{:02}:00", text.empty() ? "" : "; ", days, d.from, d.to);
  }
  return text;
}

std::string describe(const LoadWarning& w) {
  if (w.kind == LoadWarning::Kind::Overload)
    return fmt::format("{}: offered load at or above capacity {} (peak {:.2f}x capacity, {}): the queue grows in those hours",
                       w.touchpoint, week_hours_text(w.hours, 4), w.peak_load, hour_name(w.peak_hour));
  return fmt::format("{}: {} customers still waiting when the horizon ended ({} h of work for its {} servers): "
                     "the queue does not empty by the horizon",
                     w.touchpoint, group_thousands(fmt::format("{}", w.waiting)), grouped_number(w.backlog_hours, 1),
                     w.servers);
}

}  // namespace jsim
