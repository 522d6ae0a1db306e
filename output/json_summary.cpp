#include "output/json_summary.hpp"

#include <cmath>

#include "output/json_values.hpp"
#include "output/result_tables.hpp"

namespace jsim {
namespace {

using nlohmann::json;

json numbers(const std::vector<double>& xs) {
  json out = json::array();
  for (double x : xs) out.push_back(json_number(x));
  return out;
}

json business(const BusinessMetrics& b) {
  return {{"journeys", b.journeys},
          {"orders", b.orders},
          {"customers", b.customers},
          {"repeat_customers", b.repeat_customers},
          {"retention_rate", json_number(b.retention_rate)},
          {"revenue_per_customer", json_number(b.revenue_per_customer)},
          {"cltv", json_number(b.cltv)},
          {"cost_per_acquisition", json_number(b.cost_per_acquisition)},
          {"mean_frustration", json_number(b.mean_frustration)},
          {"nps", {{"respondents", b.nps.respondents},
                   {"promoters", b.nps.promoters},
                   {"detractors", b.nps.detractors},
                   {"score", interval_json(b.nps.score)}}}};
}

json channel(const ChannelRow& c) {
  return {{"id", c.id},           {"kind", c.kind},
          {"visits", c.visits},   {"orders", c.orders},
          {"revenue", json_number(c.revenue)}, {"cost", json_number(c.cost)},
          {"switches_in", c.switches_in}};
}

json touchpoint(const TouchpointRow& t) {
  json j = {
      {"id", t.id},
      {"channel", t.channel},
      {"stage", t.stage},
      {"kind", t.kind},
      {"visits", t.visits},
      {"abandonments", t.abandonments},
      {"conversions", t.conversions},
      {"exits", t.exits},
      {"cost", json_number(t.cost)},
      {"revenue", json_number(t.revenue)},
      {"silences", t.silences},
      {"silence_dropoffs", t.silence_dropoffs},
      {"switches", t.switches},
      {"repeats", t.repeats},
      {"lost_carts", t.lost_carts},
  };
  // Queue statistics mean nothing at unlimited-capacity touchpoints; leaving them out keeps
  // "0 waiting" distinguishable from "cannot wait".
  if (t.servers > 0) {
    j["servers"] = t.servers;
    j["queued"] = t.queued;
    j["served"] = t.served;
    j["reneges"] = t.reneges;
    j["utilisation"] = json_number(t.utilisation);
    j["mean_wait"] = json_number(t.mean_wait);
    j["p95_wait"] = json_number(t.p95_wait);
    j["prob_wait"] = json_number(t.prob_wait);
    j["unfinished_waits"] = t.unfinished_waits;
    j["mean_queue_length"] = json_number(t.mean_queue_length);
  }
  return j;
}

json persona(const PersonaRow& p, const std::vector<TouchpointRow>& touchpoints) {
  json visits = json::object();
  for (std::size_t i = 0; i < touchpoints.size(); ++i) visits[touchpoints[i].id] = p.visits[i];
  return {
      {"id", p.id},
      {"agents", p.agents},
      {"conversions", p.conversions},
      {"conversion_rate", interval_json(p.conversion_rate)},
      {"abandonments", p.abandonments},
      {"exits", p.exits},
      {"step_guard_hits", p.step_guard_hits},
      {"unfinished", p.unfinished},
      {"revenue", json_number(p.revenue)},
      {"cost", json_number(p.cost)},
      {"mean_path_length", json_number(p.mean_path_length)},
      {"mean_time_to_convert", json_number(p.mean_time_to_convert)},
      {"p95_time_to_convert", json_number(p.p95_time_to_convert)},
      {"silences", p.silences},
      {"silence_dropoffs", p.silence_dropoffs},
      {"visits", std::move(visits)},
      {"business", business(p.business)},
  };
}

// Long format, nonzero moves only, like flow.csv and /flow in results.h5.
json flow(const RunResult& r) {
  json out = json::array();
  for (const Move& m : r.flow)
    out.push_back({{"from", r.touchpoints[m.from].id}, {"to", r.touchpoints[m.to].id}, {"count", m.count}});
  return out;
}

json time_series(const TimeSeries& s) {
  json queues = json::object();
  for (std::size_t q = 0; q < s.queue_touchpoints.size(); ++q) queues[s.queue_touchpoints[q]] = numbers(s.queue_length[q]);
  return {
      {"period", json_number(s.period)},
      {"arrivals", s.arrivals},
      {"conversions", s.conversions},
      {"abandonments", s.abandonments},
      {"queue_length", std::move(queues)},
  };
}

}  // namespace

json to_json(const RunResult& r) {
  check_shape(r);
  json j = {
      {"scenario", r.scenario},
      {"source_file", r.source_file},
      {"settings", r.settings},
      {"seed", r.seed},
      {"agents", r.agents},
      {"conversions", r.conversions},
      {"conversion_rate", interval_json(r.conversion_rate)},
      {"abandonments", r.abandonments},
      {"exits", r.exits},
      {"step_guard_hits", r.step_guard_hits},
      {"unfinished", r.unfinished},
      {"events", r.events},
      {"revenue", json_number(r.revenue)},
      {"cost", json_number(r.cost)},
      {"aov", json_number(r.aov)},
      {"variable_cost", json_number(r.variable_cost)},
      {"fixed_cost", json_number(r.fixed_cost)},
      {"design_cost", json_number(r.design_cost)},
      {"profit", json_number(r.profit)},
      {"roi", json_number(r.roi)},
      {"timed", r.timed},
      {"horizon_seconds", json_number(r.horizon_seconds)},
      {"peak_agents_in_flight", r.peak_agents_in_flight},
      {"business", business(r.business)},
  };
  json& personas = j["personas"] = json::array();
  for (const PersonaRow& p : r.personas) personas.push_back(persona(p, r.touchpoints));
  json& touchpoints = j["touchpoints"] = json::array();
  for (const TouchpointRow& t : r.touchpoints) touchpoints.push_back(touchpoint(t));
  json& channels = j["channels"] = json::array();
  for (const ChannelRow& c : r.channels) channels.push_back(channel(c));
  j["flow"] = flow(r);
  if (r.timed) j["time_series"] = time_series(r.series);
  return j;
}

json run_info_json(const RunResult& r, const std::vector<LoadWarning>& warnings) {
  return {{"settings", r.settings},
          {"threads", r.info.threads},
          {"ranks", r.info.ranks},
          {"wall_seconds", json_number(r.info.wall_seconds)},
          {"jsim_version", r.info.jsim_version},
          {"host", r.info.host},
          {"load_warnings", load_warnings_json(warnings)}};
}

json load_warnings_json(const std::vector<LoadWarning>& warnings) {
  json out = json::array();
  for (const LoadWarning& w : warnings) {
    json j = {{"touchpoint", w.touchpoint}, {"message", describe(w)}};
    if (w.kind == LoadWarning::Kind::Overload) {
      json hours = json::array();
      for (const WeekHours& h : w.hours) hours.push_back({h.from, h.to});
      j["kind"] = "overload";
      j["hours"] = week_hours_text(w.hours);
      j["hours_of_week"] = std::move(hours);
      j["peak_load"] = json_number(w.peak_load);
      j["peak_hour_of_week"] = w.peak_hour;
    } else {
      j["kind"] = "backlog";
      j["waiting"] = w.waiting;
      j["backlog_hours"] = json_number(w.backlog_hours);
    }
    out.push_back(std::move(j));
  }
  return out;
}

}  // namespace jsim
