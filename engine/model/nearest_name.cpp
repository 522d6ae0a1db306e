#include "model/nearest_name.hpp"

#include <algorithm>
#include <numeric>

namespace jsim {

std::size_t edit_distance(const std::string& a, const std::string& b) {
  // One row of the dynamic-programming table at a time.
  std::vector<std::size_t> row(b.size() + 1);
  std::iota(row.begin(), row.end(), std::size_t{0});
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::optional<std::string> nearest_name(const std::string& name, const std::vector<std::string>& known) {
  std::optional<std::string> best;
  std::size_t best_distance = 0;
  for (const std::string& k : known) {
    const std::size_t d = edit_distance(name, k);
    const std::size_t allowed = std::max<std::size_t>(2, std::max(name.size(), k.size()) / 3);
    if (d <= allowed && (!best || d < best_distance)) {
      best = k;
      best_distance = d;
    }
  }
  return best;
}

}  // namespace jsim
