// Estimators of `jsim discover` (docs/discover.md). Journeys become sequences of touchpoint
// indices, truncated at their first terminal (conversion or exit) touch; everything is counted
// from those sequences.
#include "data/discovery.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <set>
#include <unordered_map>

#include "model/error.hpp"

namespace jsim::data {

namespace {

// The largest number of intervals [start, end) that overlap at one instant (a sweep over their
// ends; an interval ending when another starts does not overlap it). Logged timestamps are
// rounded (events.csv: to the millisecond), so a server that finishes and starts the next customer
// "at once" can show a sliver of overlap: overlaps shorter than kSliver do not count.
std::uint32_t most_at_once(std::vector<std::pair<double, double>>& intervals) {
  constexpr double kSliver = 0.002;  // seconds: twice the millisecond rounding
  std::vector<std::pair<double, int>> edges;
  edges.reserve(2 * intervals.size());
  for (const auto& [start, end] : intervals)
    if (end - start > kSliver) edges.emplace_back(start, +1), edges.emplace_back(end - kSliver, -1);
  std::sort(edges.begin(), edges.end());  // at equal times -1 sorts first: ends before starts
  int now = 0, most = 0;
  for (const auto& [t, step] : edges) most = std::max(most, now += step);
  return static_cast<std::uint32_t>(most);
}

using TKind = DiscoveredTouchpoint::Kind;
constexpr double kDay = 86400.0;
constexpr double kDefaultStart = 1704067200.0;  // 2024-01-01T00:00:00Z, a Monday: the format's default

bool id_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-'; }

// A valid, unique id (`[A-Za-z_][A-Za-z0-9_.-]*`) for `name`.
std::string make_id(const std::string& name, std::set<std::string>& taken, const std::string& prefix) {
  std::string s;
  for (const char c : name) s.push_back(id_char(c) ? c : '_');
  if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) s = prefix + s;
  std::string id = s;
  for (int k = 2; taken.count(id); ++k) id = s + "_" + std::to_string(k);
  taken.insert(id);
  return id;
}

std::string guess_channel_kind(const std::string& name) {
  std::string n;
  for (const char c : name) n.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  for (const char* w : {"store", "shop", "branch", "office", "clinic", "campus", "showroom", "counter", "physical", "mall"})
    if (n.find(w) != std::string::npos) return "physical";
  for (const char* w : {"call", "phone", "agent", "advisor", "adviser", "support", "chat", "assist", "contact"})
    if (n.find(w) != std::string::npos) return "assisted";
  return "digital";
}

// Counts one journey (touchpoint sequence, last element possibly terminal) into `d`.
void count_journey(DiscoveredScenario& d, const std::vector<std::uint32_t>& tps, bool censored, std::uint32_t persona,
                   std::uint64_t count) {
  DiscoveredPersona& p = d.personas[persona];
  p.journeys += count;
  d.journeys += count;
  if (tps.empty()) return;
  d.entry[tps[0]] += count;
  p.entry[tps[0]] += count;
  for (std::size_t i = 0; i < tps.size(); ++i) {
    DiscoveredTouchpoint& t = d.touchpoints[tps[i]];
    t.visits += count;
    if (t.kind != TKind::Regular) {
      if (t.kind == TKind::Conversion) p.conversions += count, d.conversions += count;
      break;
    }
    if (i + 1 < tps.size()) {
      t.decided += count;
      p.decided[tps[i]] += count;
      auto m = std::find_if(t.moves.begin(), t.moves.end(), [&](const DiscoveredMove& x) { return x.to == tps[i + 1]; });
      if (m == t.moves.end()) {
        DiscoveredMove nm;
        nm.to = tps[i + 1];
        nm.by_persona.assign(d.personas.size(), 0);
        t.moves.push_back(std::move(nm));
        m = t.moves.end() - 1;
      }
      m->count += count;
      m->by_persona[persona] += count;
    } else if (censored) {
      t.censored += count;
      d.censored += count;
      p.censored += count;
    } else {
      t.decided += count, t.abandons += count;
      p.decided[tps[i]] += count, p.abandons[tps[i]] += count;
    }
  }
}

// Friction (per touchpoint) and sensitivity (per persona) by maximum likelihood.
// One persona: friction = abandons / decided visits. Several: the likelihood
//   prod_p prod_u (s_p f_u)^a_pu (1 - s_p f_u)^(n_pu - a_pu)
// is maximised by coordinate ascent (each 1-D problem is concave: bisection on the score), with the
// persona of most journeys as reference (s = 1) to fix the scale.
void fit_friction(DiscoveredScenario& d) {
  const std::size_t P = d.personas.size(), U = d.touchpoints.size();
  for (auto& t : d.touchpoints) t.friction = t.decided ? double(t.abandons) / double(t.decided) : 0.0;
  if (P <= 1) return;
  std::size_t ref = 0;
  for (std::size_t p = 1; p < P; ++p)
    if (d.personas[p].journeys > d.personas[ref].journeys) ref = p;
  // Root of a decreasing score g on (0, hi]: hi when g(hi) > 0.
  auto solve = [](auto g, double hi) {
    if (g(hi) >= 0.0) return hi;
    double lo = 0.0;
    for (int k = 0; k < 100; ++k) {
      const double mid = 0.5 * (lo + hi);
      (g(mid) > 0.0 ? lo : hi) = mid;
    }
    return 0.5 * (lo + hi);
  };
  constexpr double kMinSensitivity = 0.01;  // keeps every loop escapable (a finite exact answer)
  for (int iter = 0; iter < 60; ++iter) {
    for (std::size_t p = 0; p < P; ++p) {
      if (p == ref) continue;
      auto& per = d.personas[p];
      double A = 0.0, fmax = 0.0;
      for (std::size_t u = 0; u < U; ++u)
        if (per.decided[u]) A += double(per.abandons[u]), fmax = std::max(fmax, d.touchpoints[u].friction);
      if (fmax <= 0.0) continue;
      const double hi = 1.0 / fmax;
      auto g = [&](double s) {
        double v = A / s;
        for (std::size_t u = 0; u < U; ++u) {
          const double f = d.touchpoints[u].friction, n = double(per.decided[u]), a = double(per.abandons[u]);
          if (n > a) v -= (n - a) * f / std::max(1e-300, 1.0 - s * f);
        }
        return v;
      };
      per.sensitivity = A > 0.0 ? std::max(kMinSensitivity, solve(g, hi * (1.0 - 1e-12))) : kMinSensitivity;
    }
    for (std::size_t u = 0; u < U; ++u) {
      auto& t = d.touchpoints[u];
      if (t.kind != TKind::Regular || !t.decided) continue;
      double A = 0.0, smax = 0.0;
      for (const auto& per : d.personas)
        if (per.decided[u]) A += double(per.abandons[u]), smax = std::max(smax, per.sensitivity);
      if (A <= 0.0) {
        t.friction = 0.0;
        continue;
      }
      const double hi = std::min(1.0, 1.0 / smax);
      auto g = [&](double f) {
        double v = A / f;
        for (const auto& per : d.personas) {
          const double n = double(per.decided[u]), a = double(per.abandons[u]);
          if (n > a) v -= (n - a) * per.sensitivity / std::max(1e-300, 1.0 - per.sensitivity * f);
        }
        return v;
      };
      t.friction = solve(g, hi * (1.0 - 1e-12));
    }
  }
}

// Transition weights and per-persona channel affinities by maximum likelihood. Persona p at u
// moves to v with probability w(u,v) a(p, channel v) / sum_x w(u,x) a(p, channel x) (docs/model.md);
// the log-likelihood sum n(p,u,v) log of that is maximised by the MM (minorise-maximise) updates
// of Hunter (2004) for multiplicative choice models, alternating
//   w(u,v) <- n(u,v) / sum_p N(p,u) a(p,c(v)) / D(p,u)
//   a(p,c) <- n(p, moves into c) / sum_u N(p,u) (sum_{x in c} w(u,x)) / D(p,u)
// (D(p,u) the denominator above), each of which increases the likelihood. Reference persona (most
// journeys): affinity 1. Weights are rescaled to sum to the moves out of u; affinities to a maximum
// of 1, floored at 0.001 so that every observed move stays possible for every persona.
void fit_affinity(DiscoveredScenario& d, bool enabled) {
  for (auto& t : d.touchpoints)
    for (auto& m : t.moves) m.weight = double(m.count);
  const std::size_t P = d.personas.size(), C = d.channels.size();
  if (P <= 1 || !enabled) return;
  d.affinity_fitted = true;
  std::size_t ref = 0;
  for (std::size_t p = 1; p < P; ++p)
    if (d.personas[p].journeys > d.personas[ref].journeys) ref = p;
  for (auto& per : d.personas) per.affinity.assign(C, 1.0);
  auto ch = [&](const DiscoveredMove& m) { return d.touchpoints[m.to].channel; };
  std::vector<double> D(P), N(P), num(C), den(C);
  for (int iter = 0; iter < 500; ++iter) {
    for (auto& t : d.touchpoints) {
      if (t.moves.size() < 2) continue;
      for (std::size_t p = 0; p < P; ++p) {
        D[p] = 0.0, N[p] = 0.0;
        for (const auto& m : t.moves) D[p] += m.weight * d.personas[p].affinity[ch(m)], N[p] += double(m.by_persona[p]);
      }
      double total = 0.0, sum = 0.0;
      for (auto& m : t.moves) {
        double q = 0.0;
        for (std::size_t p = 0; p < P; ++p)
          if (N[p] > 0.0) q += N[p] * d.personas[p].affinity[ch(m)] / D[p];
        m.weight = q > 0.0 ? double(m.count) / q : 0.0;
        total += double(m.count), sum += m.weight;
      }
      for (auto& m : t.moves) m.weight *= total / sum;
    }
    for (std::size_t p = 0; p < P; ++p) {
      if (p == ref) continue;
      auto& per = d.personas[p];
      std::fill(num.begin(), num.end(), 0.0);
      std::fill(den.begin(), den.end(), 0.0);
      for (const auto& t : d.touchpoints) {
        double Dp = 0.0, Np = 0.0;
        for (const auto& m : t.moves) Dp += m.weight * per.affinity[ch(m)], Np += double(m.by_persona[p]);
        if (Np <= 0.0 || Dp <= 0.0) continue;
        for (const auto& m : t.moves) num[ch(m)] += double(m.by_persona[p]), den[ch(m)] += Np * m.weight / Dp;
      }
      double top = 0.0;
      for (std::size_t c = 0; c < C; ++c) {
        if (den[c] > 0.0) per.affinity[c] = num[c] / den[c];
        top = std::max(top, per.affinity[c]);
      }
      if (top > 0.0)
        for (auto& a : per.affinity) a = std::max(1e-3, a / top);
    }
  }
}

// P(repeat | converted) = pi and an exponential repeat delay of mean mu, by maximum likelihood
// with censoring: a converted journey followed by the customer's next one after gap g contributes
// pi f(g); one not followed, with c seconds of log left after it, 1 - pi F(c). Coordinate ascent:
// pi by bisection on its score, mu by golden-section search on log mu.
void fit_repeats(DiscoveredPersona& p, const std::vector<double>& gaps, const std::vector<double>& exposure) {
  p.repeats = gaps.size();
  p.repeat_chances = gaps.size() + exposure.size();
  if (gaps.empty()) return;
  double mu = std::accumulate(gaps.begin(), gaps.end(), 0.0) / double(gaps.size());
  mu = std::max(mu, 1.0);
  double pi = double(gaps.size()) / double(p.repeat_chances);
  auto F = [](double c, double m) { return -std::expm1(-c / m); };
  const double R = double(gaps.size());
  std::vector<double> Fc(exposure.size());
  for (int iter = 0; iter < 30; ++iter) {
    for (std::size_t i = 0; i < exposure.size(); ++i) Fc[i] = F(exposure[i], mu);
    auto score = [&](double x) {
      double v = R / x;
      for (const double f : Fc) v -= f / std::max(1e-300, 1.0 - x * f);
      return v;
    };
    double lo = 1e-9, hi = 1.0;
    if (score(hi) >= 0.0) pi = hi;
    else {
      for (int k = 0; k < 45; ++k) {
        const double mid = 0.5 * (lo + hi);
        (score(mid) > 0.0 ? lo : hi) = mid;
      }
      pi = 0.5 * (lo + hi);
    }
    // mu: bisection on log mu of the score
    //   sum_r (g - mu) / mu^2 + sum_c pi (c / mu^2) e^(-c/mu) / (1 - pi F(c)).
    auto score_mu = [&](double m) {
      double v = 0.0;
      for (const double g : gaps) v += (g - m);
      for (const double c : exposure) v += pi * c * std::exp(-c / m) / std::max(1e-300, 1.0 - pi * F(c, m));
      return v;  // times 1 / m^2 > 0: same sign
    };
    double a = std::log(mu) - 5.0, b = std::log(mu) + 5.0;
    for (int k = 0; k < 45; ++k) {
      const double mid = 0.5 * (a + b);
      (score_mu(std::exp(mid)) > 0.0 ? a : b) = mid;
    }
    const double next = std::exp(0.5 * (a + b));
    const bool done = std::abs(next - mu) < 1e-7 * mu && iter > 0;
    mu = next;
    if (done) break;
  }
  p.repeat_per_conversion = pi;
  p.repeat_probability = std::min(1.0, pi / 0.9);
  p.repeat_delay.kind = FittedDistribution::Kind::Exponential;
  p.repeat_delay.mean = mu;
  p.repeat_delay.n = gaps.size();
}

void finish(DiscoveredScenario& d, bool affinity) {
  if (d.conversions == 0)
    throw ScenarioError({Diagnostic{d.source, 0, 0,
                                    "no journey converts; expected conversion activities (a kind column, --conversions, "
                                    "values, or an outcome column saying converted)"}});
  bool regular = false;
  for (auto& t : d.touchpoints) {
    if (t.kind != TKind::Regular) continue;
    if (t.moves.empty()) t.dead_end = true;
    else regular = true;
    std::sort(t.moves.begin(), t.moves.end(), [](const DiscoveredMove& a, const DiscoveredMove& b) {
      return a.count != b.count ? a.count > b.count : a.to < b.to;
    });
  }
  if (!regular)
    throw ScenarioError({Diagnostic{d.source, 0, 0, "no journey moves from one touchpoint to another; nothing to fit"}});
  // Shares from journey counts; the last absorbs rounding so they sum to 1.
  double rest = 1.0;
  for (std::size_t p = 0; p < d.personas.size(); ++p) {
    auto& per = d.personas[p];
    per.share = p + 1 == d.personas.size() ? rest
                : d.repeats_fitted       ? double(per.agents) / double(d.agents)
                                         : double(per.journeys) / double(d.journeys);
    rest -= per.share;
  }
  fit_friction(d);
  fit_affinity(d, affinity);
  for (auto& t : d.touchpoints) {
    for (auto& m : t.moves) {
      if (d.timed) m.delay = fit_duration(m.gaps);
      std::vector<double>().swap(m.gaps);
    }
    if (d.timed) t.service = fit_duration(t.service_samples);
    std::vector<double>().swap(t.service_samples);
    // A queue needs a service time to be one (the format's rule); a touchpoint whose visits all
    // left the queue unserved keeps none and stays unlimited.
    if (d.timed && t.waited > 0 && t.service.kind != FittedDistribution::Kind::None) t.servers = most_at_once(t.in_service);
    std::vector<std::pair<double, double>>().swap(t.in_service);
    if (t.kind == TKind::Conversion) {
      // Lognormal by moments: the format's lognormal is given by its own mean and sd.
      auto& v = t.values;
      FittedDistribution f;
      f.n = v.size();
      if (!v.empty()) {
        f.mean = std::accumulate(v.begin(), v.end(), 0.0) / double(v.size());
        double ss = 0.0;
        for (const double x : v) ss += (x - f.mean) * (x - f.mean);
        f.sd = v.size() > 1 ? std::sqrt(ss / double(v.size() - 1)) : 0.0;
      }
      f.kind = f.mean > 0.0 ? FittedDistribution::Kind::Lognormal : FittedDistribution::Kind::Fixed;
      t.order_value = f;
    }
    std::vector<double>().swap(t.values);
  }
}

void init_counts(DiscoveredScenario& d) {
  const std::size_t U = d.touchpoints.size();
  d.entry.assign(U, 0);
  for (auto& p : d.personas) p.entry.assign(U, 0), p.decided.assign(U, 0), p.abandons.assign(U, 0);
}

}  // namespace

