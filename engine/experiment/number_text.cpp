#include "experiment/number_text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace jsim {

std::string group_thousands(const std::string& s) {
  const std::size_t start = (!s.empty() && (s[0] == '-' || s[0] == '+')) ? 1 : 0;
  const std::size_t end = std::min(s.find('.'), s.size());
  std::string out = s.substr(0, start);
  for (std::size_t i = start; i < end; ++i) {
    out += s[i];
    const std::size_t left = end - i - 1;
    if (left > 0 && left % 3 == 0) out += ',';
  }
  out.append(s, end, std::string::npos);
  return out;
}

std::string grouped_number(double x, int decimals) {
  if (!std::isfinite(x)) return "n/a";
  std::string s = fmt::format("{:.{}f}", x, decimals);
  if (s.find_first_not_of("-0.") == std::string::npos) s = fmt::format("{:.{}f}", 0.0, decimals);  // no "-0.00"
  return group_thousands(s);
}

std::string duration_text(double seconds) {
  if (!std::isfinite(seconds)) return "n/a";
  const double a = std::fabs(seconds);
  if (a < 90.0) return grouped_number(seconds, a < 10.0 ? 1 : 0) + " s";
  if (a < 3600.0) return grouped_number(seconds / 60.0, 1) + " min";
  if (a < 172800.0) return grouped_number(seconds / 3600.0, 1) + " h";
  return grouped_number(seconds / 86400.0, 1) + " d";
}

}  // namespace jsim
