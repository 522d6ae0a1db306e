// Markov-chain attribution by removal effects (Anderl, Becker, von Wangenheim & Schumann 2016),
// with ChannelAttribution's conventions, solved exactly: a sparse LU solve per removed state
// instead of ChannelAttribution's path simulation.
//
// States of order k are the last min(k, t) touches after t touches, packed into one 64-bit key
// (touch + 1 per slot, so a shorter tuple never equals a longer one). Node 0 is (start);
// (conversion) and (null) are absorbing and kept as per-node counts rather than nodes.
#include <algorithm>
#include <cstddef>
#include <vector>

#include <Eigen/IterativeLinearSolvers>
#include <Eigen/SparseCore>
#include <Eigen/SparseLU>
#include <fmt/format.h>
#include <tbb/parallel_for.h>

#include "data/attribution_models.hpp"
#include "data/dense_ids.hpp"
#include "model/error.hpp"

namespace jsim::data {
namespace detail {
namespace {

// Transition probabilities of the fitted chain, as edge lists.
struct FittedChain {
  std::vector<double> edge_prob;  // per edge
  std::vector<double> to_conversion;  // per node
  std::vector<bool> visited;          // per node: some path with positive weight goes through it
};

// x = (I - Q)^-1 r. Sparse LU is exact up to rounding but its fill grows fast on the de Bruijn-like
// graphs of order-k chains (order 4 over 12 channels: ~19,000 states and nearly dense factors),
// so larger systems are solved by BiCGSTAB to a relative residual of 1e-14. Since
// ||(I - Q)^-1||_inf is the longest expected time to absorption, the error is that times the
// residual: about 12 correct digits for journeys of tens of touches.
Eigen::VectorXd solve_absorption(const Eigen::SparseMatrix<double>& a, const Eigen::VectorXd& r, std::size_t direct_max) {
  if (static_cast<std::size_t>(a.rows()) > direct_max) {
    Eigen::BiCGSTAB<Eigen::SparseMatrix<double>> it;
    it.setTolerance(1e-14);
    it.setMaxIterations(10000);
    it.compute(a);
    Eigen::VectorXd x = it.solve(r);
    // BiCGSTAB can stop just short of 1e-14 on rounding; 1e-11 is still far below any reported digit.
    if (it.info() == Eigen::Success || it.error() < 1e-11) return x;
  }
  Eigen::SparseLU<Eigen::SparseMatrix<double>, Eigen::COLAMDOrdering<int>> lu;
  lu.compute(a);
  if (lu.info() != Eigen::Success)
    throw Error("markov attribution: the fitted chain has a loop with no way out (singular system)");
  return lu.solve(r);
}

// P(conversion) from (start) when the nodes with keep[i] == false are removed (every transition
// into them goes to (null)). Unknowns: x_i = P(conversion | at node i), for kept visited nodes:
//   x_i - sum_j q_ij x_j = r_i,   P = sum_j q_0j x_j.
double conversion_probability(const FittedChain& c, const std::vector<std::uint32_t>& from,
                              const std::vector<std::uint32_t>& to, const std::vector<char>& keep,
                              std::size_t direct_max) {
  const std::size_t n = c.visited.size();
  std::vector<int> unknown(n, -1);
  int m = 0;
  for (std::size_t i = 1; i < n; ++i)
    if (keep[i] && c.visited[i]) unknown[i] = m++;
  if (m == 0) return 0.0;

  std::vector<Eigen::Triplet<double>> entries;
  entries.reserve(from.size() + static_cast<std::size_t>(m));
  Eigen::VectorXd r(m);
  for (std::size_t i = 1; i < n; ++i)
    if (unknown[i] >= 0) {
      entries.emplace_back(unknown[i], unknown[i], 1.0);
      r[unknown[i]] = c.to_conversion[i];
    }
  for (std::size_t e = 0; e < from.size(); ++e) {
    const int i = unknown[from[e]], j = unknown[to[e]];
    if (i >= 0 && j >= 0 && c.edge_prob[e] > 0.0) entries.emplace_back(i, j, -c.edge_prob[e]);
  }
  Eigen::SparseMatrix<double> a(m, m);
  a.setFromTriplets(entries.begin(), entries.end());  // duplicates (self-loops) are summed
  const Eigen::VectorXd x = solve_absorption(a, r, direct_max);
  double p = 0.0;
  for (std::size_t e = 0; e < from.size(); ++e)
    if (from[e] == 0 && unknown[to[e]] >= 0) p += c.edge_prob[e] * x[unknown[to[e]]];
  return p;
}

}  // namespace

MarkovLayout::MarkovLayout(const PathData& d, int order, bool merge_repeats) : n_states_(d.states.size()), order_(order) {
  if (order < 1 || order > 4) throw Error(fmt::format("markov order must be 1 to 4, not {}", order));
  bits_ = order == 1 ? 32u : 64u / static_cast<unsigned>(order);  // 32, 32, 21, 16
  const std::uint64_t slot_mask = (std::uint64_t{1} << bits_) - 1;
  if (n_states_ + 1 > slot_mask)
    throw Error(fmt::format("markov order {} supports at most {} states, the data has {}", order, slot_mask - 1, n_states_));
  const unsigned key_bits = bits_ * static_cast<unsigned>(order);
  const std::uint64_t key_mask = key_bits >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << key_bits) - 1;

