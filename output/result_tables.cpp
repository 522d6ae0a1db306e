#include "output/result_tables.hpp"

#include <fmt/format.h>

#include "model/error.hpp"

namespace jsim {
namespace {

void expect_length(std::size_t actual, std::size_t expected, const std::string& what) {
  if (actual != expected)
    throw Error(fmt::format("malformed run result: {} has {} entries, expected {}", what, actual, expected));
}

// The interval columns every table with a rate carries, in one place.
template <class Row, class Get>
void add_interval(Table& t, const std::string& name, std::span<const Row> rows, Get get) {
  t.add(name, rows, [&](const Row& x) { return get(x).estimate; });
  t.add(name + "_low", rows, [&](const Row& x) { return get(x).low; });
  t.add(name + "_high", rows, [&](const Row& x) { return get(x).high; });
}

// Business metrics (journeys, orders, customers, retention, CLTV, CPA, frustration, NPS) for any row type.
template <class Row, class Get>
void add_business(Table& t, std::span<const Row> rows, Get get) {
  t.add("journeys", rows, [&](const Row& x) { return get(x).journeys; });
  t.add("orders", rows, [&](const Row& x) { return get(x).orders; });
  t.add("customers", rows, [&](const Row& x) { return get(x).customers; });
  t.add("repeat_customers", rows, [&](const Row& x) { return get(x).repeat_customers; });
  t.add("retention_rate", rows, [&](const Row& x) { return get(x).retention_rate; });
  t.add("revenue_per_customer", rows, [&](const Row& x) { return get(x).revenue_per_customer; });
  t.add("cltv", rows, [&](const Row& x) { return get(x).cltv; });
  t.add("cost_per_acquisition", rows, [&](const Row& x) { return get(x).cost_per_acquisition; });
  t.add("mean_frustration", rows, [&](const Row& x) { return get(x).mean_frustration; });
  t.add("nps_respondents", rows, [&](const Row& x) { return get(x).nps.respondents; });
  t.add("nps_promoters", rows, [&](const Row& x) { return get(x).nps.promoters; });
  t.add("nps_detractors", rows, [&](const Row& x) { return get(x).nps.detractors; });
  add_interval(t, "nps", rows, [&](const Row& x) { return get(x).nps.score; });
}

}  // namespace

void check_shape(const RunResult& r) {
  const std::size_t n = r.touchpoints.size();
  for (std::size_t i = 0; i < r.flow.size(); ++i) {
    const Move& m = r.flow[i];
    if (m.from >= n || m.to >= n) throw Error(fmt::format("malformed run result: flow[{}] names touchpoint {} of {}", i, std::max(m.from, m.to), n));
    if (i > 0 && std::pair{r.flow[i - 1].from, r.flow[i - 1].to} >= std::pair{m.from, m.to})
      throw Error(fmt::format("malformed run result: flow[{}] is out of (from, to) order or repeated", i));
  }
  for (const PersonaRow& p : r.personas) expect_length(p.visits.size(), n, "visits of persona " + p.id);
  if (!r.timed) return;
  const TimeSeries& s = r.series;
  const std::size_t periods = s.arrivals.size();
  expect_length(s.conversions.size(), periods, "time series conversions");
  expect_length(s.abandonments.size(), periods, "time series abandonments");
  expect_length(s.queue_length.size(), s.queue_touchpoints.size(), "time series queue_length");
  for (std::size_t q = 0; q < s.queue_length.size(); ++q)
    expect_length(s.queue_length[q].size(), periods, "time series queue_length of " + s.queue_touchpoints[q]);
}

Table summary_table(const RunResult& r) {
  const std::span<const RunResult> row(&r, 1);
  Table t{.rows = 1, .columns = {}};
  t.add("agents", row, [](const RunResult& x) { return x.agents; });
  t.add("conversions", row, [](const RunResult& x) { return x.conversions; });
  add_interval(t, "conversion_rate", row, [](const RunResult& x) { return x.conversion_rate; });
  t.add("abandonments", row, [](const RunResult& x) { return x.abandonments; });
  t.add("exits", row, [](const RunResult& x) { return x.exits; });
  t.add("step_guard_hits", row, [](const RunResult& x) { return x.step_guard_hits; });
  t.add("unfinished", row, [](const RunResult& x) { return x.unfinished; });
  t.add("events", row, [](const RunResult& x) { return x.events; });
  t.add("revenue", row, [](const RunResult& x) { return x.revenue; });
  t.add("cost", row, [](const RunResult& x) { return x.cost; });
  t.add("aov", row, [](const RunResult& x) { return x.aov; });
  t.add("variable_cost", row, [](const RunResult& x) { return x.variable_cost; });
  t.add("fixed_cost", row, [](const RunResult& x) { return x.fixed_cost; });
  t.add("design_cost", row, [](const RunResult& x) { return x.design_cost; });
  t.add("profit", row, [](const RunResult& x) { return x.profit; });
  t.add("roi", row, [](const RunResult& x) { return x.roi; });
  add_business(t, row, [](const RunResult& x) -> const BusinessMetrics& { return x.business; });
  return t;
}

Table touchpoint_table(const RunResult& r) {
  const std::span<const TouchpointRow> rows(r.touchpoints);
  Table t{.rows = rows.size(), .columns = {}};
  t.add("id", rows, [](const TouchpointRow& x) { return x.id; });
  t.add("channel", rows, [](const TouchpointRow& x) { return x.channel; });
  t.add("stage", rows, [](const TouchpointRow& x) { return x.stage; });
  t.add("kind", rows, [](const TouchpointRow& x) { return x.kind; });
  t.add("visits", rows, [](const TouchpointRow& x) { return x.visits; });
  t.add("abandonments", rows, [](const TouchpointRow& x) { return x.abandonments; });
  t.add("conversions", rows, [](const TouchpointRow& x) { return x.conversions; });
  t.add("exits", rows, [](const TouchpointRow& x) { return x.exits; });
  t.add("cost", rows, [](const TouchpointRow& x) { return x.cost; });
  t.add("revenue", rows, [](const TouchpointRow& x) { return x.revenue; });
  t.add("servers", rows, [](const TouchpointRow& x) { return x.servers; });
  t.add("queued", rows, [](const TouchpointRow& x) { return x.queued; });
  t.add("served", rows, [](const TouchpointRow& x) { return x.served; });
  t.add("reneges", rows, [](const TouchpointRow& x) { return x.reneges; });
  t.add("utilisation", rows, [](const TouchpointRow& x) { return x.utilisation; });
  t.add("mean_wait", rows, [](const TouchpointRow& x) { return x.mean_wait; });
  t.add("p95_wait", rows, [](const TouchpointRow& x) { return x.p95_wait; });
  t.add("prob_wait", rows, [](const TouchpointRow& x) { return x.prob_wait; });
  t.add("unfinished_waits", rows, [](const TouchpointRow& x) { return x.unfinished_waits; });
  t.add("mean_queue_length", rows, [](const TouchpointRow& x) { return x.mean_queue_length; });
  t.add("silences", rows, [](const TouchpointRow& x) { return x.silences; });
  t.add("silence_dropoffs", rows, [](const TouchpointRow& x) { return x.silence_dropoffs; });
  t.add("switches", rows, [](const TouchpointRow& x) { return x.switches; });
  t.add("repeats", rows, [](const TouchpointRow& x) { return x.repeats; });
  t.add("lost_carts", rows, [](const TouchpointRow& x) { return x.lost_carts; });
  return t;
}

Table persona_table(const RunResult& r) {
  const std::span<const PersonaRow> rows(r.personas);
  Table t{.rows = rows.size(), .columns = {}};
  t.add("id", rows, [](const PersonaRow& x) { return x.id; });
  t.add("agents", rows, [](const PersonaRow& x) { return x.agents; });
  t.add("conversions", rows, [](const PersonaRow& x) { return x.conversions; });
  add_interval(t, "conversion_rate", rows, [](const PersonaRow& x) { return x.conversion_rate; });
  t.add("abandonments", rows, [](const PersonaRow& x) { return x.abandonments; });
  t.add("exits", rows, [](const PersonaRow& x) { return x.exits; });
  t.add("step_guard_hits", rows, [](const PersonaRow& x) { return x.step_guard_hits; });
  t.add("unfinished", rows, [](const PersonaRow& x) { return x.unfinished; });
  t.add("revenue", rows, [](const PersonaRow& x) { return x.revenue; });
  t.add("cost", rows, [](const PersonaRow& x) { return x.cost; });
  t.add("mean_path_length", rows, [](const PersonaRow& x) { return x.mean_path_length; });
  t.add("mean_time_to_convert", rows, [](const PersonaRow& x) { return x.mean_time_to_convert; });
  t.add("p95_time_to_convert", rows, [](const PersonaRow& x) { return x.p95_time_to_convert; });
  t.add("silences", rows, [](const PersonaRow& x) { return x.silences; });
  t.add("silence_dropoffs", rows, [](const PersonaRow& x) { return x.silence_dropoffs; });
  add_business(t, rows, [](const PersonaRow& x) -> const BusinessMetrics& { return x.business; });
  return t;
}

Table channel_table(const RunResult& r) {
  const std::span<const ChannelRow> rows(r.channels);
  Table t{.rows = rows.size(), .columns = {}};
  t.add("id", rows, [](const ChannelRow& x) { return x.id; });
  t.add("kind", rows, [](const ChannelRow& x) { return x.kind; });
  t.add("visits", rows, [](const ChannelRow& x) { return x.visits; });
  t.add("orders", rows, [](const ChannelRow& x) { return x.orders; });
  t.add("revenue", rows, [](const ChannelRow& x) { return x.revenue; });
  t.add("cost", rows, [](const ChannelRow& x) { return x.cost; });
  t.add("switches_in", rows, [](const ChannelRow& x) { return x.switches_in; });
  return t;
}

Table flow_table(const RunResult& r) {
  const std::span<const Move> rows(r.flow);
  Table t{.rows = rows.size(), .columns = {}};
  t.add("from", rows, [&](const Move& m) { return r.touchpoints[m.from].id; });
  t.add("to", rows, [&](const Move& m) { return r.touchpoints[m.to].id; });
  t.add("count", rows, [](const Move& m) { return m.count; });
  return t;
}

}  // namespace jsim
