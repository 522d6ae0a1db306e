#pragma once
// Scenario discovery (`jsim discover`): fitting a scenario (docs/scenario-format.md) to observed
// journeys, from an event log (data/journey_log.hpp) or a path file (data/path_file.hpp). The
// estimators are stated in docs/discover.md; each fitted number keeps the counts behind it so the
// YAML writer can say how many observations support it.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "data/journey_log.hpp"
#include "data/journey_paths.hpp"

namespace jsim::data {

struct DiscoveryOptions {
  std::string name = "discovered";  // scenario.name (sanitised to an id)
  std::string source;               // the input's path, for the header comment
  std::uint64_t seed = 1;
  bool untimed = false;  // write an untimed scenario even when the log has timestamps
  // Several personas: fit per-persona channel affinities with the transition weights (ML);
  // false: transition weights are the pooled move counts and affinities stay 1.
  bool affinity = true;
  // Timed logs with a customer column: a customer's case that follows one of its converted cases
  // is a repeat journey (persona repeat_probability, repeat_delay) rather than a new agent.
  bool repeats = true;
};

// A fitted duration or money distribution.
struct FittedDistribution {
  enum class Kind { None, Fixed, Exponential, Lognormal } kind = Kind::None;
  double mean = 0.0, sd = 0.0;
  std::uint64_t n = 0;      // observations fitted
  std::uint64_t zeros = 0;  // durations: observations of 0 left out of the fit
  double aic_exponential = 0.0, aic_lognormal = 0.0;  // durations fitted both ways (n >= 2)
};

struct DiscoveredMove {
  std::uint32_t to = 0;
  std::uint64_t count = 0;
  double weight = 0.0;                   // written weight: count, or fitted with affinities
  std::vector<std::uint64_t> by_persona;  // moves per persona
  std::vector<double> gaps;  // timed: seconds from leaving `from` to arriving at `to`, one per move
  FittedDistribution delay;
};

struct DiscoveredTouchpoint {
  std::string id;
  std::string activity, channel_name;  // as in the input
  std::uint32_t channel = 0, stage = 0;
  enum class Kind { Regular, Conversion, Exit } kind = Kind::Regular;
  bool dead_end = false;      // regular in the log, but no move out observed: written as an exit
  std::uint64_t visits = 0;   // all arrivals (journeys truncated at their first terminal touch)
  std::uint64_t decided = 0;  // regular: visits after which the journey moved on or ended (censored ends excluded)
  std::uint64_t abandons = 0; // regular: journeys that ended here without converting (not censored)
  std::uint64_t censored = 0; // regular: journeys still going here when the log stopped
  double friction = 0.0;
  std::vector<DiscoveredMove> moves;
  std::vector<double> service_samples, values;
  FittedDistribution service, order_value;
  // Capacity, from logs with waits: a touchpoint where customers waited is capacity-limited, and
  // its servers are the most customers seen in service at once (a lower bound for a sampled log).
  std::uint64_t waited = 0;                          // visits with a wait > 0
  std::vector<std::pair<double, double>> in_service;  // [service start, end) of its visits
  std::uint32_t servers = 0;                          // 0: no queue seen
};

struct DiscoveredPersona {
  std::string id, segment;  // segment: as in the input ("" = no segment column)
  std::uint64_t journeys = 0, conversions = 0, censored = 0;
  double share = 1.0, sensitivity = 1.0;
  std::vector<std::uint64_t> entry;               // first-touch counts per touchpoint
  std::vector<std::uint64_t> decided, abandons;  // per touchpoint
  std::vector<double> affinity;                   // per channel; empty: all 1
  // Repeat journeys (timed logs with customers).
  std::uint64_t agents = 0;            // cases that are not repeats: the persona's arrivals
  std::uint64_t repeat_chances = 0;    // converted cases (each could be followed by a repeat)
  std::uint64_t repeats = 0;           // of which were followed by one
  double repeat_per_conversion = 0.0;  // P(repeat | converted), ML with censoring at the horizon
  double repeat_probability = 0.0;     // written: repeat_per_conversion / 0.9 (mean satisfaction / 10), at most 1
  FittedDistribution repeat_delay;     // exponential, ML with censoring
};

struct DiscoveredScenario {
  std::string name, source, input_kind;  // input_kind: "event log" or "path file"
  std::uint64_t rows = 0, journeys = 0, conversions = 0, censored = 0, empty_journeys = 0;
  std::vector<std::string> stages;
  struct Channel {
    std::string id, source, kind;
    bool kind_guessed = true;
  };
  std::vector<Channel> channels;
  bool channels_from_activities = false;  // no channel column: each activity is its own channel
  std::vector<DiscoveredTouchpoint> touchpoints;
  std::vector<std::uint64_t> entry;  // first-touch counts per touchpoint, all journeys
  std::vector<DiscoveredPersona> personas;
  std::uint64_t seed = 1;
  bool affinity_fitted = false;
  bool repeats_fitted = false;
  std::uint64_t agents = 0;  // journeys that are not repeats (= journeys without repeats)
  // Timed scenarios.
  bool timed = false;
  double start = 0.0;  // unix seconds, midnight UTC of the first journey's day
  int horizon_days = 0;
  double first_time = 0.0, last_time = 0.0;
  std::array<double, 24> hourly_starts{};  // journey starts per hour of day (UTC, from `start`)
  std::array<double, 7> day_starts{};      // per day of the horizon modulo 7 (day 0 = start's weekday)
  std::array<double, 7> day_exposure{};    // how many horizon days fall on each of those 7 positions
  int start_weekday = 0;                   // 0 = Monday
  bool times_are_offsets = false;          // plain seconds in the log: offsets from the default start
};

// Fit from an event log. Throws jsim::ScenarioError ("FILE: message") when the log cannot make a
// scenario: no journey converts, or no regular touchpoint.
[[nodiscard]] DiscoveredScenario discover_from_log(const JourneyLog& log, const DiscoveryOptions& options);
// Fit from a path file (untimed; touchpoints = path states, one conversion touchpoint `conversion`).
[[nodiscard]] DiscoveredScenario discover_from_paths(const PathData& paths, const std::string& file,
                                                     const DiscoveryOptions& options);

// Per persona, what the written scenario gives (from jsim::analyze_exact of the loaded YAML), to
// print next to what the log shows.
struct DiscoveryCheck {
  double conversion_exact = 0.0;
  std::vector<double> persona_conversion_exact;
};

// The scenario as commented YAML, in the layout of the hand-written scenarios. `check`, when given,
// adds the exact conversion of the written scenario next to the observed one in the header.
[[nodiscard]] std::string write_discovered_yaml(const DiscoveredScenario& d, const std::optional<DiscoveryCheck>& check,
                                                const std::string& date);

// Maximum-likelihood duration fit: exponential vs lognormal on the positive observations, the one
// with the lower AIC; zeros are counted and left out. None when there are no positive observations
// or when zeros are at least as many as positives (an immediate move: no delay).
[[nodiscard]] FittedDistribution fit_duration(const std::vector<double>& xs);

}  // namespace jsim::data
