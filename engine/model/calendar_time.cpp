#include "model/calendar_time.hpp"

#include <chrono>
#include <cmath>

namespace jsim {
namespace {

// Reads exactly n digits at text[pos], advancing pos.
std::optional<int> digits(std::string_view text, std::size_t& pos, int n) {
  if (pos + static_cast<std::size_t>(n) > text.size()) return std::nullopt;
  int v = 0;
  for (int i = 0; i < n; ++i) {
    const char c = text[pos + static_cast<std::size_t>(i)];
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  pos += static_cast<std::size_t>(n);
  return v;
}

bool take(std::string_view text, std::size_t& pos, char c) {
  if (pos < text.size() && text[pos] == c) return ++pos, true;
  return false;
}

}  // namespace

std::optional<double> parse_iso8601(std::string_view text) {
  using namespace std::chrono;
  std::size_t pos = 0;
  const auto y = digits(text, pos, 4);
  if (!y || !take(text, pos, '-')) return std::nullopt;
  const auto mo = digits(text, pos, 2);
  if (!mo || !take(text, pos, '-')) return std::nullopt;
  const auto d = digits(text, pos, 2);
  if (!d) return std::nullopt;
  const year_month_day date{year{*y}, month{static_cast<unsigned>(*mo)}, day{static_cast<unsigned>(*d)}};
  if (!date.ok()) return std::nullopt;
  double seconds = static_cast<double>(sys_days{date}.time_since_epoch().count()) * 86400.0;
  if (pos == text.size()) return seconds;
  if (!take(text, pos, 'T') && !take(text, pos, ' ')) return std::nullopt;
  const auto h = digits(text, pos, 2);
  if (!h || *h > 23 || !take(text, pos, ':')) return std::nullopt;
  const auto mi = digits(text, pos, 2);
  if (!mi || *mi > 59) return std::nullopt;
  double s = 0.0;
  if (take(text, pos, ':')) {
    const auto sec = digits(text, pos, 2);
    if (!sec || *sec > 60) return std::nullopt;
    s = *sec;
    if (take(text, pos, '.') || take(text, pos, ',')) {
      double scale = 0.1;
      const std::size_t first = pos;
      while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') s += scale * (text[pos++] - '0'), scale /= 10;
      if (pos == first) return std::nullopt;
    }
  }
  seconds += *h * 3600.0 + *mi * 60.0 + s;
  if (pos == text.size() || take(text, pos, 'Z')) return pos == text.size() ? std::optional(seconds) : std::nullopt;
  const char sign = text[pos];
  if (sign != '+' && sign != '-') return std::nullopt;
  ++pos;
  const auto oh = digits(text, pos, 2);
  if (!oh || *oh > 23) return std::nullopt;
  take(text, pos, ':');
  const auto om = digits(text, pos, 2);
  if (!om || *om > 59 || pos != text.size()) return std::nullopt;
  const double offset = *oh * 3600.0 + *om * 60.0;
  return sign == '+' ? seconds - offset : seconds + offset;
}

void write_iso8601(double unix_seconds, char* out) {
  using namespace std::chrono;
  const auto ms = static_cast<std::int64_t>(std::llround(unix_seconds * 1000.0));
  const auto day_count = static_cast<std::int64_t>(std::floor(static_cast<double>(ms) / 86400000.0));
  const std::int64_t in_day = ms - day_count * 86400000;
  const year_month_day date{sys_days{days{day_count}}};
  const auto put = [&](std::size_t at, std::int64_t v, int width) {
    for (int i = width - 1; i >= 0; --i, v /= 10) out[at + static_cast<std::size_t>(i)] = static_cast<char>('0' + v % 10);
  };
  put(0, static_cast<int>(date.year()), 4);
  out[4] = '-';
  put(5, static_cast<unsigned>(date.month()), 2);
  out[7] = '-';
  put(8, static_cast<unsigned>(date.day()), 2);
  out[10] = 'T';
  put(11, in_day / 3600000, 2);
  out[13] = ':';
  put(14, in_day / 60000 % 60, 2);
  out[16] = ':';
  put(17, in_day / 1000 % 60, 2);
  out[19] = '.';
  put(20, in_day % 1000, 3);
  out[23] = 'Z';
}

std::string format_iso8601(double unix_seconds) {
  std::string s(kIso8601Length, ' ');
  write_iso8601(unix_seconds, s.data());
  return s;
}

}  // namespace jsim
