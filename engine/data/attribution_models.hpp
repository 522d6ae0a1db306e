#pragma once
// Inside the attribution models: each model split into what depends only on the paths (built once)
// and what depends on the journey counts (redone for every bootstrap replicate). attribute() and
// the public *_credit functions are thin wrappers over these.
#include <cstdint>
#include <vector>

#include "data/attribution.hpp"

namespace jsim::data::detail {

// Journey counts per distinct path (index as in PathData::paths): the data's own counts, or one
// bootstrap replicate's.
struct PathWeights {
  std::vector<double> conversions, nulls, value;
};

[[nodiscard]] PathWeights observed_weights(const PathData& d);

// A Credit with per-state vectors of the right size, zero-filled.
[[nodiscard]] Credit empty_credit(const PathData& d, const ModelSpec& m);

// First/last touch, linear, position-based, time decay. Throws jsim::Error for time decay on
// untimed data.
void heuristic_credit_into(const PathData& d, const PathWeights& w, const ModelSpec& m, double first, double last,
                           Credit& out);

inline constexpr std::size_t kMarkovDirectMax = 5000;

// The order-k chain's states and each path's walk through them.
class MarkovLayout {
 public:
  MarkovLayout(const PathData& d, int order, bool merge_repeats);
  // Fills conversions, value and removal_effect; returns P(conversion) of the fitted chain.
  // Systems of more than direct_max states are solved iteratively (see markov_attribution.cpp).
  double credit_into(const PathWeights& w, Credit& out, std::size_t direct_max = kMarkovDirectMax) const;
  [[nodiscard]] std::size_t chain_states() const { return node_keys_.size(); }  // including (start)

 private:
  [[nodiscard]] bool node_contains(std::uint32_t node, std::uint32_t state) const;

  std::size_t n_states_;
  int order_;
  unsigned bits_;                      // bits per touch in a packed tuple
  std::vector<std::uint64_t> node_keys_;  // node 0 = (start); others: packed tuples of touches + 1
  std::vector<std::uint32_t> edge_from_, edge_to_;  // between nodes
  // Per path: its edges (CSR) and its last node (0 for a path with no touches, which the chain skips).
  std::vector<std::uint64_t> path_offset_;
  std::vector<std::uint32_t> path_edges_, path_last_;
  std::vector<std::uint32_t> present_states_;  // states that occur in some path
};

// Shapley values over the states that occur in converting paths (the other states are null players).
class ShapleyLayout {
 public:
  ShapleyLayout(const PathData& d, ShapleyMethod method);
  void credit_into(const PathWeights& w, Credit& out) const;
  [[nodiscard]] bool exact() const { return exact_; }

 private:
  bool exact_;
  std::vector<std::uint32_t> players_;          // player index -> state
  std::vector<std::uint32_t> path_;             // converting paths with touches (index into PathData::paths)
  std::vector<std::uint32_t> coalition_;        // exact: each converting path's set of players as a bitmask
  std::vector<std::uint64_t> set_offset_;       // closed form: each converting path's distinct players (CSR)
  std::vector<std::uint32_t> set_players_;
};

}  // namespace jsim::data::detail
