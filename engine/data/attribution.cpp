// attribute(): runs the asked models on a PathData, adds per-channel sums at touchpoint level and,
// when asked, Poisson-bootstrap percentile intervals.
#include "data/attribution.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <random>

#include <fmt/format.h>
#include <tbb/parallel_for.h>

#include "data/attribution_models.hpp"
#include "model/error.hpp"
#include "sim/random.hpp"

namespace jsim::data {

std::string ModelSpec::name() const {
  switch (model) {
    case Model::FirstTouch: return "first_touch";
    case Model::LastTouch: return "last_touch";
    case Model::Linear: return "linear";
    case Model::TimeDecay: return "time_decay";
    case Model::PositionBased: return "position_based";
    case Model::Markov: return fmt::format("markov_{}{}", order, merge_repeats ? "" : "_nomerge");
    case Model::Shapley: return "shapley";
  }
  return "unknown";
}

std::vector<ModelSpec> parse_models(const std::string& list, int markov_order, bool merge_repeats) {
  const auto check_order = [](int k, const std::string& entry) {
    if (k < 1 || k > 4) throw Error(fmt::format("model '{}': markov order must be 1 to 4, not {}", entry, k));
  };
  std::vector<ModelSpec> out;
  std::size_t begin = 0;
  while (begin <= list.size()) {
    const std::size_t end = std::min(list.find(',', begin), list.size());
    std::string entry = list.substr(begin, end - begin);
    begin = end + 1;
    const auto first = entry.find_first_not_of(" \t");
    if (first == std::string::npos) continue;  // "a,,b" and a trailing comma
    entry = entry.substr(first, entry.find_last_not_of(" \t") - first + 1);

    ModelSpec m;
    if (entry == "first_touch") m.model = Model::FirstTouch;
    else if (entry == "last_touch") m.model = Model::LastTouch;
    else if (entry == "linear") m.model = Model::Linear;
    else if (entry == "time_decay") m.model = Model::TimeDecay;
    else if (entry == "position_based") m.model = Model::PositionBased;
    else if (entry == "shapley") m.model = Model::Shapley;
    else if (entry == "markov") {
      check_order(markov_order, entry);
      m = {Model::Markov, markov_order, merge_repeats};
    } else if (entry.size() >= 8 && entry.starts_with("markov_") && entry[7] >= '1' && entry[7] <= '9' &&
               (entry.size() == 8 || entry.substr(8) == "_nomerge")) {
      // The names ModelSpec::name() writes: markov_2, markov_2_nomerge.
      m = {Model::Markov, entry[7] - '0', entry.size() == 8};
      check_order(m.order, entry);
    } else {
      throw Error(fmt::format("unknown attribution model '{}' (first_touch, last_touch, linear, time_decay, "
                              "position_based, markov, markov_K, markov_K_nomerge, shapley)", entry));
    }
    const bool seen = std::any_of(out.begin(), out.end(), [&](const ModelSpec& o) { return o.name() == m.name(); });
    if (!seen) out.push_back(m);
  }
  if (out.empty()) throw Error("no attribution models given");
  return out;
}

double percentile(std::vector<double>& xs, double q) {
  if (xs.empty()) return std::numeric_limits<double>::quiet_NaN();
  std::sort(xs.begin(), xs.end());
  const double h = q * static_cast<double>(xs.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, xs.size() - 1);
  return xs[lo] + (h - static_cast<double>(lo)) * (xs[hi] - xs[lo]);
}

namespace detail {

PathWeights observed_weights(const PathData& d) {
  PathWeights w;
  w.conversions.reserve(d.paths.size());
  w.nulls.reserve(d.paths.size());
  w.value.reserve(d.paths.size());
  for (const auto& p : d.paths) {
    w.conversions.push_back(static_cast<double>(p.conversions));
    w.nulls.push_back(static_cast<double>(p.nulls));
    w.value.push_back(p.value);
  }
  return w;
}

Credit empty_credit(const PathData& d, const ModelSpec& m) {
  Credit c;
  c.model = m.name();
  c.conversions.assign(d.states.size(), 0.0);
  c.value.assign(d.states.size(), 0.0);
  if (m.model == Model::Markov) c.removal_effect.assign(d.states.size(), 0.0);
  return c;
}

}  // namespace detail

namespace {

using detail::PathWeights;

// One asked model with what it built from the paths (kept for the bootstrap replicates).
struct Runner {
  ModelSpec spec;
  std::optional<detail::MarkovLayout> markov;
  std::optional<detail::ShapleyLayout> shapley;

