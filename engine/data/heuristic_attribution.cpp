// The rule-based models: each converting path's conversions (and value) split over its touches by
// a fixed rule. Repeats count as touches (a > a > b gives a two thirds under linear).
#include <cstddef>

#include <fmt/format.h>

#include "data/attribution_models.hpp"
#include "model/error.hpp"

namespace jsim::data {
namespace detail {
namespace {

// Adds `share` of the path's conversions and value to state s.
inline void give(Credit& out, State s, double share, double conversions, double value) {
  out.conversions[s] += share * conversions;
  out.value[s] += share * value;
}

}  // namespace

void heuristic_credit_into(const PathData& d, const PathWeights& w, const ModelSpec& m, double first, double last,
                           Credit& out) {
  if (m.model == Model::TimeDecay && !d.timed)
    throw Error("time_decay needs timestamps on every converting journey and a half-life");
  if (m.model == Model::PositionBased && !(first >= 0.0 && last >= 0.0 && first + last <= 1.0))
    throw Error(fmt::format("position_based: first ({}) and last ({}) shares must be >= 0 and sum to at most 1", first, last));
  for (std::size_t i = 0; i < d.paths.size(); ++i) {
    const DistinctPath& p = d.paths[i];
    const double conv = w.conversions[i], val = w.value[i];
    const std::size_t n = p.touches.size();
    if (n == 0 || (conv == 0.0 && val == 0.0)) continue;  // nothing to split, or nowhere to put it
    const auto& t = p.touches;
    switch (m.model) {
      case Model::FirstTouch: give(out, t.front(), 1.0, conv, val); break;
      case Model::LastTouch: give(out, t.back(), 1.0, conv, val); break;
      case Model::Linear: {
        const double share = 1.0 / static_cast<double>(n);
        for (State s : t) give(out, s, share, conv, val);
        break;
      }
      case Model::PositionBased:
        // One touch takes all; two split evenly; otherwise the ends take their shares and the
        // middle touches split the rest.
        if (n == 1) {
          give(out, t[0], 1.0, conv, val);
        } else if (n == 2) {
          give(out, t[0], 0.5, conv, val);
          give(out, t[1], 0.5, conv, val);
        } else {
          give(out, t.front(), first, conv, val);
          give(out, t.back(), last, conv, val);
          const double middle = (1.0 - first - last) / static_cast<double>(n - 2);
          for (std::size_t k = 1; k + 1 < n; ++k) give(out, t[k], middle, conv, val);
        }
        break;
      case Model::TimeDecay: {
        // decay_* already hold the path's observed split; a bootstrap replicate rescales it with
        // the path's redrawn conversions.
        const double scale = p.conversions > 0 ? conv / static_cast<double>(p.conversions) : 0.0;
        for (std::size_t k = 0; k < n; ++k) {
          out.conversions[t[k]] += scale * p.decay_conversions[k];
          out.value[t[k]] += scale * p.decay_value[k];
        }
        break;
      }
      case Model::Markov:
      case Model::Shapley: throw Error("heuristic_credit: " + m.name() + " is not a heuristic model");
    }
  }
}

}  // namespace detail

Credit heuristic_credit(const PathData& d, const ModelSpec& m, double first, double last) {
  Credit out = detail::empty_credit(d, m);
  detail::heuristic_credit_into(d, detail::observed_weights(d), m, first, last, out);
  return out;
}

}  // namespace jsim::data
