#include "sim/summarize.hpp"

namespace jsim {

static double cents(std::int64_t c) { return static_cast<double>(c) / 100.0; }

static void fill_queue_stats(TouchpointRow& row, const CapacityQueue& q, double horizon) {
  row.servers = q.servers();
  row.queued = q.queued;
  row.served = q.served;
  row.reneges = q.reneges;
  row.utilisation = horizon > 0 ? q.busy / (q.servers() * horizon) : 0.0;
  if (q.queued > 0) {
    row.mean_wait = q.wait_sum / static_cast<double>(q.queued);
    row.prob_wait = static_cast<double>(q.waited) / static_cast<double>(q.queued);
  }
  row.p95_wait = q.waits.quantile(0.95);
  double area = 0.0;
  for (double a : q.waiting_area) area += a;
  row.mean_queue_length = horizon > 0 ? area / horizon : 0.0;
}

RunResult summarize(const Scenario& s, const JourneyTables& tables, const Tally& t, const std::vector<CapacityQueue>& queues) {
  RunResult r;
  r.scenario = s.name;
  r.source_file = s.source_file;
  r.source_text = s.source_text;
  r.timed = s.timed();
  r.horizon_seconds = s.timed() ? s.horizon_seconds() : 0.0;
  const std::size_t T = s.touchpoints.size(), P = s.personas.size();

  r.touchpoints.resize(T);
  for (std::size_t u = 0; u < T; ++u) {
    const Touchpoint& tp = s.touchpoints[u];
    TouchpointRow& row = r.touchpoints[u];
    row.id = tp.id;
    row.channel = s.channels[tp.channel].id;
    row.stage = s.stages[tp.stage];
    row.kind = to_string(tp.kind);
    row.silences = t.silences[u];
    row.silence_dropoffs = t.silence_dropoffs[u];
    if (tp.capacity_limited() && s.timed()) fill_queue_stats(row, queues[u], r.horizon_seconds);
  }

  r.personas.resize(P);
  for (std::size_t p = 0; p < P; ++p) {
    PersonaRow& row = r.personas[p];
    row.id = s.personas[p].id;
    row.agents = t.agents[p];
    row.step_guard_hits = t.step_guard[p];
    row.unfinished = t.unfinished[p];
    row.visits.assign(T, 0);
    std::int64_t revenue = 0;
    std::uint64_t visits = 0;
    double cost = 0.0;
    for (std::size_t u = 0; u < T; ++u) {
      const std::size_t i = p * T + u;
      row.visits[u] = t.visits[i];
      row.conversions += t.conversions[i];
      row.abandonments += t.abandons[i];
      row.exits += t.exits[i];
      revenue += t.revenue_cents[i];
      visits += t.visits[i];
      cost += static_cast<double>(t.visits[i]) * s.touchpoints[u].cost;
      TouchpointRow& tr = r.touchpoints[u];
      tr.visits += t.visits[i];
      tr.abandonments += t.abandons[i];
      tr.conversions += t.conversions[i];
      tr.exits += t.exits[i];
      tr.revenue += cents(t.revenue_cents[i]);
    }
    row.revenue = cents(revenue);
    row.cost = cost;
    row.conversion_rate = wilson_interval(row.conversions, row.agents);
    if (row.agents > 0) row.mean_path_length = static_cast<double>(visits) / static_cast<double>(row.agents);
    if (row.conversions > 0) {
      row.mean_time_to_convert = static_cast<double>(t.time_to_convert_ms[p]) / 1000.0 / static_cast<double>(row.conversions);
      row.p95_time_to_convert = t.time_to_convert[p].quantile(0.95);
    }
    r.agents += row.agents;
    r.conversions += row.conversions;
    r.abandonments += row.abandonments;
    r.exits += row.exits;
    r.step_guard_hits += row.step_guard_hits;
    r.unfinished += row.unfinished;
    r.events += visits;
    r.revenue += row.revenue;
    r.cost += row.cost;
  }
  for (std::size_t u = 0; u < T; ++u) r.touchpoints[u].cost = static_cast<double>(r.touchpoints[u].visits) * s.touchpoints[u].cost;
  r.conversion_rate = wilson_interval(r.conversions, r.agents);
  r.aov = r.conversions > 0 ? r.revenue / static_cast<double>(r.conversions) : 0.0;

  r.flow.assign(T, std::vector<std::uint64_t>(T, 0));
  for (std::uint32_t tr = 0; tr < tables.transition_count(); ++tr)
    r.flow[tables.transition_from(tr)][tables.transition_to(tr)] += t.flow[tr];

  if (s.timed()) {
    r.series.arrivals = t.arrivals;
    r.series.conversions = t.conversions_at;
    r.series.abandonments = t.abandonments_at;
    for (std::size_t u = 0; u < T; ++u) {
      if (!s.touchpoints[u].capacity_limited()) continue;
      r.series.queue_touchpoints.push_back(s.touchpoints[u].id);
      std::vector<double> length;
      for (double area : queues[u].waiting_area) length.push_back(area / 3600.0);
      r.series.queue_length.push_back(std::move(length));
    }
  }
  return r;
}

}  // namespace jsim
