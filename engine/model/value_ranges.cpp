#include "model/value_ranges.hpp"

#include <sstream>

#include "model/limits.hpp"

namespace jsim {

std::string number_text(double v) {
  std::ostringstream os;
  os << v;
  return os.str();
}

std::optional<std::string> out_of_range(double v, double lo, double hi) {
  if (v >= lo && v <= hi) return std::nullopt;
  return "expected a number in [" + number_text(lo) + ", " + number_text(hi) + "]";
}

std::optional<std::string> out_of_range(double v, Range r) {
  // The first bound broken is the one told, as a reader checking them in turn would.
  switch (r) {
    case Range::NonNegative:
      if (v < 0) return "expected a number >= 0";
      break;
    case Range::Probability:
      if (v < 0 || v > 1) return "expected a probability in [0, 1]";
      break;
    case Range::UnitInterval: return out_of_range(v, 0, 1);
    case Range::Duration:
    case Range::PositiveDuration:
    case Range::AnyDuration:
      if (v < 0) return "expected a duration >= 0";
      if (r == Range::AnyDuration) break;
      if (v > limits::kMaxDurationSeconds)
        return "expected a duration of at most " + number_text(limits::kMaxDurationDays) + "d (10 years)";
      if (r == Range::PositiveDuration && v <= 0) return "expected a duration > 0";
      break;
    case Range::Money:
      if (v < 0) return "expected a number >= 0";
      if (v > limits::kMaxMoney) return "expected an amount of money of at most " + number_text(limits::kMaxMoney);
      break;
  }
  return std::nullopt;
}

}  // namespace jsim
