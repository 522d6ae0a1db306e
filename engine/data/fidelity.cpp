#include "data/fidelity.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include <fmt/format.h>
#include <tbb/parallel_sort.h>

#include "model/error.hpp"
#include "sim/random.hpp"

namespace jsim::data {

namespace {

constexpr int kBits = 21;
constexpr std::uint64_t kMask = (std::uint64_t{1} << kBits) - 1;
constexpr std::uint64_t kStart = kMask, kEnd = kMask - 1;  // padding markers
constexpr double kHour = 3600.0;

using Counts = std::vector<std::pair<std::uint64_t, std::uint64_t>>;  // sorted (n-gram, count)

Counts count_sorted(std::vector<std::uint64_t>& keys) {
  tbb::parallel_sort(keys.begin(), keys.end());
  Counts out;
  for (std::size_t i = 0; i < keys.size();) {
    std::size_t j = i;
    while (j < keys.size() && keys[j] == keys[i]) ++j;
    out.emplace_back(keys[i], j - i);
    i = j;
  }
  return out;
}

Counts ngram_counts(const JourneySet& s, Half h, int n, std::span<const std::uint32_t> remap) {
  std::vector<std::uint64_t> keys;
  keys.reserve(s.events.size() + s.size() * static_cast<std::size_t>(n - 1));
  std::vector<std::uint64_t> seq;
  for (std::size_t j = 0; j < s.size(); ++j) {
    if (!in_half(s.split_key[j], h)) continue;
    seq.assign(static_cast<std::size_t>(n - 1), kStart);
    for (std::uint64_t e = s.offsets[j]; e < s.offsets[j + 1]; ++e)
      seq.push_back(remap.empty() ? s.events[e] : remap[s.events[e]]);
    seq.insert(seq.end(), static_cast<std::size_t>(n - 1), kEnd);
    for (std::size_t i = 0; i + static_cast<std::size_t>(n) <= seq.size(); ++i) {
      std::uint64_t k = 0;
      for (int t = 0; t < n; ++t) k = (k << kBits) | (seq[i + static_cast<std::size_t>(t)] & kMask);
      keys.push_back(k);
    }
  }
  return count_sorted(keys);
}

Counts merge_counts(const Counts& a, const Counts& b) {
  Counts out;
  out.reserve(a.size() + b.size());
  std::size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    if (j == b.size() || (i < a.size() && a[i].first < b[j].first)) out.push_back(a[i++]);
    else if (i == a.size() || b[j].first < a[i].first) out.push_back(b[j++]);
    else out.emplace_back(a[i].first, a[i].second + b[j].second), ++i, ++j;
  }
  return out;
}

double tv_counts(const Counts& a, const Counts& b) {
  double na = 0, nb = 0;
  for (const auto& c : a) na += static_cast<double>(c.second);
  for (const auto& c : b) nb += static_cast<double>(c.second);
  if (na == 0 || nb == 0) return na == nb ? 0.0 : 1.0;
  double sum = 0.0;
  std::size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    if (j == b.size() || (i < a.size() && a[i].first < b[j].first)) sum += static_cast<double>(a[i++].second) / na;
    else if (i == a.size() || b[j].first < a[i].first) sum += static_cast<double>(b[j++].second) / nb;
    else sum += std::fabs(static_cast<double>(a[i].second) / na - static_cast<double>(b[j].second) / nb), ++i, ++j;
  }
  return 0.5 * sum;
}

std::vector<double> normalised(std::span<const double> p) {
  double total = 0.0;
  for (double x : p) total += x;
  std::vector<double> out(p.begin(), p.end());
  if (total > 0)
    for (double& x : out) x /= total;
  return out;
}

// Mean with a normal interval, from the sum and sum of squares of n values.
Estimate mean_estimate(double sum, double sum_sq, double n, double z) {
  if (n <= 0) return {};
  const double m = sum / n;
  const double var = n > 1 ? std::max(0.0, (sum_sq - n * m * m) / (n - 1)) : 0.0;
  const double half = z * std::sqrt(var / n);
  return {m, m - half, m + half};
}

