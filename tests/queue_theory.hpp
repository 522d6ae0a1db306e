#pragma once
// Queueing theory for the engine tests: the stationary M/M/c+M queue (theta = 0: M/M/c, Erlang C).
#include <algorithm>
#include <vector>

namespace jsim::testing {

struct QueueTheory {
  double prob_wait, mean_wait, abandon_fraction, utilisation;
};

// Birth-death chain of M/M/c+M solved numerically. PASTA: an arrival sees the stationary distribution.
inline QueueTheory birth_death(double lambda, double mu, int c, double theta) {
  const int n_max = 4000;
  std::vector<double> p(n_max + 1);
  p[0] = 1.0;
  for (int n = 1; n <= n_max; ++n) p[n] = p[n - 1] * lambda / (std::min(n, c) * mu + std::max(0, n - c) * theta);
  double total = 0.0;
  for (double x : p) total += x;
  double waiting = 0.0, lq = 0.0, busy = 0.0;
  for (int n = 0; n <= n_max; ++n) {
    p[n] /= total;
    if (n >= c) waiting += p[n];
    lq += std::max(0, n - c) * p[n];
    busy += std::min(n, c) * p[n];
  }
  return {waiting, lq / lambda, theta * lq / lambda, busy / c};
}

}  // namespace jsim::testing
