// Shapley-value attribution (Zhao, Mahboobi & Bagheri 2018, "Shapley Value Methods for
// Attribution Modeling in Online Advertising", arXiv:1804.05327): players are states, and the
// worth of a coalition S is what the journeys whose SET of states lies inside S converted,
//   v(S) = sum over converting paths p with states(p) ⊆ S of conversions(p)   (value likewise).
//
// That v is a sum of unanimity games, one per converting path, u_T(S) = [T ⊆ S] with T the
// path's distinct states, and the Shapley value of u_T is 1/|T| for each member of T. So the
// Shapley value equals splitting each converting path equally over its distinct states (the
// closed form). Up to 20 states we also compute it the long way, over all 2^n coalitions, which
// is what the tests compare the closed form against; above 20 states only the closed form runs.
#include <algorithm>
#include <bit>
#include <cstddef>
#include <vector>

#include <fmt/format.h>

#include "data/attribution_models.hpp"
#include "model/error.hpp"

namespace jsim::data {
namespace detail {

ShapleyLayout::ShapleyLayout(const PathData& d, ShapleyMethod method) {
  // Players: states in converting paths. The rest never change any v(S), so they are null players
  // (value 0) and leaving them out keeps 2^n small.
  std::vector<int> player_of(d.states.size(), -1);
  for (const auto& p : d.paths)
    if (p.conversions > 0 || p.value != 0.0)
      for (State s : p.touches)
        if (player_of[s] < 0) player_of[s] = 0;
  for (std::uint32_t s = 0; s < d.states.size(); ++s)
    if (player_of[s] == 0) player_of[s] = static_cast<int>(players_.size()), players_.push_back(s);

  const std::size_t n = players_.size();
  if (method == ShapleyMethod::Coalitions && n > kShapleyMaxCoalitionStates)
    throw Error(fmt::format("shapley over coalitions: {} states, at most {}", n, kShapleyMaxCoalitionStates));
  exact_ = method == ShapleyMethod::Coalitions || (method == ShapleyMethod::Auto && n <= kShapleyMaxCoalitionStates);

  std::vector<std::uint32_t> members;  // reused: one path's distinct players
  set_offset_.push_back(0);
  for (std::size_t i = 0; i < d.paths.size(); ++i) {
    const DistinctPath& p = d.paths[i];
    if ((p.conversions == 0 && p.value == 0.0) || p.touches.empty()) continue;
    path_.push_back(static_cast<std::uint32_t>(i));
    if (exact_) {
      std::uint32_t mask = 0;
      for (State s : p.touches) mask |= std::uint32_t{1} << player_of[s];
      coalition_.push_back(mask);
    } else {
      members.clear();
      for (State s : p.touches) members.push_back(static_cast<std::uint32_t>(player_of[s]));
      std::sort(members.begin(), members.end());
      members.erase(std::unique(members.begin(), members.end()), members.end());
      set_players_.insert(set_players_.end(), members.begin(), members.end());
      set_offset_.push_back(set_players_.size());
    }
  }
}

void ShapleyLayout::credit_into(const PathWeights& w, Credit& out) const {
  const std::size_t n = players_.size();
  if (n == 0) return;
  std::vector<double> conv(n, 0.0), val(n, 0.0);
  if (!exact_) {
    for (std::size_t k = 0; k < path_.size(); ++k) {
      const std::uint64_t b = set_offset_[k], e = set_offset_[k + 1];
      const double share = 1.0 / static_cast<double>(e - b);
      for (std::uint64_t j = b; j < e; ++j) {
        conv[set_players_[j]] += share * w.conversions[path_[k]];
        val[set_players_[j]] += share * w.value[path_[k]];
      }
    }
  } else {
    // f(T): conversions of paths whose set is exactly T; the zeta transform over subsets turns it
    // into v(S) = sum over T ⊆ S of f(T) in n 2^n additions.
    const std::size_t full = std::size_t{1} << n;
    std::vector<double> vc(full, 0.0), vv(full, 0.0);
    for (std::size_t k = 0; k < path_.size(); ++k) {
      vc[coalition_[k]] += w.conversions[path_[k]];
      vv[coalition_[k]] += w.value[path_[k]];
    }
    for (std::size_t i = 0; i < n; ++i) {
      const std::size_t bit = std::size_t{1} << i;
      for (std::size_t m = 0; m < full; ++m)
        if (m & bit) vc[m] += vc[m ^ bit], vv[m] += vv[m ^ bit];
    }
    // phi_i = sum over S not containing i of |S|! (n-|S|-1)! / n! * (v(S ∪ {i}) - v(S)),
    // with |S|! (n-|S|-1)! / n! = 1 / (n * C(n-1, |S|)).
    std::vector<double> weight(n);
    double binom = 1.0;  // C(n-1, s)
    for (std::size_t s = 0; s < n; ++s) {
      weight[s] = 1.0 / (static_cast<double>(n) * binom);
      binom = binom * static_cast<double>(n - 1 - s) / static_cast<double>(s + 1);
    }
    for (std::size_t m = 0; m < full; ++m) {
      const double wt = weight[std::min<std::size_t>(static_cast<std::size_t>(std::popcount(m)), n - 1)];
      for (std::size_t i = 0; i < n; ++i) {
        const std::size_t bit = std::size_t{1} << i;
        if (m & bit) continue;
        conv[i] += wt * (vc[m | bit] - vc[m]);
        val[i] += wt * (vv[m | bit] - vv[m]);
      }
    }
  }
  for (std::size_t i = 0; i < n; ++i) {
    out.conversions[players_[i]] = conv[i];
    out.value[players_[i]] = val[i];
  }
}

}  // namespace detail

Credit shapley_credit(const PathData& d, ShapleyMethod method) {
  Credit out = detail::empty_credit(d, ModelSpec{Model::Shapley});
  detail::ShapleyLayout(d, method).credit_into(detail::observed_weights(d), out);
  return out;
}

}  // namespace jsim::data