FittedDistribution fit_duration(const std::vector<double>& xs) {
  FittedDistribution f;
  std::vector<double> pos;
  pos.reserve(xs.size());
  for (const double x : xs) (x > 1e-6 ? pos.push_back(x) : void(++f.zeros));
  f.n = pos.size();
  if (pos.empty() || f.zeros >= pos.size()) return f;
  const double n = double(pos.size());
  const double mean = std::accumulate(pos.begin(), pos.end(), 0.0) / n;
  if (pos.size() < 2) {
    f.kind = FittedDistribution::Kind::Exponential;
    f.mean = mean;
    return f;
  }
  double sum_log = 0.0;
  for (const double x : pos) sum_log += std::log(x);
  const double mu = sum_log / n;
  double s2 = 0.0;
  for (const double x : pos) s2 += (std::log(x) - mu) * (std::log(x) - mu);
  s2 /= n;  // MLE
  // Log-likelihoods at the MLEs: exponential -n log(mean) - n; lognormal
  // -sum log x - n/2 log(2 pi s2) - n/2. AIC = 2k - 2 LL with k = 1 and 2.
  const double ll_exp = -n * std::log(mean) - n;
  f.aic_exponential = 2.0 - 2.0 * ll_exp;
  if (s2 > 1e-12) {
    const double ll_ln = -sum_log - 0.5 * n * std::log(2.0 * M_PI * s2) - 0.5 * n;
    f.aic_lognormal = 4.0 - 2.0 * ll_ln;
  } else {
    f.aic_lognormal = -std::numeric_limits<double>::infinity();  // all equal: a point mass
  }
  if (f.aic_lognormal < f.aic_exponential) {
    f.kind = s2 > 1e-12 ? FittedDistribution::Kind::Lognormal : FittedDistribution::Kind::Fixed;
    f.mean = std::exp(mu + 0.5 * s2);
    f.sd = f.mean * std::sqrt(std::expm1(s2));
    if (f.kind == FittedDistribution::Kind::Fixed) f.mean = mean, f.sd = 0.0;
  } else {
    f.kind = FittedDistribution::Kind::Exponential;
    f.mean = mean;
  }
  return f;
}