  std::size_t touches = 0;
  for (const auto& p : d.paths) touches += p.touches.size();
  DenseIds nodes(1024), edges(4096);
  nodes.id(0);  // (start): no tuple packs to 0
  path_offset_.reserve(d.paths.size() + 1);
  path_last_.reserve(d.paths.size());
  path_edges_.reserve(touches);
  path_offset_.push_back(0);
  std::vector<char> present(n_states_, 0);
  for (const auto& p : d.paths) {
    std::uint64_t key = 0;
    std::uint32_t node = 0;
    for (std::size_t t = 0; t < p.touches.size(); ++t) {
      const State s = p.touches[t];
      if (merge_repeats && t > 0 && s == p.touches[t - 1]) continue;
      key = ((key << bits_) | (s + 1)) & key_mask;  // the oldest touch falls off the top
      const std::uint32_t next = nodes.id(key);
      path_edges_.push_back(edges.id((std::uint64_t{node} << 32) | next));
      node = next;
      present[s] = 1;
    }
    path_last_.push_back(node);
    path_offset_.push_back(path_edges_.size());
  }
  node_keys_ = nodes.keys();
  edge_from_.reserve(edges.size());
  edge_to_.reserve(edges.size());
  for (std::uint64_t k : edges.keys()) {
    edge_from_.push_back(static_cast<std::uint32_t>(k >> 32));
    edge_to_.push_back(static_cast<std::uint32_t>(k));
  }
  for (std::uint32_t s = 0; s < n_states_; ++s)
    if (present[s]) present_states_.push_back(s);
}

bool MarkovLayout::node_contains(std::uint32_t node, std::uint32_t state) const {
  if (node == 0) return false;
  const std::uint64_t key = node_keys_[node], slot_mask = (std::uint64_t{1} << bits_) - 1;
  for (int j = 0; j < order_; ++j)
    if (((key >> (bits_ * static_cast<unsigned>(j))) & slot_mask) == std::uint64_t{state} + 1) return true;
  return false;
}

double MarkovLayout::credit_into(const PathWeights& w, Credit& out, std::size_t direct_max) const {
  // Transition counts: every journey through an edge (conversions + nulls), then absorption.
  const std::size_t n = node_keys_.size();
  std::vector<double> edge_count(edge_from_.size(), 0.0), conv(n, 0.0), total(n, 0.0);
  double total_conversions = 0.0, total_value = 0.0;
  for (std::size_t p = 0; p < path_last_.size(); ++p) {
    const std::uint32_t last = path_last_[p];
    const double journeys = w.conversions[p] + w.nulls[p];
    if (last == 0 || journeys == 0.0) continue;  // no touches: nothing to credit (see attribute())
    for (std::uint64_t k = path_offset_[p]; k < path_offset_[p + 1]; ++k) edge_count[path_edges_[k]] += journeys;
    conv[last] += w.conversions[p];
    total[last] += journeys;  // absorption, to (conversion) or (null)
    total_conversions += w.conversions[p];
    total_value += w.value[p];
  }
  for (std::size_t e = 0; e < edge_from_.size(); ++e) total[edge_from_[e]] += edge_count[e];

  FittedChain c;
  c.edge_prob.resize(edge_from_.size());
  c.to_conversion.assign(n, 0.0);
  c.visited.assign(n, false);
  for (std::size_t e = 0; e < edge_from_.size(); ++e)
    c.edge_prob[e] = edge_count[e] > 0.0 ? edge_count[e] / total[edge_from_[e]] : 0.0;
  for (std::size_t i = 0; i < n; ++i)
    if (total[i] > 0.0) c.visited[i] = true, c.to_conversion[i] = conv[i] / total[i];

  std::vector<char> keep_all(n, 1);
  const double p_full = conversion_probability(c, edge_from_, edge_to_, keep_all, direct_max);
  if (!(p_full > 0.0)) return p_full;  // no conversions: every removal effect and credit is 0

  // One solve per state that occurs; the solves are independent.
  std::vector<double> effect(present_states_.size(), 0.0);
  tbb::parallel_for(std::size_t{0}, present_states_.size(), [&](std::size_t k) {
    std::vector<char> keep(n);
    for (std::uint32_t i = 0; i < n; ++i) keep[i] = node_contains(i, present_states_[k]) ? 0 : 1;
    effect[k] = 1.0 - conversion_probability(c, edge_from_, edge_to_, keep, direct_max) / p_full;
  });
  double sum = 0.0;
  for (double e : effect) sum += e;
  for (std::size_t k = 0; k < present_states_.size(); ++k) {
    const State s = present_states_[k];
    out.removal_effect[s] = effect[k];
    if (sum > 0.0) {
      out.conversions[s] = effect[k] / sum * total_conversions;
      out.value[s] = effect[k] / sum * total_value;
    }
  }
  return p_full;
}

}  // namespace detail

Credit markov_credit(const PathData& d, int order, bool merge_repeats) {
  Credit out = detail::empty_credit(d, ModelSpec{Model::Markov, order, merge_repeats});
  detail::MarkovLayout(d, order, merge_repeats).credit_into(detail::observed_weights(d), out);
  return out;
}

}  // namespace jsim::data
