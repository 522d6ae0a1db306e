#include "output/summary_reader.hpp"

#include <nlohmann/json.hpp>
#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "model/error.hpp"

namespace jsim {
namespace {

using nlohmann::json;

// One reader per document: `where` names it in every error.
struct SummaryReader {
  const std::string& where;

  const json& at(const json& j, const char* key) const {
    if (!j.is_object() || !j.contains(key))
      throw Error(where + ": not a jsim run summary: '" + key + "' is missing (expected summary.json from jsim run)");
    return j.at(key);
  }
  // null is how to_json writes a non-finite number.
  double real(const json& j, const char* key) const {
    const json& v = at(j, key);
    if (v.is_null()) return std::nan("");
    if (!v.is_number()) throw Error(where + ": '" + key + "' must be a number");
    return v.get<double>();
  }
  std::uint64_t count(const json& j, const char* key) const {
    const json& v = at(j, key);
    if (!v.is_number_unsigned()) throw Error(where + ": '" + key + "' must be a count (a non-negative integer)");
    return v.get<std::uint64_t>();
  }
  std::string text(const json& j, const char* key) const {
    const json& v = at(j, key);
    if (!v.is_string()) throw Error(where + ": '" + key + "' must be a string");
    return v.get<std::string>();
  }
  Interval interval(const json& j, const char* key) const {
    const json& v = at(j, key);
    return {real(v, "estimate"), real(v, "low"), real(v, "high")};
  }
  BusinessMetrics business(const json& j) const {
    BusinessMetrics b;
    b.journeys = count(j, "journeys");
    b.orders = count(j, "orders");
    b.customers = count(j, "customers");
    b.repeat_customers = count(j, "repeat_customers");
    b.retention_rate = real(j, "retention_rate");
    b.revenue_per_customer = real(j, "revenue_per_customer");
    b.cltv = real(j, "cltv");
    b.cost_per_acquisition = real(j, "cost_per_acquisition");
    b.mean_frustration = real(j, "mean_frustration");
    const json& n = at(j, "nps");
    b.nps.respondents = count(n, "respondents");
    b.nps.promoters = count(n, "promoters");
    b.nps.detractors = count(n, "detractors");
    b.nps.score = interval(n, "score");
    return b;
  }
  TouchpointRow touchpoint(const json& j) const {
    TouchpointRow t;
    t.id = text(j, "id");
    t.channel = text(j, "channel");
    t.stage = text(j, "stage");
    t.kind = text(j, "kind");
    t.visits = count(j, "visits");
    t.abandonments = count(j, "abandonments");
    t.conversions = count(j, "conversions");
    t.exits = count(j, "exits");
    t.cost = real(j, "cost");
    t.revenue = real(j, "revenue");
    t.silences = count(j, "silences");
    t.silence_dropoffs = count(j, "silence_dropoffs");
    t.switches = count(j, "switches");
    t.repeats = count(j, "repeats");
    t.lost_carts = count(j, "lost_carts");
    if (j.contains("servers")) {
      t.servers = static_cast<std::uint32_t>(count(j, "servers"));
      t.queued = count(j, "queued");
      t.served = count(j, "served");
      t.reneges = count(j, "reneges");
      t.utilisation = real(j, "utilisation");
      t.mean_wait = real(j, "mean_wait");
      t.p95_wait = real(j, "p95_wait");
      t.prob_wait = real(j, "prob_wait");
      t.unfinished_waits = count(j, "unfinished_waits");
      t.mean_queue_length = real(j, "mean_queue_length");
    }
    return t;
  }
  PersonaRow persona(const json& j, const std::vector<TouchpointRow>& touchpoints) const {
    PersonaRow p;
    p.id = text(j, "id");
    p.agents = count(j, "agents");
    p.conversions = count(j, "conversions");
    p.conversion_rate = interval(j, "conversion_rate");
    p.abandonments = count(j, "abandonments");
    p.exits = count(j, "exits");
    p.step_guard_hits = count(j, "step_guard_hits");
    p.unfinished = count(j, "unfinished");
    p.revenue = real(j, "revenue");
    p.cost = real(j, "cost");
    p.mean_path_length = real(j, "mean_path_length");
    p.mean_time_to_convert = real(j, "mean_time_to_convert");
    p.p95_time_to_convert = real(j, "p95_time_to_convert");
    p.silences = count(j, "silences");
    p.silence_dropoffs = count(j, "silence_dropoffs");
    const json& visits = at(j, "visits");
    for (const TouchpointRow& t : touchpoints) p.visits.push_back(count(visits, t.id.c_str()));
    p.business = business(at(j, "business"));
    return p;
  }
  ChannelRow channel(const json& j) const {
    return {text(j, "id"),     text(j, "kind"), count(j, "visits"),     count(j, "orders"),
            real(j, "revenue"), real(j, "cost"), count(j, "switches_in")};
  }
  TimeSeries series(const json& j) const {
    TimeSeries s;
    s.period = real(j, "period");
    for (const json& x : at(j, "arrivals")) s.arrivals.push_back(x.get<std::uint64_t>());
    for (const json& x : at(j, "conversions")) s.conversions.push_back(x.get<std::uint64_t>());
    for (const json& x : at(j, "abandonments")) s.abandonments.push_back(x.get<std::uint64_t>());
    for (const auto& [id, lengths] : at(j, "queue_length").items()) {
      s.queue_touchpoints.push_back(id);
      std::vector<double>& row = s.queue_length.emplace_back();
      for (const json& x : lengths) row.push_back(x.is_null() ? std::nan("") : x.get<double>());
    }
    return s;
  }
};

}  // namespace

RunResult run_result_from_json(const json& j, const std::string& where) {
  const SummaryReader in{where};
  RunResult r;
  try {
    r.scenario = in.text(j, "scenario");
    r.source_file = in.text(j, "source_file");
    r.seed = in.count(j, "seed");
    r.agents = in.count(j, "agents");
    r.conversions = in.count(j, "conversions");
    r.conversion_rate = in.interval(j, "conversion_rate");
    r.abandonments = in.count(j, "abandonments");
    r.exits = in.count(j, "exits");
    r.step_guard_hits = in.count(j, "step_guard_hits");
    r.unfinished = in.count(j, "unfinished");
    r.events = in.count(j, "events");
    r.revenue = in.real(j, "revenue");
    r.cost = in.real(j, "cost");
    r.aov = in.real(j, "aov");
    r.variable_cost = in.real(j, "variable_cost");
    r.fixed_cost = in.real(j, "fixed_cost");
    r.design_cost = in.real(j, "design_cost");
    r.profit = in.real(j, "profit");
    r.roi = in.real(j, "roi");
    r.timed = in.at(j, "timed").get<bool>();
    r.horizon_seconds = in.real(j, "horizon_seconds");
    r.peak_agents_in_flight = in.count(j, "peak_agents_in_flight");
    r.business = in.business(in.at(j, "business"));
    for (const json& t : in.at(j, "touchpoints")) r.touchpoints.push_back(in.touchpoint(t));
    for (const json& p : in.at(j, "personas")) r.personas.push_back(in.persona(p, r.touchpoints));
    for (const json& c : in.at(j, "channels")) r.channels.push_back(in.channel(c));
    std::unordered_map<std::string, std::size_t> index;
    for (std::size_t i = 0; i < r.touchpoints.size(); ++i) index.emplace(r.touchpoints[i].id, i);
    for (const json& m : in.at(j, "flow")) {
      const auto from = index.find(in.text(m, "from")), to = index.find(in.text(m, "to"));
      if (from == index.end() || to == index.end()) throw Error(where + ": a flow entry names an unknown touchpoint");
      r.flow.push_back({static_cast<std::uint32_t>(from->second), static_cast<std::uint32_t>(to->second), in.count(m, "count")});
    }
    std::sort(r.flow.begin(), r.flow.end());
    if (r.timed && j.contains("time_series")) r.series = in.series(j.at("time_series"));
  } catch (const json::exception& e) {
    throw Error(where + ": not a jsim run summary (" + e.what() + ")");
  }
  return r;
}

}  // namespace jsim