DiscoveredScenario discover_from_log(const JourneyLog& log, const DiscoveryOptions& o) {
  DiscoveredScenario d;
  d.name = o.name;
  d.source = o.source.empty() ? log.file : o.source;
  d.input_kind = "event log";
  d.rows = log.rows;
  d.seed = o.seed;
  const std::size_t A = log.activities.size();

  // Activity kinds: the log's (kind column, --conversions, --exits); failing any conversion there
  // or in the outcome column, activities whose rows carry a value > 0 are conversions.
  std::vector<TKind> akind(A, TKind::Regular);
  bool any_conversion = false, any_outcome_conversion = false;
  for (std::size_t a = 0; a < A; ++a) {
    akind[a] = log.activity_kinds[a] == ActivityKind::Conversion ? TKind::Conversion
               : log.activity_kinds[a] == ActivityKind::Exit     ? TKind::Exit
                                                                 : TKind::Regular;
    any_conversion |= akind[a] == TKind::Conversion;
  }
  for (const auto& c : log.cases) any_outcome_conversion |= c.converted_by_outcome;
  if (!any_conversion && !any_outcome_conversion && log.has_values)
    for (const auto& e : log.events)
      if (e.has_value() && e.value > 0.0 && akind[e.activity] == TKind::Regular) akind[e.activity] = TKind::Conversion;

  // Touchpoints: one per activity, or per (activity, channel) for an activity seen on several channels.
  std::vector<std::set<std::uint32_t>> act_channels(A);
  for (const auto& e : log.events) act_channels[e.activity].insert(e.channel);
  std::map<std::pair<std::uint32_t, std::uint32_t>, std::uint32_t> tp_of;
  std::set<std::string> tp_ids, ch_ids, stage_ids, persona_ids;
  std::vector<std::uint32_t> channel_id(log.channels.size() + 1, kNone);  // log channel -> scenario channel
  std::map<std::string, std::uint32_t> activity_channel;                   // no channel: activity -> channel
  auto scenario_channel = [&](std::uint32_t a, std::uint32_t ch) -> std::uint32_t {
    if (ch != kNone) {
      if (channel_id[ch] == kNone) {
        channel_id[ch] = static_cast<std::uint32_t>(d.channels.size());
        d.channels.push_back({make_id(log.channels[ch], ch_ids, "c_"), log.channels[ch], guess_channel_kind(log.channels[ch])});
      }
      return channel_id[ch];
    }
    d.channels_from_activities = true;
    const auto [it, added] = activity_channel.try_emplace(log.activities[a], static_cast<std::uint32_t>(d.channels.size()));
    if (added) d.channels.push_back({make_id(log.activities[a], ch_ids, "c_"), log.activities[a], guess_channel_kind(log.activities[a])});
    return it->second;
  };
  // Stages from a stage column, ordered by the mean position of their touches in the journeys.
  const bool staged = log.has_stages;
  std::vector<std::uint32_t> stage_of_tp;
  auto touchpoint = [&](std::uint32_t a, std::uint32_t ch) -> std::uint32_t {
    const auto [it, added] = tp_of.try_emplace({a, ch}, static_cast<std::uint32_t>(d.touchpoints.size()));
    if (added) {
      DiscoveredTouchpoint t;
      t.activity = log.activities[a];
      t.channel_name = ch == kNone ? "" : log.channels[ch];
      const std::string name = act_channels[a].size() > 1 && ch != kNone ? t.activity + "_" + t.channel_name : t.activity;
      t.id = make_id(name, tp_ids, "t_");
      t.channel = scenario_channel(a, ch);
      t.kind = akind[a];
      d.touchpoints.push_back(std::move(t));
      stage_of_tp.push_back(staged ? log.activity_stage[a] : kNone);
    }
    return it->second;
  };
  std::uint32_t synthetic_conversion = kNone;

  // Personas from the segment column (one `everyone` without it).
  std::vector<std::uint32_t> persona_of_segment(log.segments.size() + 1, kNone);
  auto persona = [&](std::uint32_t seg) -> std::uint32_t {
    const std::size_t k = seg == kNone ? log.segments.size() : seg;
    if (persona_of_segment[k] == kNone) {
      persona_of_segment[k] = static_cast<std::uint32_t>(d.personas.size());
      DiscoveredPersona p;
      p.segment = seg == kNone ? "" : log.segments[seg];
      p.id = make_id(seg == kNone ? (log.has_segments ? "unsegmented" : "everyone") : p.segment, persona_ids, "p_");
      d.personas.push_back(std::move(p));
    }
    return persona_of_segment[k];
  };

  // Timing: timed when the log has timestamps that differ.
  double tmin = std::numeric_limits<double>::infinity(), tmax = -tmin;
  for (const auto& e : log.events) tmin = std::min(tmin, e.time), tmax = std::max(tmax, e.time);
  d.timed = log.has_timestamps && !o.untimed && tmax > tmin;
  if (d.timed) {
    d.first_time = tmin, d.last_time = tmax;
    d.times_are_offsets = tmin < 1e8;  // before 1973: plain seconds from some origin, not calendar time
    const double origin = d.times_are_offsets ? 0.0 : std::floor(tmin / kDay) * kDay;
    d.start = d.times_are_offsets ? kDefaultStart : origin;
    d.horizon_days = std::max(1, static_cast<int>(std::ceil((tmax - origin) / kDay - 1e-9)));
    if ((tmax - origin) / kDay >= d.horizon_days) ++d.horizon_days;
    // 1970-01-01 was a Thursday (Monday = 0 -> 3).
    d.start_weekday = static_cast<int>((static_cast<long long>(std::floor(d.start / kDay)) % 7 + 7 + 3) % 7);
    for (int day = 0; day < d.horizon_days; ++day) d.day_exposure[day % 7] += 1.0;
  }
  const double origin = d.timed && !d.times_are_offsets ? d.start : 0.0;

  // Pass 1: create touchpoints and personas in order of appearance (then the count arrays).
  for (const auto& c : log.cases) {
    persona(c.segment);
    for (const auto& e : log.events_of(c)) touchpoint(e.activity, e.channel);
  }
  bool need_synthetic = false;
  for (const auto& c : log.cases)
    if (c.converted_by_outcome) {
      bool has = false;
      for (const auto& e : log.events_of(c)) has |= akind[e.activity] == TKind::Conversion;
      need_synthetic |= !has;
    }
  if (need_synthetic) {
    DiscoveredTouchpoint t;
    t.id = make_id("conversion", tp_ids, "t_");
    t.activity = "(outcome column: " + std::string("converted") + ")";
    t.kind = TKind::Conversion;
    t.channel = 0;  // set below: the channel of the touchpoint that leads there most
    synthetic_conversion = static_cast<std::uint32_t>(d.touchpoints.size());
    d.touchpoints.push_back(std::move(t));
    stage_of_tp.push_back(kNone);
  }
  init_counts(d);

  // Repeat journeys: per customer, cases in order of their first event; a case that follows a
  // converted case of the same customer is a repeat (docs/model.md: only a purchase leads to one).
  std::vector<std::uint8_t> is_repeat(log.cases.size(), 0);
  std::vector<std::vector<double>> repeat_gaps(d.personas.size()), repeat_exposure(d.personas.size());
  if (d.timed && o.repeats && log.has_customers) {
    std::unordered_map<std::string, std::vector<std::uint32_t>> by_customer;
    for (std::size_t i = 0; i < log.cases.size(); ++i)
      if (!log.cases[i].customer.empty()) by_customer[log.cases[i].customer].push_back(static_cast<std::uint32_t>(i));
    const double log_end = origin + d.horizon_days * kDay;
    auto converted = [&](const JourneyCase& c) {
      if (c.converted_by_outcome) return true;
      for (const auto& e : log.events_of(c)) {
        if (akind[e.activity] == TKind::Conversion) return true;
        if (akind[e.activity] == TKind::Exit) return false;
      }
      return false;
    };
    auto end_of = [&](const JourneyCase& c) {
      double t = -std::numeric_limits<double>::infinity();
      for (const auto& e : log.events_of(c)) t = std::max(t, e.has_end() ? e.end : e.time);
      return t;
    };
    bool any = false;
    for (auto& [customer, list] : by_customer) {
      std::stable_sort(list.begin(), list.end(), [&](std::uint32_t a, std::uint32_t b) {
        return log.events_of(log.cases[a])[0].time < log.events_of(log.cases[b])[0].time;
      });
      for (std::size_t k = 0; k < list.size(); ++k) {
        const auto& c = log.cases[list[k]];
        if (!converted(c) || c.censored) continue;
        const std::uint32_t p = persona(c.segment);
        const double end = end_of(c);
        if (k + 1 < list.size()) {
          is_repeat[list[k + 1]] = 1, any = true;
          repeat_gaps[p].push_back(std::max(0.0, log.events_of(log.cases[list[k + 1]])[0].time - end));
        } else {
          repeat_exposure[p].push_back(std::max(0.0, log_end - end));
        }
      }
    }
    d.repeats_fitted = any;
  }

  // Pass 2: count.
  std::vector<std::uint32_t> tps;
  std::vector<double> stage_pos_sum(log.stages.size(), 0.0), stage_pos_n(log.stages.size(), 0.0);
  for (const auto& c : log.cases) {
    const auto events = log.events_of(c);
    tps.clear();
    std::size_t n = 0;
    bool terminal = false;
    for (; n < events.size(); ++n) {
      const auto u = tp_of.at({events[n].activity, events[n].channel});
      tps.push_back(u);
      if (d.touchpoints[u].kind != TKind::Regular) {
        terminal = true;
        ++n;
        break;
      }
    }
    if (!terminal && c.converted_by_outcome && synthetic_conversion != kNone) tps.push_back(synthetic_conversion);
    if (tps.empty()) {
      ++d.empty_journeys;
      continue;
    }
    count_journey(d, tps, c.censored && !terminal && !c.converted_by_outcome, persona(c.segment), 1);
    for (std::size_t i = 0; i < n; ++i) {
      auto& t = d.touchpoints[tps[i]];
      const auto& e = events[i];
      if (staged && stage_of_tp[tps[i]] != kNone)
        stage_pos_sum[stage_of_tp[tps[i]]] += double(i), stage_pos_n[stage_of_tp[tps[i]]] += 1.0;
      if (t.kind == TKind::Conversion && e.has_value()) t.values.push_back(e.value);
      if (!d.timed) continue;
      if (e.has_end()) {
        // Service starts after the wait: waiting is the queue's, not the touchpoint's service time.
        const double start = std::min(e.time + e.wait, e.end);
        // Waited and then no service at all: left the queue unserved (reneged), not a service of 0.
        if (!(e.wait > 0.0 && e.end <= start)) t.service_samples.push_back(e.end - start);
        if (e.wait > 0.0) ++t.waited;
        if (e.end > start) t.in_service.emplace_back(start, e.end);
      }
      if (i + 1 < n && t.kind == TKind::Regular) {
        const double left = e.has_end() ? e.end : e.time;
        auto m = std::find_if(t.moves.begin(), t.moves.end(), [&](const DiscoveredMove& x) { return x.to == tps[i + 1]; });
        m->gaps.push_back(std::max(0.0, events[i + 1].time - left));
      }
    }
    if (!is_repeat[&c - log.cases.data()]) ++d.agents, ++d.personas[persona(c.segment)].agents;
    if (d.timed && !is_repeat[&c - log.cases.data()]) {
      const double t0 = events[0].time - origin;
      const double day = std::floor(t0 / kDay);
      d.hourly_starts[static_cast<std::size_t>(std::clamp((t0 - day * kDay) / 3600.0, 0.0, 23.999))] += 1.0;
      d.day_starts[static_cast<std::size_t>(static_cast<long long>(day) % 7)] += 1.0;
    }
  }
  if (synthetic_conversion != kNone) {
    std::uint64_t best = 0;
    for (const auto& t : d.touchpoints)
      for (const auto& m : t.moves)
        if (m.to == synthetic_conversion && m.count > best) best = m.count, d.touchpoints[synthetic_conversion].channel = t.channel;
  }

  // Stages.
  if (staged) {
    std::vector<std::uint32_t> order(log.stages.size());
    std::iota(order.begin(), order.end(), 0u);
    std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
      const double ma = stage_pos_n[a] ? stage_pos_sum[a] / stage_pos_n[a] : 1e300;
      const double mb = stage_pos_n[b] ? stage_pos_sum[b] / stage_pos_n[b] : 1e300;
      return ma < mb;
    });
    std::vector<std::uint32_t> rank(log.stages.size());
    for (std::size_t i = 0; i < order.size(); ++i) {
      rank[order[i]] = static_cast<std::uint32_t>(i);
      d.stages.push_back(make_id(log.stages[order[i]], stage_ids, "s_"));
    }
    bool unstaged = false;
    for (std::size_t u = 0; u < d.touchpoints.size(); ++u) {
      if (stage_of_tp[u] == kNone) unstaged = true;
      else d.touchpoints[u].stage = rank[stage_of_tp[u]];
    }
    if (unstaged) {
      // Touchpoints without a stage (the synthetic conversion): the last stage.
      for (std::size_t u = 0; u < d.touchpoints.size(); ++u)
        if (stage_of_tp[u] == kNone) d.touchpoints[u].stage = static_cast<std::uint32_t>(d.stages.size() - 1);
    }
  } else {
    d.stages = {"journey"};
  }
  if (d.repeats_fitted)
    for (std::size_t p = 0; p < d.personas.size(); ++p) fit_repeats(d.personas[p], repeat_gaps[p], repeat_exposure[p]);
  finish(d, o.affinity);
  return d;
}

