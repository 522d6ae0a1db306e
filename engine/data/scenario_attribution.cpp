#include "data/scenario_attribution.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>  // fmt::join

#include <cmath>
#include <limits>
#include <memory>

#include "analysis/markov.hpp"
#include "experiment/mean_interval.hpp"
#include "experiment/replication.hpp"
#include "model/error.hpp"
#include "sim/simulation.hpp"

namespace jsim::data {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

Interval point(double x) { return {x, x, x}; }

// The credited states and, per state, which touchpoints its removal turns into exits.
struct StateSet {
  std::vector<std::string> names;
  std::vector<State> channel;                // touchpoint level only
  std::vector<std::vector<bool>> removed;    // [state][touchpoint]
  std::vector<std::string> uncredited;       // channels with no regular touchpoint
};

StateSet states_of(const Scenario& s, PathLevel level) {
  StateSet out;
  const std::size_t n = s.touchpoints.size();
  if (level == PathLevel::Touchpoint) {
    for (std::size_t u = 0; u < n; ++u) {
      const Touchpoint& tp = s.touchpoints[u];
      if (tp.terminal()) continue;
      out.names.push_back(tp.id);
      out.channel.push_back(tp.channel);
      std::vector<bool> r(n, false);
      r[u] = true;
      out.removed.push_back(std::move(r));
    }
    return out;
  }
  for (Index c = 0; c < s.channels.size(); ++c) {
    std::vector<bool> r(n, false);
    bool any = false;
    for (std::size_t u = 0; u < n; ++u)
      if (s.touchpoints[u].channel == c && !s.touchpoints[u].terminal()) r[u] = any = true;
    if (!any) {
      out.uncredited.push_back(s.channels[c].id);
      continue;
    }
    out.names.push_back(s.channels[c].id);
    out.removed.push_back(std::move(r));
  }
  return out;
}

// P(conversion) and expected conversion value per agent, share-weighted over personas.
std::pair<double, double> exact_rates(const Scenario& s) {
  const ExactAnalysis a = analyze_exact(s);
  double share_total = 0.0;
  for (const auto& p : s.personas) share_total += p.share;
  double value = 0.0;
  for (std::size_t i = 0; i < a.personas.size(); ++i)
    value += s.personas[i].share / share_total * a.personas[i].expected_order_value;
  return {a.conversion_probability, value};
}

// credit_c = RE_c / Σ RE × total; all zero when no removal changes anything.
std::vector<double> shares_of(const std::vector<double>& re, double total) {
  double sum = 0.0;
  for (double x : re) sum += x;
  std::vector<double> out(re.size(), 0.0);
  if (sum > 0.0)
    for (std::size_t i = 0; i < re.size(); ++i) out[i] = re[i] / sum * total;
  return out;
}

void fill_exact(const Scenario& s, const StateSet& st, ScenarioAttribution& out) {
  const auto [p, value] = exact_rates(s);
  if (!(p > 0.0))
    throw Error(fmt::format("scenario '{}' never converts (exact conversion probability 0): nothing to attribute", s.name));
  const double n = static_cast<double>(out.population);
  out.conversion_probability = point(p);
  out.expected_conversions = point(p * n);
  out.expected_value = point(value * n);
  Credit c;
  c.model = "markov_exact";
  for (const auto& removed : st.removed) {
    const double pc = exact_rates(*remove_touchpoints(s, removed)).first;
    out.removed_conversion_probability.push_back(point(pc));
    c.removal_effect.push_back(1.0 - pc / p);
  }
  c.conversions = shares_of(c.removal_effect, p * n);
  c.value = shares_of(c.removal_effect, value * n);
  out.result.credits.push_back(std::move(c));
}

const std::vector<double>& metric(const MetricSamples& m, const char* name) {
  const std::vector<double>* v = m.find(name);
  if (v == nullptr) throw Error(fmt::format("simulation gave no '{}' metric", name));
  return *v;
}

void fill_simulated(const ScenarioPtr& s, const StateSet& st, const ScenarioAttributionOptions& o,
                    ScenarioAttribution& out) {
  RunPlan plan = default_plan(s);
  plan.population = out.population;
  if (o.seed) plan.seed = *o.seed;
  plan.threads = o.threads;
  out.first_seed = plan.seed;
  out.replications = o.replications;
  const std::uint32_t R = o.replications;
  const double n = static_cast<double>(out.population);

  // replicate() gives replication r of every design the seed plan.seed + r: the pairing.
  const MetricSamples base = replicate(plan, R).samples;
  const std::vector<double>& base_conv = metric(base, "conversions");
  const std::vector<double>& base_value = metric(base, "revenue");
  double total = 0.0;
  for (double x : base_conv) total += x;
  if (!(total > 0.0))
    throw Error(fmt::format("scenario '{}' had no conversions in {} replications of {} agents: nothing to attribute",
                            s->name, R, out.population));

  const std::size_t k = st.names.size();
  std::vector<std::vector<double>> re(k, std::vector<double>(R));  // [state][replication]
  for (std::size_t i = 0; i < k; ++i) {
    RunPlan p = plan;
    p.scenario = remove_touchpoints(*s, st.removed[i]);
    const std::vector<double> conv = metric(replicate(p, R).samples, "conversions");
    std::vector<double> rate(R);
    for (std::uint32_t r = 0; r < R; ++r) {
      re[i][r] = base_conv[r] > 0.0 ? 1.0 - conv[r] / base_conv[r] : kNaN;
      rate[r] = conv[r] / n;
    }
    out.removed_conversion_probability.push_back(mean_interval(rate));
  }

  std::vector<double> base_rate(R);
  for (std::uint32_t r = 0; r < R; ++r) base_rate[r] = base_conv[r] / n;
  out.conversion_probability = mean_interval(base_rate);
  out.expected_conversions = mean_interval(base_conv);
  out.expected_value = mean_interval(base_value);

  // Per replication credits, then the mean and t-interval of each over the replications.
  std::vector<std::vector<double>> conv_credit(k, std::vector<double>(R)), value_credit(k, std::vector<double>(R));
  for (std::uint32_t r = 0; r < R; ++r) {
    std::vector<double> re_r(k);
    for (std::size_t i = 0; i < k; ++i) re_r[i] = re[i][r];
    const std::vector<double> cc = shares_of(re_r, base_conv[r]);
    const std::vector<double> vc = shares_of(re_r, base_value[r]);
    for (std::size_t i = 0; i < k; ++i) conv_credit[i][r] = cc[i], value_credit[i][r] = vc[i];
  }
  Credit c;
  c.model = "removal_simulated";
  for (std::size_t i = 0; i < k; ++i) {
    const Interval ci = mean_interval(conv_credit[i]), vi = mean_interval(value_credit[i]);
    c.conversions.push_back(ci.estimate);
    c.conversions_low.push_back(ci.low);
    c.conversions_high.push_back(ci.high);
    c.value.push_back(vi.estimate);
    c.value_low.push_back(vi.low);
    c.value_high.push_back(vi.high);
    c.removal_effect.push_back(mean_interval(re[i]).estimate);
  }
  out.result.credits.push_back(std::move(c));
  out.result.notes.push_back(fmt::format(
      "removal_simulated: {} paired replications of {} agents (seeds {}..{}, common random numbers); intervals: 95% "
      "Student-t over the per-replication credits",
      R, out.population, plan.seed, replication_seed(plan.seed, R - 1)));
}

}  // namespace