// Simulated minus observed, with the normal interval from the two standard errors (each read
// back from its own interval: (high - low) / 2z).
SideBySide side_by_side(const Estimate& obs, const Estimate& sim, double z) {
  SideBySide s{obs, sim, {}};
  s.difference.value = sim.value - obs.value;
  const double se_o = (obs.high - obs.low) / (2 * z), se_s = (sim.high - sim.low) / (2 * z);
  const double half = z * std::sqrt(se_o * se_o + se_s * se_s);
  s.difference.low = s.difference.value - half;
  s.difference.high = s.difference.value + half;
  s.flagged = std::isfinite(half) && (s.difference.low > 0 || s.difference.high < 0);
  return s;
}

// Proportions: Wilson each, the two-proportion (unpooled) z interval for the difference.
SideBySide proportions(double k_obs, double n_obs, double k_sim, double n_sim, double z) {
  SideBySide s{wilson(k_obs, n_obs, z), wilson(k_sim, n_sim, z), {}};
  const double po = n_obs > 0 ? k_obs / n_obs : kFidelityNaN, ps = n_sim > 0 ? k_sim / n_sim : kFidelityNaN;
  s.difference.value = ps - po;
  const double half = z * std::sqrt(po * (1 - po) / n_obs + ps * (1 - ps) / n_sim);
  s.difference.low = s.difference.value - half;
  s.difference.high = s.difference.value + half;
  s.flagged = half > 0 ? (s.difference.low > 0 || s.difference.high < 0) : s.difference.value != 0.0;
  return s;
}

struct SideStats {
  std::vector<double> visits_sum, visits_sq, drop_offs, conversions;  // per (union) activity
  std::vector<double> length_hist[3];    // All, A, B
  std::vector<double> arrivals[3];       // 168 bins
  std::vector<double> durations[3];
  double length_sum = 0, length_sq = 0, converted = 0, n = 0, duration_sum = 0, duration_sq = 0;
};

SideStats side_stats(const JourneySet& s, std::span<const std::uint32_t> remap, std::size_t activities, bool halves,
                     bool timed, std::size_t bins) {
  SideStats st;
  st.visits_sum.assign(activities, 0), st.visits_sq.assign(activities, 0);
  st.drop_offs.assign(activities, 0), st.conversions.assign(activities, 0);
  for (int h = 0; h < 3; ++h) st.length_hist[h].assign(bins, 0), st.arrivals[h].assign(168, 0);
  std::vector<std::uint32_t> count(activities, 0), touched;
  for (std::size_t j = 0; j < s.size(); ++j) {
    const std::uint64_t b = s.offsets[j], e = s.offsets[j + 1];
    const bool conv = s.converted[j] != 0;
    touched.clear();
    for (std::uint64_t k = b; k < e; ++k) {
      const std::uint32_t a = remap.empty() ? s.events[k] : remap[s.events[k]];
      if (count[a]++ == 0) touched.push_back(a);
    }
    for (std::uint32_t a : touched) {
      const double c = count[a];
      st.visits_sum[a] += c, st.visits_sq[a] += c * c;
      if (conv) st.conversions[a] += 1;
      count[a] = 0;
    }
    if (!conv && e > b) st.drop_offs[remap.empty() ? s.events[e - 1] : remap[s.events[e - 1]]] += 1;
    const double len = static_cast<double>(e - b);
    st.length_sum += len, st.length_sq += len * len, st.converted += conv ? 1 : 0, st.n += 1;
    const std::size_t bin = std::min<std::size_t>(e - b, bins) - (e > b ? 1 : 0);
    const int side = !halves ? -1 : (in_half(s.split_key[j], Half::A) ? 1 : 2);
    st.length_hist[0][bin] += 1;
    if (side > 0) st.length_hist[side][bin] += 1;
    if (timed && e > b) {
      const double d = s.times[e - 1] - s.times[b];
      const int how = hour_of_week(s.times[b]);
      st.durations[0].push_back(d), st.arrivals[0][static_cast<std::size_t>(how)] += 1;
      st.duration_sum += d, st.duration_sq += d * d;
      if (side > 0) st.durations[side].push_back(d), st.arrivals[side][static_cast<std::size_t>(how)] += 1;
    }
  }
  return st;
}

