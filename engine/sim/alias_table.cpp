#include "sim/alias_table.hpp"

#include <numeric>

namespace jsim {

void build_alias_slots(std::span<const double> weights, std::vector<AliasSlot>& out) {
  const std::size_t n = weights.size();
  const double total = std::accumulate(weights.begin(), weights.end(), 0.0);
  std::vector<double> scaled(n);
  std::vector<std::uint32_t> small, large;
  for (std::size_t i = 0; i < n; ++i) {
    scaled[i] = total > 0 ? weights[i] * static_cast<double>(n) / total : 1.0;
    (scaled[i] < 1.0 ? small : large).push_back(static_cast<std::uint32_t>(i));
  }
  const std::size_t base = out.size();
  out.resize(base + n);
  for (std::size_t i = 0; i < n; ++i) out[base + i] = {std::uint64_t{1} << 32, static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(i)};
  while (!small.empty() && !large.empty()) {
    const auto s = small.back();
    small.pop_back();
    const auto l = large.back();
    out[base + s].threshold = static_cast<std::uint64_t>(scaled[s] * 4294967296.0);
    out[base + s].alias = l;
    scaled[l] -= 1.0 - scaled[s];
    if (scaled[l] < 1.0) {
      large.pop_back();
      small.push_back(l);
    }
  }
  // Whatever is left is 1 up to rounding: keep the primary (threshold 2^32, set above), except a
  // zero weight that rounding left behind, which must never be chosen.
  std::uint32_t positive = 0;
  while (positive < n && weights[positive] <= 0.0) ++positive;
  for (const auto s : small)
    if (weights[s] <= 0.0 && positive < n) out[base + s] = {0, s, positive};
}

}  // namespace jsim
