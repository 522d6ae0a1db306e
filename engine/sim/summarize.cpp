#include "sim/summarize.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace jsim {

namespace {

double cents(WideCents c) { return static_cast<double>(c) / 100.0; }

void fill_queue_stats(TouchpointRow& row, const CapacityQueue& q, const OpeningHours& hours, double horizon) {
  row.servers = q.servers();
  row.queued = q.queued;
  row.served = q.served;
  row.reneges = q.reneges;
  // Over opening hours: staff are not idle while the doors are shut.
  const double open = hours.open_seconds(horizon);
  row.utilisation = open > 0 ? q.busy / (q.servers() * open) : 0.0;
  row.unfinished_waits = q.unfinished_waits;
  if (q.finished_waits > 0) {  // waits still running at the horizon are counted apart
    row.mean_wait = q.wait_sum / static_cast<double>(q.finished_waits);
    row.prob_wait = static_cast<double>(q.waited) / static_cast<double>(q.finished_waits);
  }
  row.p95_wait = q.waits.quantile(0.95);
  double area = 0.0;
  for (double a : q.waiting_area) area += a;
  row.mean_queue_length = horizon > 0 ? area / horizon : 0.0;
}

// Counters one persona contributes to the business metrics (summed for the whole population).
struct BusinessCounts {
  std::uint64_t journeys = 0, orders = 0, customers = 0, repeat_customers = 0, respondents = 0, promoters = 0,
                detractors = 0;
  WideCents revenue_cents = 0;
  std::int64_t frustration_milli = 0;
  double cost = 0.0;
  void add(const BusinessCounts& o) {
    journeys += o.journeys, orders += o.orders, customers += o.customers, repeat_customers += o.repeat_customers;
    respondents += o.respondents, promoters += o.promoters, detractors += o.detractors;
    revenue_cents += o.revenue_cents, frustration_milli += o.frustration_milli, cost += o.cost;
  }
};

// CLTV: revenue per customer within the horizon, continued beyond it as a geometric series in the
// retention rate r, discounted per horizon-length period: V (1 + r / (1 + d - r)).
BusinessMetrics business_metrics(const BusinessCounts& c, const Scenario& s) {
  BusinessMetrics m;
  m.journeys = c.journeys;
  m.orders = c.orders;
  m.customers = c.customers;
  m.repeat_customers = c.repeat_customers;
  m.nps = net_promoter_score(c.respondents, c.promoters, c.detractors);
  if (c.journeys > 0) m.mean_frustration = static_cast<double>(c.frustration_milli) / 1000.0 / static_cast<double>(c.journeys);
  if (c.customers == 0) return m;
  const double customers = static_cast<double>(c.customers);
  m.retention_rate = static_cast<double>(c.repeat_customers) / customers;
  m.revenue_per_customer = cents(c.revenue_cents) / customers;
  m.cost_per_acquisition = c.cost / customers;
  m.cltv = m.revenue_per_customer;
  if (s.timed()) {
    const double d = std::pow(1.0 + s.design.annual_discount_rate, s.horizon_days / 365.0) - 1.0;
    if (1.0 + d - m.retention_rate > 0.0) m.cltv += m.revenue_per_customer * m.retention_rate / (1.0 + d - m.retention_rate);
  }
  return m;
}

}  // namespace