ScenarioPtr remove_touchpoints(const Scenario& s, const std::vector<bool>& removed) {
  auto copy = std::make_shared<Scenario>(s);
  for (std::size_t u = 0; u < copy->touchpoints.size() && u < removed.size(); ++u) {
    Touchpoint& tp = copy->touchpoints[u];
    if (!removed[u] || tp.terminal()) continue;
    tp.kind = TouchpointKind::Exit;
    tp.servers = 0;
    tp.service = Distribution::none();
    tp.hours = OpeningHours{};
    tp.cart = false;
    tp.service_quality = 0.0;
  }
  return copy;
}

ScenarioAttribution attribute_scenario(const ScenarioPtr& s, const ScenarioAttributionOptions& options) {
  ScenarioAttribution out;
  out.scenario = s->name;
  out.level = options.level;
  out.population = options.population.value_or(s->population);
  for (const Channel& c : s->channels) out.channels.push_back(c.id);
  const StateSet st = states_of(*s, options.level);
  out.states = st.names;
  out.state_channel = st.channel;
  out.caveats = exact_analysis_caveats(*s);
  out.exact = out.caveats.empty() && !options.force_simulation;
  if (options.replications == 0) throw Error("replications must be at least 1");

  if (out.exact)
    fill_exact(*s, st, out);
  else
    fill_simulated(s, st, options, out);

  Credit& c = out.result.credits.front();
  if (options.level == PathLevel::Touchpoint) {
    c.channel_conversions.assign(out.channels.size(), 0.0);
    c.channel_value.assign(out.channels.size(), 0.0);
    for (std::size_t i = 0; i < out.states.size(); ++i) {
      c.channel_conversions[out.state_channel[i]] += c.conversions[i];
      c.channel_value[out.state_channel[i]] += c.value[i];
    }
  }
  out.result.chain_conversion_probability.push_back(out.conversion_probability.estimate);
  if (!out.exact && !options.force_simulation)
    out.result.notes.insert(out.result.notes.begin(),
                            fmt::format("simulated, not exact: the exact answer would leave out {}",
                                        fmt::join(out.caveats, "; ")));
  if (!st.uncredited.empty())
    out.result.notes.push_back(fmt::format(
        "not credited (only conversion or exit touchpoints, which are outcomes, not removable): {}",
        fmt::join(st.uncredited, ", ")));
  if (out.exact)
    out.result.notes.push_back(
        "markov_exact: removal effects of the scenario's absorbing chain (jsim analyze); removed touchpoints end the "
        "journey without conversion");
  return out;
}

}  // namespace jsim::data