  // Fills `out`; returns the chain's P(conversion) for Markov, NaN otherwise.
  double run(const PathData& d, const PathWeights& w, const AttributionOptions& o, Credit& out) const {
    if (markov) return markov->credit_into(w, out);
    if (shapley) shapley->credit_into(w, out);
    else detail::heuristic_credit_into(d, w, spec, o.position_first, o.position_last, out);
    return std::numeric_limits<double>::quiet_NaN();
  }
};

// One Poisson bootstrap replicate: each distinct path's conversions and nulls redrawn as
// Poisson(count) (resampling journeys, not paths), its value scaled with its conversions. The draws
// for (path i, replicate r) come from their own Philox address, so replicates do not depend on the
// order or the thread they are computed in.
PathWeights replicate_weights(const PathData& d, const StreamKey& key, std::uint32_t r) {
  PathWeights w;
  const std::size_t n = d.paths.size();
  w.conversions.resize(n);
  w.nulls.resize(n);
  w.value.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    const DistinctPath& p = d.paths[i];
    Substream draws(key, i, r, Purpose::Bootstrap);
    double conv = 0.0, nulls = 0.0;
    if (p.conversions > 0)
      conv = static_cast<double>(std::poisson_distribution<std::uint64_t>(static_cast<double>(p.conversions))(draws));
    if (p.nulls > 0)
      nulls = static_cast<double>(std::poisson_distribution<std::uint64_t>(static_cast<double>(p.nulls))(draws));
    w.conversions[i] = conv;
    w.nulls[i] = nulls;
    w.value[i] = p.conversions > 0 ? p.value * conv / static_cast<double>(p.conversions) : 0.0;
  }
  return w;
}

// Per-channel sums of a per-state vector (touchpoint level).
std::vector<double> by_channel(const PathData& d, const std::vector<double>& per_state) {
  std::vector<double> out(d.channels.size(), 0.0);
  for (std::size_t s = 0; s < per_state.size(); ++s) out[d.state_channel[s]] += per_state[s];
  return out;
}

// 95% percentile interval of column j of a replicates x width sample.
void interval(const std::vector<double>& sample, std::size_t width, std::size_t j, double& low, double& high) {
  std::vector<double> xs;
  xs.reserve(sample.size() / std::max<std::size_t>(width, 1));
  for (std::size_t k = j; k < sample.size(); k += width) xs.push_back(sample[k]);
  low = percentile(xs, 0.025);
  high = percentile(xs, 0.975);
}

}  // namespace