RunResult summarize(const Scenario& s, const JourneyTables& tables, const Tally& t, const std::vector<CapacityQueue>& queues) {
  RunResult r;
  r.scenario = s.name;
  r.source_file = s.source_file;
  r.source_text = s.source_text;
  r.settings = s.settings;
  r.timed = s.timed();
  r.horizon_seconds = s.timed() ? s.horizon_seconds() : 0.0;
  const std::size_t T = s.touchpoints.size(), P = s.personas.size();

  r.touchpoints.resize(T);
  r.channels.resize(s.channels.size());
  for (std::size_t c = 0; c < s.channels.size(); ++c) {
    r.channels[c].id = s.channels[c].id;
    r.channels[c].kind = to_string(s.channels[c].kind);
  }
  for (std::size_t u = 0; u < T; ++u) {
    const Touchpoint& tp = s.touchpoints[u];
    TouchpointRow& row = r.touchpoints[u];
    row.id = tp.id;
    row.channel = s.channels[tp.channel].id;
    row.stage = s.stages[tp.stage];
    row.kind = to_string(tp.kind);
    row.silences = t.silences()[u];
    row.silence_dropoffs = t.silence_dropoffs()[u];
    row.switches = t.switches()[u];
    row.repeats = t.repeats()[u];
    row.lost_carts = t.lost_carts()[u];
    r.channels[tp.channel].switches_in += t.switches()[u];
    if (tp.capacity_limited() && s.timed()) fill_queue_stats(row, queues[u], tp.hours, r.horizon_seconds);
  }

  BusinessCounts everyone;
  r.personas.resize(P);
  for (std::size_t p = 0; p < P; ++p) {
    PersonaRow& row = r.personas[p];
    row.id = s.personas[p].id;
    row.agents = t.agents()[p];
    const std::uint64_t* outcome = t.outcomes().data() + p * Tally::kOutcomes;
    row.conversions = outcome[Tally::kConverted];
    row.abandonments = outcome[Tally::kAbandoned];
    row.exits = outcome[Tally::kExited];
    row.step_guard_hits = outcome[Tally::kStepGuard];
    row.unfinished = outcome[Tally::kUnfinished];
    row.silences = t.persona_silences()[p];
    row.silence_dropoffs = t.persona_silence_dropoffs()[p];
    row.visits.assign(T, 0);

    BusinessCounts c;
    c.journeys = t.journeys()[p];
    c.customers = t.customers()[p];
    c.repeat_customers = t.repeat_customers()[p];
    c.frustration_milli = t.frustration_milli(p);
    for (int score = 0; score < Tally::kScores; ++score) {
      const std::uint64_t n = t.survey()[p * Tally::kScores + score];
      c.respondents += n;
      if (score >= 9) c.promoters += n;
      if (score <= 6) c.detractors += n;
    }
    std::uint64_t visits = 0;
    for (std::size_t u = 0; u < T; ++u) {
      const std::size_t i = p * T + u;
      const double cost = static_cast<double>(t.visits()[i]) * s.touchpoints[u].cost;
      row.visits[u] = t.visits()[i];
      visits += t.visits()[i];
      c.orders += t.orders()[i];
      c.revenue_cents += t.revenue_cents(i);
      c.cost += cost;
      TouchpointRow& tr = r.touchpoints[u];
      tr.visits += t.visits()[i];
      tr.abandonments += t.abandons()[i];
      tr.conversions += t.orders()[i];
      tr.exits += t.exits()[i];
      tr.revenue += cents(t.revenue_cents(i));
      tr.cost += cost;
      ChannelRow& ch = r.channels[s.touchpoints[u].channel];
      ch.visits += t.visits()[i];
      ch.orders += t.orders()[i];
      ch.revenue += cents(t.revenue_cents(i));
      ch.cost += cost;
    }
    row.revenue = cents(c.revenue_cents);
    row.cost = c.cost;
    row.business = business_metrics(c, s);
    row.conversion_rate = wilson_interval(row.conversions, c.journeys);
    if (c.journeys > 0) row.mean_path_length = static_cast<double>(visits) / static_cast<double>(c.journeys);
    if (row.conversions > 0) {
      row.mean_time_to_convert = static_cast<double>(t.time_to_convert_ms(p)) / 1000.0 / static_cast<double>(row.conversions);
      row.p95_time_to_convert = t.time_to_convert_quantile(p, 0.95);
    }
    everyone.add(c);
    r.agents += row.agents;
    static_cast<JourneyOutcomes&>(r) += row;
    r.events += visits;
  }
  r.revenue = cents(everyone.revenue_cents);
  r.variable_cost = everyone.cost;
  if (s.timed()) {
    for (std::size_t u = 0; u < T; ++u) {
      const Touchpoint& tp = s.touchpoints[u];
      const double fixed = (tp.fixed_cost + tp.server_cost * tp.servers) * s.horizon_days;
      r.touchpoints[u].cost += fixed;
      r.channels[tp.channel].cost += fixed;
      r.fixed_cost += fixed;
    }
  }
  r.design_cost = s.design.cost;
  r.cost = r.variable_cost + r.fixed_cost + r.design_cost;
  r.profit = s.design.margin * r.revenue - r.cost;
  // Without cost there is no return on it: NaN ("n/a" in text, null in JSON), not a misleading 0.
  r.roi = r.cost > 0 ? r.profit / r.cost : std::numeric_limits<double>::quiet_NaN();
  r.business = business_metrics(everyone, s);
  // The whole run's CPA carries every cost (fixed, staffing, design), which personas cannot split.
  if (r.business.customers > 0) r.business.cost_per_acquisition = r.cost / static_cast<double>(r.business.customers);
  r.conversion_rate = wilson_interval(r.conversions, everyone.journeys);
  r.aov = everyone.orders > 0 ? r.revenue / static_cast<double>(everyone.orders) : 0.0;

  for (std::uint32_t tr = 0; tr < tables.transition_count(); ++tr)
    if (t.flow()[tr] > 0) r.flow.push_back({tables.transition_from(tr), tables.transition_to(tr), t.flow()[tr]});
  std::sort(r.flow.begin(), r.flow.end());
  // Two transitions between the same pair (a scenario may list one twice) are one move in the results.
  std::size_t kept = 0;
  for (const Move& m : r.flow) {
    if (kept > 0 && r.flow[kept - 1].from == m.from && r.flow[kept - 1].to == m.to)
      r.flow[kept - 1].count += m.count;
    else
      r.flow[kept++] = m;
  }
  r.flow.resize(kept);

  if (s.timed()) {
    r.series.arrivals.assign(t.arrivals().begin(), t.arrivals().end());
    r.series.conversions.assign(t.conversions_at().begin(), t.conversions_at().end());
    r.series.abandonments.assign(t.abandonments_at().begin(), t.abandonments_at().end());
    for (std::size_t u = 0; u < T; ++u) {
      if (!s.touchpoints[u].capacity_limited()) continue;
      r.series.queue_touchpoints.push_back(s.touchpoints[u].id);
      std::vector<double> length;
      for (double area : queues[u].waiting_area) length.push_back(area / 3600.0);
      r.series.queue_length.push_back(std::move(length));
      r.series.queue_arrivals.push_back(queues[u].arrivals_by_hour);
    }
  }
  return r;
}

}  // namespace jsim
