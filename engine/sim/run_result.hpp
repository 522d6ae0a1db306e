#pragma once
// What one run produced, as plain tables: the only thing writers (JSON, HDF5, reports) read.
// Filled by the simulation's observers; independent of thread count by construction
// (integer counters, deterministic merge order).
#include <compare>
#include <cstdint>
#include <string>
#include <vector>

#include "sim/run_info.hpp"

namespace jsim {

struct Interval {
  double estimate = 0.0;
  double low = 0.0;   // 95% confidence interval
  double high = 0.0;
};

// One (from, to) pair of touchpoints with the moves between them. The flow is kept as a list of
// these, not a touchpoints x touchpoints matrix: journeys use few of the pairs, and a 10,000-touchpoint
// matrix alone is 800 MB.
struct Move {
  std::uint32_t from = 0, to = 0;  // indices into RunResult::touchpoints
  std::uint64_t count = 0;
  friend auto operator<=>(const Move&, const Move&) = default;  // (from, to) order first
};

struct TouchpointRow {
  std::string id;
  std::string channel;
  std::string stage;
  std::string kind;            // regular / conversion / exit
  std::uint64_t visits = 0;
  std::uint64_t abandonments = 0;  // left the journey here (friction or gave up after reneging)
  std::uint64_t conversions = 0;   // orders placed here (conversion touchpoints only)
  std::uint64_t exits = 0;         // exit touchpoints only
  double cost = 0.0;               // visits x cost per visit, plus fixed and server costs over the horizon
  double revenue = 0.0;            // conversion touchpoints only
  // Capacity (servers > 0); zero elsewhere.
  std::uint32_t servers = 0;
  std::uint64_t queued = 0;        // arrivals at the queue (including retries)
  std::uint64_t served = 0;        // service started within the horizon (queued = served + reneges + unfinished_waits)
  std::uint64_t reneges = 0;       // left the queue out of patience
  double utilisation = 0.0;        // busy server time within opening hours / (servers x open time within the horizon)
  double mean_wait = 0.0;          // seconds, over queue arrivals whose wait ended within the horizon
  double p95_wait = 0.0;           // seconds, same arrivals
  double prob_wait = 0.0;          // share of those arrivals that waited at all
  std::uint64_t unfinished_waits = 0;  // arrivals still waiting when the horizon ended (not in the wait figures)
  double mean_queue_length = 0.0;  // time-average over the horizon
  // Moments of silence: arrivals here after a gap >= silence threshold, and how many of those then dropped off here.
  std::uint64_t silences = 0;
  std::uint64_t silence_dropoffs = 0;
  // Omnichannel: arrivals here by a channel switch, of those how many lost context (had to repeat), and lost carts.
  std::uint64_t switches = 0;
  std::uint64_t repeats = 0;
  std::uint64_t lost_carts = 0;
};

// Net Promoter Score from post-purchase surveys (0-10): promoters 9-10, detractors 0-6.
struct Nps {
  std::uint64_t respondents = 0, promoters = 0, detractors = 0;
  Interval score;  // percentage points, -100..100, with a 95% interval
};

// Business metrics of a group of agents (everyone, or one persona).
struct BusinessMetrics {
  std::uint64_t journeys = 0;          // an agent that comes back starts another journey
  std::uint64_t orders = 0;            // purchases (a journey may buy more than once)
  std::uint64_t customers = 0;         // agents who bought at least once
  std::uint64_t repeat_customers = 0;  // agents who bought in two or more journeys
  double retention_rate = 0.0;         // repeat_customers / customers
  double revenue_per_customer = 0.0;   // within the horizon
  double cltv = 0.0;                   // revenue per customer within the horizon plus its discounted continuation
  double cost_per_acquisition = 0.0;   // cost / customers
  double mean_frustration = 0.0;       // at journey end
  Nps nps;
};

struct ChannelRow {
  std::string id;
  std::string kind;
  std::uint64_t visits = 0;
  std::uint64_t orders = 0;  // purchases at conversion touchpoints of this channel
  double revenue = 0.0;
  double cost = 0.0;
  std::uint64_t switches_in = 0;
};

// How journeys ended, of one persona or of everyone: each journey ends in exactly one of these,
// so they add up to the journeys.
struct JourneyOutcomes {
  std::uint64_t conversions = 0;      // journeys with a purchase
  std::uint64_t abandonments = 0;     // left out of friction, frustration or impatience
  std::uint64_t exits = 0;            // reached an exit touchpoint
  std::uint64_t step_guard_hits = 0;  // stopped by the scenario's max_steps
  std::uint64_t unfinished = 0;       // still in a journey when the horizon ended
  JourneyOutcomes& operator+=(const JourneyOutcomes& o) {
    conversions += o.conversions, abandonments += o.abandonments, exits += o.exits;
    step_guard_hits += o.step_guard_hits, unfinished += o.unfinished;
    return *this;
  }
};

struct PersonaRow : JourneyOutcomes {
  std::string id;
  std::uint64_t agents = 0;
  BusinessMetrics business;
  Interval conversion_rate;        // conversions / journeys
  double revenue = 0.0;
  double cost = 0.0;
  double mean_path_length = 0.0;   // touchpoint visits per agent
  double mean_time_to_convert = 0.0;  // seconds from arrival to conversion (converters only)
  double p95_time_to_convert = 0.0;
  std::uint64_t silences = 0;          // moments of silence this persona went through
  std::uint64_t silence_dropoffs = 0;  // ... and dropped off right after
  std::vector<std::uint64_t> visits;  // per touchpoint, scenario order
};

// One row per period of the horizon (hourly), only for timed scenarios.
struct TimeSeries {
  double period = 3600.0;  // seconds per row
  std::vector<std::uint64_t> arrivals;
  std::vector<std::uint64_t> conversions;
  std::vector<std::uint64_t> abandonments;
  std::vector<std::string> queue_touchpoints;              // capacity-limited touchpoints, in scenario order
  std::vector<std::vector<double>> queue_length;           // [queue][period] time-average customers waiting
  std::vector<std::vector<std::uint64_t>> queue_arrivals;  // [queue][period] arrivals at the queue (retries included)
};

struct RunResult : JourneyOutcomes {
  std::string scenario;
  std::string source_file;
  std::string source_text;
  std::vector<std::string> settings;  // the --set settings the scenario was loaded with, "PATH=VALUE" each
  std::uint64_t seed = 0;
  bool timed = false;
  double horizon_seconds = 0.0;
  std::uint64_t agents = 0;
  BusinessMetrics business;
  std::uint64_t events = 0;  // touchpoint visits, all agents
  Interval conversion_rate;
  double revenue = 0.0;
  double cost = 0.0;           // total: variable (visits) + fixed + staffing + design
  double variable_cost = 0.0;  // cost per visit x visits
  double fixed_cost = 0.0;     // touchpoint fixed costs and servers over the horizon
  double design_cost = 0.0;
  double profit = 0.0;         // margin x revenue - cost
  double roi = 0.0;            // profit / cost
  double aov = 0.0;  // revenue / orders
  std::uint64_t peak_agents_in_flight = 0;  // timed runs: most agents held in memory at once
  std::vector<TouchpointRow> touchpoints;
  std::vector<PersonaRow> personas;
  std::vector<ChannelRow> channels;
  std::vector<Move> flow;  // moves between touchpoints: nonzero counts, sorted by (from, to)
  TimeSeries series;
  RunInfo info;  // how it ran: not part of the deterministic result
};

// Moves between two touchpoints, as indices into RunResult::touchpoints.
[[nodiscard]] std::uint64_t moves_between(const std::vector<Move>& flow, std::size_t from, std::size_t to);

// NPS with its interval from the multinomial variance of (promoter - detractor).
[[nodiscard]] Nps net_promoter_score(std::uint64_t respondents, std::uint64_t promoters, std::uint64_t detractors);

// Wilson score interval for a proportion; well-behaved at 0 and 1.
[[nodiscard]] Interval wilson_interval(std::uint64_t successes, std::uint64_t trials);

}  // namespace jsim