AttributionResult attribute(const PathData& data, const AttributionOptions& options) {
  AttributionResult res;
  for (const auto& p : data.paths)
    if (p.touches.empty()) res.unassigned_conversions += p.conversions, res.unassigned_value += p.value;
  if (res.unassigned_conversions > 0)
    res.notes.push_back(fmt::format("{} conversions (value {}) on journeys with no touches are credited to no state",
                                    res.unassigned_conversions, res.unassigned_value));

  std::vector<Runner> runners;
  for (const ModelSpec& m : options.models) {
    if (m.model == Model::TimeDecay && !data.timed) {
      res.notes.push_back("time_decay skipped: the input has no timestamps (or no half-life was given)");
      continue;
    }
    runners.push_back(Runner{m, std::nullopt, std::nullopt});
  }
  // Channel sums need each state's channel; hand-built data may not say.
  const bool touchpoints = data.level == PathLevel::Touchpoint && data.state_channel.size() == data.states.size();
  const std::size_t n_states = data.states.size();
  const std::size_t n_channels = touchpoints ? data.channels.size() : 0;

  // Point estimates; the models are independent, so they build and run side by side.
  const PathWeights observed = detail::observed_weights(data);
  res.credits.resize(runners.size());
  res.chain_conversion_probability.assign(runners.size(), std::numeric_limits<double>::quiet_NaN());
  tbb::parallel_for(std::size_t{0}, runners.size(), [&](std::size_t k) {
    Runner& r = runners[k];
    if (r.spec.model == Model::Markov) r.markov.emplace(data, r.spec.order, r.spec.merge_repeats);
    if (r.spec.model == Model::Shapley) r.shapley.emplace(data, ShapleyMethod::Auto);
    res.credits[k] = detail::empty_credit(data, r.spec);
    res.chain_conversion_probability[k] = r.run(data, observed, options, res.credits[k]);
  });
  for (const Runner& r : runners)
    if (r.shapley && !r.shapley->exact())
      res.notes.push_back(fmt::format("shapley: more than {} states, computed in closed form (each converting path "
                                      "split equally over its distinct states), which is the same value",
                                      kShapleyMaxCoalitionStates));
  if (touchpoints)
    for (Credit& c : res.credits) c.channel_conversions = by_channel(data, c.conversions), c.channel_value = by_channel(data, c.value);
  if (options.bootstrap == 0) return res;

  // Replicates: sample[k] holds replicate r's per-state credits at [r * n_states, (r + 1) * n_states).
  const std::size_t reps = options.bootstrap;
  std::vector<std::vector<double>> conv(runners.size(), std::vector<double>(reps * n_states));
  std::vector<std::vector<double>> val(runners.size(), std::vector<double>(reps * n_states));
  std::vector<std::vector<double>> ch_conv(runners.size(), std::vector<double>(reps * n_channels));
  std::vector<std::vector<double>> ch_val(runners.size(), std::vector<double>(reps * n_channels));
  const StreamKey key(options.seed);
  tbb::parallel_for(std::size_t{0}, reps, [&](std::size_t r) {
    const PathWeights w = replicate_weights(data, key, static_cast<std::uint32_t>(r));
    for (std::size_t k = 0; k < runners.size(); ++k) {
      Credit c = detail::empty_credit(data, runners[k].spec);
      runners[k].run(data, w, options, c);
      std::copy(c.conversions.begin(), c.conversions.end(), conv[k].begin() + static_cast<std::ptrdiff_t>(r * n_states));
      std::copy(c.value.begin(), c.value.end(), val[k].begin() + static_cast<std::ptrdiff_t>(r * n_states));
      if (touchpoints) {
        const auto cc = by_channel(data, c.conversions), cv = by_channel(data, c.value);
        std::copy(cc.begin(), cc.end(), ch_conv[k].begin() + static_cast<std::ptrdiff_t>(r * n_channels));
        std::copy(cv.begin(), cv.end(), ch_val[k].begin() + static_cast<std::ptrdiff_t>(r * n_channels));
      }
    }
  });
  for (std::size_t k = 0; k < runners.size(); ++k) {
    Credit& c = res.credits[k];
    c.conversions_low.resize(n_states), c.conversions_high.resize(n_states);
    c.value_low.resize(n_states), c.value_high.resize(n_states);
    for (std::size_t s = 0; s < n_states; ++s) {
      interval(conv[k], n_states, s, c.conversions_low[s], c.conversions_high[s]);
      interval(val[k], n_states, s, c.value_low[s], c.value_high[s]);
    }
    if (!touchpoints) continue;
    c.channel_conversions_low.resize(n_channels), c.channel_conversions_high.resize(n_channels);
    c.channel_value_low.resize(n_channels), c.channel_value_high.resize(n_channels);
    for (std::size_t j = 0; j < n_channels; ++j) {
      interval(ch_conv[k], n_channels, j, c.channel_conversions_low[j], c.channel_conversions_high[j]);
      interval(ch_val[k], n_channels, j, c.channel_value_low[j], c.channel_value_high[j]);
    }
  }
  res.notes.push_back(fmt::format("intervals: 95% percentile, {} Poisson bootstrap replicates over journeys, seed {}",
                                  reps, options.seed));
  return res;
}

}  // namespace jsim::data