std::vector<double> quantiles(std::vector<double> v, std::size_t q) {
  std::vector<double> out;
  if (v.empty()) return out;
  tbb::parallel_sort(v.begin(), v.end());
  for (std::size_t k = 0; k < q; ++k) {
    const double p = (static_cast<double>(k) + 0.5) / static_cast<double>(q);
    out.push_back(v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))]);
  }
  return out;
}

// b's activity ids in a's id space, matched by name; b's new activities after a's. `names` gets
// the union, a's first.
std::vector<std::uint32_t> align(const JourneySet& a, const JourneySet& b, std::vector<std::string>& names) {
  names = a.activities;
  std::unordered_map<std::string, std::uint32_t> index;
  for (std::size_t i = 0; i < names.size(); ++i) index.emplace(names[i], static_cast<std::uint32_t>(i));
  std::vector<std::uint32_t> remap(b.activities.size());
  for (std::size_t i = 0; i < b.activities.size(); ++i) {
    const auto [it, added] = index.try_emplace(b.activities[i], static_cast<std::uint32_t>(names.size()));
    if (added) names.push_back(b.activities[i]);
    remap[i] = it->second;
  }
  return remap;
}

}  // namespace

std::uint32_t JourneySet::activity(std::string_view name) {
  auto it = index_.find(std::string(name));
  if (it != index_.end()) return it->second;
  const auto id = static_cast<std::uint32_t>(activities.size());
  if (id >= kEnd) throw Error("fidelity: too many distinct activities (at most 2 million)");
  activities.emplace_back(name);
  index_.emplace(activities.back(), id);
  return id;
}

void JourneySet::add(std::span<const std::uint32_t> acts, std::span<const double> t, bool conv, std::uint64_t key) {
  events.insert(events.end(), acts.begin(), acts.end());
  if (t.size() == acts.size()) times.insert(times.end(), t.begin(), t.end());
  else times.insert(times.end(), acts.size(), kFidelityNaN);
  offsets.push_back(events.size());
  converted.push_back(conv ? 1 : 0);
  split_key.push_back(key);
}

std::uint64_t case_hash(std::string_view id) {
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : id) h = (h ^ c) * 1099511628211ull;
  return mix64(h);  // so that the low bit depends on every byte
}

bool in_half(std::uint64_t key, Half h) {
  return h == Half::All || ((key & 1) == 0) == (h == Half::A);
}

double ngram_distance(const JourneySet& a, Half ha, const JourneySet& b, Half hb, int n) {
  if (n < 1 || n > 3) throw Error("n-gram distance: n must be 1, 2 or 3");
  std::vector<std::string> names;
  const std::vector<std::uint32_t> remap = align(a, b, names);
  return tv_counts(ngram_counts(a, ha, n, {}), ngram_counts(b, hb, n, remap));
}

double wasserstein1(std::vector<double> a, std::vector<double> b) {
  if (a.empty() || b.empty()) return kFidelityNaN;
  tbb::parallel_sort(a.begin(), a.end());
  tbb::parallel_sort(b.begin(), b.end());
  const double na = static_cast<double>(a.size()), nb = static_cast<double>(b.size());
  constexpr double inf = std::numeric_limits<double>::infinity();
  std::size_t i = 0, j = 0;
  double x = std::min(a[0], b[0]), total = 0.0;
  while (i < a.size() || j < b.size()) {
    const double next = std::min(i < a.size() ? a[i] : inf, j < b.size() ? b[j] : inf);
    total += std::fabs(static_cast<double>(i) / na - static_cast<double>(j) / nb) * (next - x);
    x = next;
    while (i < a.size() && a[i] == next) ++i;
    while (j < b.size() && b[j] == next) ++j;
  }
  return total;
}

