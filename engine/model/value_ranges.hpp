#pragma once
// The range each kind of number in a scenario must lie in (docs/scenario-format.md, "Limits"),
// and the words a value outside it is told with: the YAML reader (which quotes the value as
// written) and validate() (which quotes the value held) say the same.
#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "model/scenario.hpp"

namespace jsim {

// Durations are in seconds, at most limits::kMaxDurationSeconds; AnyDuration (a lognormal's mean
// and sd, bounded by its median instead) has no upper bound.
enum class Range { NonNegative, Probability, UnitInterval, Duration, PositiveDuration, AnyDuration, Money };

// "expected a probability in [0, 1]" when v is outside r, else nothing.
[[nodiscard]] std::optional<std::string> out_of_range(double v, Range r);
// "expected a number in [lo, hi]" when v is outside, else nothing.
[[nodiscard]] std::optional<std::string> out_of_range(double v, double lo, double hi);

// A number as messages print it (6 significant digits: 0.1, 1e+09).
[[nodiscard]] std::string number_text(double v);

// The `design` section (v3): every key is one number of Design, in the range its row says.
struct DesignKey {
  std::string_view key;
  double Design::*member;
  Range range;
};
inline constexpr std::array<DesignKey, 16> kDesignKeys{{
    {"integration", &Design::integration, Range::Probability},
    {"consistent_messaging", &Design::consistent_messaging, Range::Probability},
    {"personalisation", &Design::personalisation, Range::Probability},
    {"personalisation_lift", &Design::personalisation_lift, Range::NonNegative},
    {"repeat_effort", &Design::repeat_effort, Range::NonNegative},
    {"repeat_time", &Design::repeat_time, Range::Duration},
    {"inconsistency_effort", &Design::inconsistency_effort, Range::NonNegative},
    {"trust_penalty", &Design::trust_penalty, Range::NonNegative},
    {"wait_effort", &Design::wait_effort, Range::NonNegative},
    {"wait_unit", &Design::wait_unit, Range::PositiveDuration},
    {"renege_effort", &Design::renege_effort, Range::NonNegative},
    {"frustration_weight", &Design::frustration_weight, Range::NonNegative},
    {"satisfaction_per_frustration", &Design::satisfaction_per_frustration, Range::NonNegative},
    {"annual_discount_rate", &Design::annual_discount_rate, Range::NonNegative},
    {"cost", &Design::cost, Range::Money},
    {"margin", &Design::margin, Range::UnitInterval},
}};

}  // namespace jsim
