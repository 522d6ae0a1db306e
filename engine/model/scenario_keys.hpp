#pragma once
// The keys the scenario format allows at each place (docs/scenario-format.md). The loader reads
// by them, and a --set path is checked against them (model/overrides.cpp), so both agree on
// what "unknown key" means.
#include <array>
#include <string_view>

namespace jsim::keys {

inline constexpr std::array<std::string_view, 9> kTop{"scenario", "stages",  "channels", "touchpoints", "transitions",
                                                      "entry",    "personas", "arrivals", "design"};
inline constexpr std::array<std::string_view, 9> kSettings{"name",    "description",       "seed",   "population", "max_steps",
                                                           "horizon", "silence_threshold", "window", "start"};
inline constexpr std::array<std::string_view, 3> kChannel{"id", "kind", "integration"};
inline constexpr std::array<std::string_view, 15> kTouchpoint{
    "id",           "channel",         "stage",        "kind", "friction",   "cost",        "service",    "servers",
    "hours",        "order_value",     "service_quality", "personalised", "cart", "fixed_cost", "server_cost"};
inline constexpr std::array<std::string_view, 3> kHours{"open", "close", "days"};
inline constexpr std::array<std::string_view, 2> kTransition{"from", "to"};
inline constexpr std::array<std::string_view, 3> kTarget{"touchpoint", "weight", "delay"};  // a transition's `to` item
inline constexpr std::array<std::string_view, 2> kEntry{"touchpoint", "weight"};            // an `entry` item
inline constexpr std::array<std::string_view, 12> kPersona{
    "id",          "share",       "affinity",    "friction_sensitivity", "order_value_multiplier", "entry",
    "patience",    "max_retries", "retry_delay", "base_satisfaction",    "repeat_probability",     "repeat_delay"};
inline constexpr std::array<std::string_view, 2> kArrivals{"hourly", "weekly"};
// Every key of some distribution kind (each kind allows its own few: model/yaml_reader.cpp).
inline constexpr std::array<std::string_view, 8> kDistribution{"dist", "value", "mean",   "sd",
                                                               "min",  "max",   "values", "weights"};

}  // namespace jsim::keys
