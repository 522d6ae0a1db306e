#pragma once
// The immutable model description: what a scenario YAML says, after validation.
// Built once by load_scenario(); the simulation only ever sees `const Scenario&`.
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "model/distribution.hpp"

namespace jsim {

using Index = std::uint32_t;
inline constexpr Index kNoIndex = static_cast<Index>(-1);

enum class ChannelKind { Digital, Physical, Assisted };
enum class TouchpointKind { Regular, Conversion, Exit };

struct Channel {
  std::string id;
  ChannelKind kind = ChannelKind::Digital;
  double integration = -1.0;  // chance context survives a switch into this channel; < 0: design.integration
};

// Weekly opening hours as a 168-bit mask, hour-of-week 0 = Monday 00:00.
struct OpeningHours {
  std::array<bool, 168> open{};  // all false until filled
  bool always_open = true;

  [[nodiscard]] bool is_open(double t_seconds) const;
  // Earliest time >= t at which the touchpoint is open (t itself if open now).
  [[nodiscard]] double next_open(double t_seconds) const { return always_open ? t_seconds : next_open_slow(t_seconds); }
  // Length of the opening period that starts at `opening` (a time next_open returned).
  [[nodiscard]] double open_period_length(double opening) const;
  // Seconds open within [0, horizon).
  [[nodiscard]] double open_seconds(double horizon) const;

 private:
  [[nodiscard]] double next_open_slow(double t_seconds) const;
};

struct Touchpoint {
  std::string id;
  Index channel = 0;
  Index stage = 0;
  TouchpointKind kind = TouchpointKind::Regular;
  double friction = 0.0;      // base probability of abandoning here (before persona sensitivity)
  double cost = 0.0;          // cost per visit, in currency units
  Distribution service;       // time spent here (seconds); Distribution::none() = instantaneous
  std::uint32_t servers = 0;  // 0 = unlimited capacity (no queue)
  OpeningHours hours;
  Distribution order_value;   // conversion touchpoints only
  // Omnichannel mechanics (v3; neutral defaults reproduce v1/v2).
  double service_quality = 0.0;  // frustration relieved by a visit here (good service)
  bool personalised = false;     // a recommendation target: personalisation raises the weight of moving here
  bool cart = false;             // progress is built here (a cart, a form): lost on a switch without context
  // Costs for planners, beyond `cost` per visit (timed scenarios: per day of the horizon).
  double fixed_cost = 0.0;       // per day
  double server_cost = 0.0;      // per server per day (staff, seats)
  [[nodiscard]] bool terminal() const { return kind != TouchpointKind::Regular; }
  [[nodiscard]] bool capacity_limited() const { return servers > 0; }
};

struct Transition {
  Index to = 0;
  double weight = 0.0;
  Distribution delay;  // time until the next touch (seconds); none() = immediate
};

struct WeightedTouchpoint {
  Index touchpoint = 0;
  double weight = 0.0;
};

struct Persona {
  std::string id;
  double share = 0.0;
  std::vector<double> affinity;  // one per channel, default 1: multiplies transition weights into that channel
  double friction_sensitivity = 1.0;
  double order_value_multiplier = 1.0;
  std::vector<WeightedTouchpoint> entry;  // empty = scenario entry
  Distribution patience;                  // time one waits in a queue before reneging; none() = infinite
  std::uint32_t max_retries = 0;          // how often one comes back after reneging
  Distribution retry_delay;               // time before coming back after reneging
  // Post-purchase behaviour (v3).
  double base_satisfaction = 9.0;         // 0-10 satisfaction after a frictionless purchase
  double repeat_probability = 0.0;        // chance a fully satisfied customer starts another journey
  Distribution repeat_delay;              // time from the end of a journey to the next one
};

// Omnichannel design knobs and the effort model (docs/model.md, "Omnichannel mechanics").
// The knobs default to neutral (integration 1, consistent messaging 1, personalisation 0: v1/v2 results
// without queues), but waiting and reneging add frustration by default (wait_effort, renege_effort).
struct Design {
  double integration = 1.0;           // share of context that survives a channel switch (unified customer data)
  double consistent_messaging = 1.0;  // 1 = the same message everywhere
  double personalisation = 0.0;       // strength of recommendations toward `personalised` touchpoints
  double personalisation_lift = 1.0;  // weight x (1 + lift x personalisation x integration)
  double repeat_effort = 1.0;         // frustration when context is lost on a switch (doubled if a cart is lost)
  double repeat_time = 120.0;         // seconds added to the next visit when the customer must repeat themselves
  double inconsistency_effort = 0.5;  // frustration per switch x (1 - consistent_messaging)
  double trust_penalty = 0.5;         // first-stage friction x (1 + trust_penalty x (1 - consistent_messaging))
  double wait_effort = 1.0;           // frustration per `wait_unit` spent queueing
  double wait_unit = 600.0;           // seconds
  double renege_effort = 1.5;         // frustration from a failed attempt (reneging from a queue)
  double frustration_weight = 0.3;    // beta: abandonment hazard grows as 1 - exp(-beta x sensitivity x frustration)
  double satisfaction_per_frustration = 1.0;  // satisfaction points lost per unit of frustration
  double annual_discount_rate = 0.10;  // for CLTV beyond the horizon
  double cost = 0.0;                   // one-off cost of the design over the horizon (e.g. an integration project)
  double margin = 1.0;                 // gross margin on revenue: profit = margin x revenue - cost
};


// Arrivals over the horizon: a Poisson process whose rate is proportional to hourly x weekly.
struct ArrivalProfile {
  std::array<double, 24> hourly{};  // multipliers per hour of day
  std::array<double, 7> weekly{};   // multipliers per day of week, Monday first
  [[nodiscard]] double rate_multiplier(std::size_t hour_of_week) const {
    return hourly[hour_of_week % 24] * weekly[hour_of_week / 24];
  }
};

struct Scenario {
  std::string source_file;  // path it was loaded from
  std::string source_text;  // the YAML text, recorded in results
  std::vector<std::string> settings;  // the --set settings applied, "PATH=VALUE" each, recorded in results
  std::vector<std::string> setting_notes;  // what applying them also changed (persona shares rescaled to sum to 1)
  std::string name;
  std::string description;
  std::uint64_t seed = 1;
  std::uint64_t population = 1000;
  std::uint32_t max_steps = 1000;  // step guard: visits per agent before it is stopped and counted
  // Time (scenario format v2). horizon_days == 0: every agent starts at t = 0 (v1 semantics).
  double horizon_days = 0.0;
  ArrivalProfile arrivals;
  double silence_threshold = 48 * 3600.0;  // a gap between touches at least this long is a "moment of silence"
  double window = 0.0;                     // engine time window (seconds); 0 = the default (1 h)
  // The calendar instant of time 0, seconds since 1970 UTC: only for timestamps in exported
  // journeys. Default 2024-01-01T00:00:00Z, a Monday at midnight like the model's hour-of-week 0.
  double start = 1704067200.0;

