#include "model/calendar_time.hpp"

#include <chrono>
#include <cmath>

namespace jsim {
namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
long long days_from_civil(long long y, unsigned m, unsigned d) {
  y -= m <= 2;
  const long long era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long long>(doe) - 719468;
}

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

// Reads exactly n digits at s[i..]; advances i.
bool digits(std::string_view s, std::size_t& i, int n, int& out) {
  if (i + static_cast<std::size_t>(n) > s.size()) return false;
  out = 0;
  for (int k = 0; k < n; ++k, ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

}  // namespace

std::optional<double> parse_iso8601(std::string_view s) {
  std::size_t i = 0;
  int y, mo, d;
  if (!digits(s, i, 4, y) || i >= s.size() || s[i++] != '-' || !digits(s, i, 2, mo) || i >= s.size() ||
      s[i++] != '-' || !digits(s, i, 2, d))
    return std::nullopt;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (mo < 1 || mo > 12 || d < 1 || d > kDays[mo - 1] + (mo == 2 && leap(y))) return std::nullopt;
  double t = static_cast<double>(days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d))) * 86400.0;
  if (i == s.size()) return t;  // a date alone: its midnight, UTC
  if (s[i] != 'T' && s[i] != 't' && s[i] != ' ') return std::nullopt;
  ++i;
  int h, mi, sec = 0;
  if (!digits(s, i, 2, h) || i >= s.size() || s[i++] != ':' || !digits(s, i, 2, mi)) return std::nullopt;
  double frac = 0.0;
  if (i < s.size() && s[i] == ':') {
    ++i;
    if (!digits(s, i, 2, sec)) return std::nullopt;
    if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
      ++i;
      double scale = 0.1;
      const std::size_t from = i;
      for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i, scale /= 10) frac += (s[i] - '0') * scale;
      if (i == from) return std::nullopt;
    }
  }
  if (h > 23 || mi > 59 || sec > 60) return std::nullopt;  // 60: a leap second
  t += h * 3600.0 + mi * 60.0 + sec + frac;
  if (i == s.size()) return t;  // no zone: taken as UTC
  if ((s[i] == 'Z' || s[i] == 'z') && i + 1 == s.size()) return t;
  if (s[i] != '+' && s[i] != '-') return std::nullopt;
  const int sign = s[i++] == '+' ? 1 : -1;
  int oh, om = 0;
  if (!digits(s, i, 2, oh)) return std::nullopt;
  if (i < s.size()) {
    if (s[i] == ':') ++i;
    if (!digits(s, i, 2, om)) return std::nullopt;
  }
  if (i != s.size() || oh > 23 || om > 59) return std::nullopt;
  return t - sign * (oh * 3600.0 + om * 60.0);  // local time minus offset = UTC
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