double total_variation(std::span<const double> p, std::span<const double> q) {
  if (p.size() != q.size()) throw Error("total variation: histograms of different sizes");
  const auto a = normalised(p), b = normalised(q);
  double sum = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) sum += std::fabs(a[i] - b[i]);
  return 0.5 * sum;
}

double circular_emd(std::span<const double> p, std::span<const double> q) {
  if (p.size() != q.size()) throw Error("circular EMD: histograms of different sizes");
  if (p.empty()) return 0.0;
  const auto a = normalised(p), b = normalised(q);
  // On a circle the flow across each edge may be shifted by a constant c; the cost sum |D_k - c|
  // is least at c = the median of the cumulative differences D_k.
  std::vector<double> d(a.size());
  double run = 0.0;
  for (std::size_t k = 0; k < a.size(); ++k) d[k] = run += a[k] - b[k];
  std::vector<double> sorted = d;
  std::nth_element(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(sorted.size() / 2), sorted.end());
  const double c = sorted[sorted.size() / 2];
  double sum = 0.0;
  for (double x : d) sum += std::fabs(x - c);
  return sum;
}

int hour_of_week(double t) {
  // 1970-01-05 (unix day 4) was a Monday.
  const auto h = static_cast<long long>(std::floor((t - 4 * 86400.0) / kHour));
  return static_cast<int>(((h % 168) + 168) % 168);
}

Estimate wilson(double k, double n, double z) {
  if (!(n > 0)) return {};
  const double p = k / n, z2 = z * z;
  const double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const double half = z / (1 + z2 / n) * std::sqrt(p * (1 - p) / n + z2 / (4 * n * n));
  return {p, k <= 0 ? 0.0 : std::max(0.0, centre - half), k >= n ? 1.0 : std::min(1.0, centre + half)};
}

