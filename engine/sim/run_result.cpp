#include "sim/run_result.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace jsim {

std::uint64_t moves_between(const std::vector<Move>& flow, std::size_t from, std::size_t to) {
  if (from > UINT32_MAX || to > UINT32_MAX) return 0;
  const auto at = std::lower_bound(flow.begin(), flow.end(), Move{static_cast<std::uint32_t>(from), static_cast<std::uint32_t>(to), 0});
  return at != flow.end() && at->from == from && at->to == to ? at->count : 0;
}

Interval wilson_interval(std::uint64_t successes, std::uint64_t trials) {
  if (trials == 0) return {};
  const double z = 1.959963984540054, n = static_cast<double>(trials);
  const double p = static_cast<double>(successes) / n;
  const double denom = 1.0 + z * z / n;
  const double centre = (p + z * z / (2 * n)) / denom;
  const double half = z * std::sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom;
  return {p, std::max(0.0, centre - half), std::min(1.0, centre + half)};
}

Nps net_promoter_score(std::uint64_t respondents, std::uint64_t promoters, std::uint64_t detractors) {
  Nps n{respondents, promoters, detractors, {}};
  if (respondents == 0) return n;
  const double r = static_cast<double>(respondents);
  const double pp = static_cast<double>(promoters) / r, pd = static_cast<double>(detractors) / r;
  const double score = pp - pd, var = (pp + pd - score * score) / r;
  const double half = 1.959963984540054 * std::sqrt(std::max(0.0, var));
  n.score = {100 * score, 100 * std::max(-1.0, score - half), 100 * std::min(1.0, score + half)};
  return n;
}

}  // namespace jsim