  std::vector<std::string> stages;
  std::vector<Channel> channels;
  std::vector<Touchpoint> touchpoints;
  std::vector<std::vector<Transition>> transitions;  // indexed by from-touchpoint
  std::vector<WeightedTouchpoint> entry;
  std::vector<Persona> personas;
  Design design;

  [[nodiscard]] bool timed() const { return horizon_days > 0.0; }
  [[nodiscard]] double integration_into(Index channel) const {
    const double c = channels[channel].integration;
    return c >= 0.0 ? c : design.integration;
  }
  [[nodiscard]] double horizon_seconds() const { return horizon_days * 86400.0; }
  [[nodiscard]] bool has_capacity_limits() const;
  [[nodiscard]] const std::vector<WeightedTouchpoint>& entry_for(const Persona& p) const {
    return p.entry.empty() ? entry : p.entry;
  }
  // The v1 rates with the design's static effects (docs/model.md), shared by the simulator and the
  // exact analysis. Abandonment before frustration: friction x sensitivity, first-stage friction
  // raised by inconsistent messaging (trust), capped at 1.
  [[nodiscard]] double base_abandonment(const Persona& p, Index touchpoint) const;
  // Relative weight of a move for a persona: weight x affinity of the target's channel x the
  // personalisation lift of a personalised target.
  [[nodiscard]] double move_weight(const Persona& p, const Transition& t) const;
  // Throwing and non-throwing look-ups, named apart.
  [[nodiscard]] std::optional<Index> find_touchpoint(const std::string& id) const;
  [[nodiscard]] Index touchpoint_index(const std::string& id) const;
};

using ScenarioPtr = std::shared_ptr<const Scenario>;

[[nodiscard]] const char* to_string(ChannelKind k);
[[nodiscard]] const char* to_string(TouchpointKind k);

}  // namespace jsim