FidelityResult measure_fidelity(const JourneySet& obs, const JourneySet& sim, const FidelityOptions& o) {
  if (obs.size() == 0) throw Error("fidelity: the observed log has no journeys");
  if (sim.size() == 0) throw Error("fidelity: the simulated log has no journeys");
  FidelityResult r;
  r.flag_ratio = o.flag_ratio;
  r.observed_journeys = obs.size(), r.simulated_journeys = sim.size();
  for (std::size_t j = 0; j < obs.size(); ++j) (in_half(obs.split_key[j], Half::A) ? r.half_a : r.half_b) += 1;
  r.timed = obs.timed && sim.timed;
  const double z = o.z;
  const std::size_t bins = std::max<std::size_t>(o.path_length_bins, 2);

  std::vector<std::string> names;
  const std::vector<std::uint32_t> remap = align(obs, sim, names);

  const SideStats so = side_stats(obs, {}, names.size(), true, r.timed, bins);
  const SideStats ss = side_stats(sim, remap, names.size(), false, r.timed, bins);
  const double no = so.n, ns = ss.n;

  r.conversion_rate = proportions(so.converted, no, ss.converted, ns, z);
  r.mean_path_length = side_by_side(mean_estimate(so.length_sum, so.length_sq, no, z),
                                    mean_estimate(ss.length_sum, ss.length_sq, ns, z), z);
  for (std::size_t a = 0; a < names.size(); ++a) {
    TouchpointFidelity t;
    t.activity = names[a];
    t.visits_per_journey = side_by_side(mean_estimate(so.visits_sum[a], so.visits_sq[a], no, z),
                                        mean_estimate(ss.visits_sum[a], ss.visits_sq[a], ns, z), z);
    t.drop_off_rate = proportions(so.drop_offs[a], no, ss.drop_offs[a], ns, z);
    t.conversion_rate = proportions(so.conversions[a], no, ss.conversions[a], ns, z);
    r.touchpoints.push_back(std::move(t));
  }

  const auto flag = [&](DistanceRow& d) {
    d.flagged = std::isfinite(d.value) && std::isfinite(d.reference) && d.value > o.flag_ratio * d.reference + 1e-12;
  };
  for (int n : {2, 3}) {
    const Counts a = ngram_counts(obs, Half::A, n, {}), b = ngram_counts(obs, Half::B, n, {});
    DistanceRow d{fmt::format("ngram_{}", n), "",
                  fmt::format("total variation between relative {}-gram frequencies of the activity sequences "
                              "(padded with start/end markers; Chapela-Campa et al. 2023)", n)};
    d.value = tv_counts(merge_counts(a, b), ngram_counts(sim, Half::All, n, remap));
    d.reference = tv_counts(a, b);
    flag(d);
    r.distances.push_back(std::move(d));
  }
  {
    DistanceRow d{"path_length", "", "total variation between path-length distributions (events per journey)"};
    d.value = total_variation(so.length_hist[0], ss.length_hist[0]);
    d.reference = total_variation(so.length_hist[1], so.length_hist[2]);
    flag(d);
    r.distances.push_back(std::move(d));
  }
  r.path_length_observed = normalised(so.length_hist[0]);
  r.path_length_simulated = normalised(ss.length_hist[0]);

  if (r.timed) {
    r.mean_duration = side_by_side(mean_estimate(so.duration_sum, so.duration_sq, no, z),
                                   mean_estimate(ss.duration_sum, ss.duration_sq, ns, z), z);
    DistanceRow w{"duration", "s", "Wasserstein-1 (earth mover's) distance between journey durations, exact on the "
                                   "empirical distribution functions"};
    w.value = wasserstein1(so.durations[0], ss.durations[0]);
    w.reference = wasserstein1(so.durations[1], so.durations[2]);
    flag(w);
    r.distances.push_back(std::move(w));
    DistanceRow e{"arrival_hour_emd", "h", "earth mover's distance between journey starts per hour of the week "
                                           "(168 bins on a circle, Monday 00:00 UTC first)"};
    e.value = circular_emd(so.arrivals[0], ss.arrivals[0]);
    e.reference = circular_emd(so.arrivals[1], so.arrivals[2]);
    flag(e);
    r.distances.push_back(std::move(e));
    DistanceRow t{"arrival_hour_tv", "", "total variation between journey starts per hour of the week"};
    t.value = total_variation(so.arrivals[0], ss.arrivals[0]);
    t.reference = total_variation(so.arrivals[1], so.arrivals[2]);
    flag(t);
    r.distances.push_back(std::move(t));
    r.duration_quantiles_observed = quantiles(so.durations[0], o.quantiles);
    r.duration_quantiles_simulated = quantiles(ss.durations[0], o.quantiles);
    r.arrivals_observed = normalised(so.arrivals[0]);
    r.arrivals_simulated = normalised(ss.arrivals[0]);
  } else {
    r.notes.push_back(std::string("no durations or arrival times: the ") +
                      (obs.timed ? "simulated" : "observed") + " journeys have no timestamps");
  }
  if (r.half_a < 2 || r.half_b < 2)
    r.notes.push_back("too few observed journeys to split in two: the references mean little");
  for (std::size_t i = obs.activities.size(); i < names.size(); ++i)
    r.notes.push_back("activity '" + names[i] + "' is simulated but never observed");
  for (std::size_t a = 0; a < obs.activities.size(); ++a)
    if (std::find(remap.begin(), remap.end(), a) == remap.end())
      r.notes.push_back("activity '" + names[a] + "' is observed but never simulated");
  return r;
}

}  // namespace jsim::data
