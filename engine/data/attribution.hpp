#pragma once
// Multi-touch attribution over a PathData: how much of the conversions (and their value) each
// state earns. Every model gives one Credit row per state; formulas and conventions in
// docs/attribution.md.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "data/journey_paths.hpp"

namespace jsim::data {

enum class Model { FirstTouch, LastTouch, Linear, TimeDecay, PositionBased, Markov, Shapley };

struct ModelSpec {
  Model model = Model::Markov;
  int order = 1;              // Markov only: 1..4
  bool merge_repeats = true;  // Markov only: ChannelAttribution's convention (a > a > b -> a > b)
  [[nodiscard]] std::string name() const;  // "first_touch", ..., "markov_1", "markov_2_nomerge", "shapley"
};

// Parses "first_touch,last_touch,linear,time_decay,position_based,markov,shapley" style lists;
// "markov" expands to orders given separately. Throws jsim::Error naming the bad entry.
[[nodiscard]] std::vector<ModelSpec> parse_models(const std::string& list, int markov_order, bool merge_repeats);

struct Credit {
  std::string model;                           // ModelSpec::name()
  std::vector<double> conversions, value;      // per state
  // Bootstrap 95% percentile intervals per state; empty when no bootstrap was run.
  std::vector<double> conversions_low, conversions_high, value_low, value_high;
  // Markov only: removal effect per state (1 - P(conv | state removed) / P(conv)).
  std::vector<double> removal_effect;
  // Per channel (touchpoint-level data only: the sum over a channel's touchpoints); else empty.
  std::vector<double> channel_conversions, channel_value;
  // Their bootstrap intervals (touchpoint-level data with a bootstrap only).
  std::vector<double> channel_conversions_low, channel_conversions_high, channel_value_low, channel_value_high;
};

struct AttributionOptions {
  std::vector<ModelSpec> models;
  std::uint32_t bootstrap = 0;  // replicates; 0 = no intervals
  std::uint64_t seed = 1;       // bootstrap stream
  double position_first = 0.4, position_last = 0.4;  // position-based: middle gets the rest
};

struct AttributionResult {
  std::vector<Credit> credits;  // one per model, in the order asked
  std::vector<std::string> notes;  // e.g. "time_decay skipped: the input has no timestamps"
  // Markov only, per model in `credits` order (NaN for others): P(conversion) of the fitted chain.
  std::vector<double> chain_conversion_probability;
  // Conversions (and their value) on paths with no touches: no model can credit them.
  std::uint64_t unassigned_conversions = 0;
  double unassigned_value = 0.0;
};

[[nodiscard]] AttributionResult attribute(const PathData& data, const AttributionOptions& options);

// The models, one by one (for tests and the benchmark). Each returns credit in conversions and value.
[[nodiscard]] Credit heuristic_credit(const PathData& d, const ModelSpec& m, double first = 0.4, double last = 0.4);
[[nodiscard]] Credit markov_credit(const PathData& d, int order, bool merge_repeats);
// Shapley: Coalitions enumerates all 2^n coalitions (n = states in converting paths, at most 20);
// ClosedForm splits each converting path equally over its distinct states, which is the same
// value for this characteristic function (see shapley_attribution.cpp); Auto picks Coalitions up
// to 20 states and ClosedForm above.
enum class ShapleyMethod { Auto, Coalitions, ClosedForm };
inline constexpr std::size_t kShapleyMaxCoalitionStates = 20;
[[nodiscard]] Credit shapley_credit(const PathData& d, ShapleyMethod method = ShapleyMethod::Auto);

// Percentile of a sample (type 7: linear between order statistics); sorts `xs`.
[[nodiscard]] double percentile(std::vector<double>& xs, double q);

}  // namespace jsim::data