DiscoveredScenario discover_from_paths(const PathData& paths, const std::string& file, const DiscoveryOptions& o) {
  DiscoveredScenario d;
  d.name = o.name;
  d.source = o.source.empty() ? file : o.source;
  d.input_kind = "path file";
  d.seed = o.seed;
  d.stages = {"journey"};
  d.rows = paths.paths.size();
  std::set<std::string> tp_ids, ch_ids;
  tp_ids.insert("conversion");
  for (const auto& s : paths.states) {
    d.channels.push_back({make_id(s, ch_ids, "c_"), s, guess_channel_kind(s)});
    DiscoveredTouchpoint t;
    t.activity = s;
    t.id = make_id(s, tp_ids, "t_");
    t.channel = static_cast<std::uint32_t>(d.channels.size() - 1);
    d.touchpoints.push_back(std::move(t));
  }
  const auto conv = static_cast<std::uint32_t>(d.touchpoints.size());
  {
    DiscoveredTouchpoint t;
    t.id = "conversion";
    t.activity = "(total_conversions)";
    t.kind = TKind::Conversion;
    d.touchpoints.push_back(std::move(t));
  }
  std::uint32_t no_touch = kNone;
  for (const auto& p : paths.paths)
    if (p.touches.empty() && p.nulls > 0) no_touch = 0;
  if (no_touch != kNone) {
    tp_ids.erase("no_touch");
    DiscoveredTouchpoint t;
    t.id = make_id("no_touch", tp_ids, "t_");
    t.activity = "(empty path, not converted)";
    t.kind = TKind::Exit;
    no_touch = static_cast<std::uint32_t>(d.touchpoints.size());
    d.touchpoints.push_back(std::move(t));
  }
  d.personas.emplace_back();
  d.personas.back().id = "everyone";
  init_counts(d);
  std::vector<std::uint32_t> tps;
  for (const auto& p : paths.paths) {
    tps.assign(p.touches.begin(), p.touches.end());
    if (p.conversions) {
      tps.push_back(conv);
      count_journey(d, tps, false, 0, p.conversions);
      tps.pop_back();
    }
    if (p.nulls) {
      if (tps.empty()) tps.push_back(no_touch);
      count_journey(d, tps, false, 0, p.nulls);
    }
    d.rows = paths.paths.size();
  }
  // The conversion touchpoint's channel: that of the state that leads there most; order values
  // from the file's totals only (a mean: fixed).
  std::uint64_t best = 0;
  for (const auto& t : d.touchpoints)
    for (const auto& m : t.moves)
      if (m.to == conv && m.count > best) best = m.count, d.touchpoints[conv].channel = t.channel;
  if (no_touch != kNone) d.touchpoints[no_touch].channel = d.touchpoints[conv].channel;
  finish(d, false);
  auto& ov = d.touchpoints[conv].order_value;
  ov.n = d.conversions;
  ov.mean = d.conversions ? paths.total_value() / double(d.conversions) : 0.0;
  ov.sd = 0.0;
  ov.kind = FittedDistribution::Kind::Fixed;
  return d;
}

}  // namespace jsim::data
