#pragma once
// Integer histogram of non-negative durations on a log scale (2% wide bins): quantiles without
// storing samples, and merging that is exact and order-independent (so thread-count independent).
#include <cmath>
#include <algorithm>
#include <cstdint>
#include <span>
#include <vector>

namespace jsim {

class LogHistogram {
 public:
  static constexpr int kBins = 1100;  // bin 0: exactly 0; bin 1: (0, 1s); then 2% steps up to ~5e9 s
  LogHistogram() : counts_(kBins, 0) {}

  void add(double v) { ++counts_[bin(v)]; }
  void merge(const LogHistogram& o) {
    for (int i = 0; i < kBins; ++i) counts_[i] += o.counts_[i];
  }
  // The bin counts, to send and restore (a queue's waits, owned by one MPI rank: sim/timed_run.cpp).
  [[nodiscard]] std::span<std::uint64_t> counts() { return counts_; }
  [[nodiscard]] std::span<const std::uint64_t> counts() const { return counts_; }
  [[nodiscard]] std::uint64_t total() const {
    std::uint64_t n = 0;
    for (auto c : counts_) n += c;
    return n;
  }
  // Value at quantile q in [0, 1]: the geometric middle of the bin holding it.
  [[nodiscard]] double quantile(double q) const { return quantile(counts_, q); }

  // The same over bin counts kept elsewhere (a block of a counter registry).
  [[nodiscard]] static double quantile(std::span<const std::uint64_t> counts, double q) {
    std::uint64_t n = 0;
    for (auto c : counts) n += c;
    if (n == 0) return 0.0;
    const auto rank = static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(n)));
    std::uint64_t seen = 0;
    for (int i = 0; i < kBins; ++i) {
      seen += counts[i];
      if (seen >= std::max<std::uint64_t>(rank, 1)) return value_of(i);
    }
    return value_of(kBins - 1);
  }

  static int bin(double v) {
    if (!(v > 0.0)) return 0;
    if (v < 1.0) return 1;
    const int b = 2 + static_cast<int>(std::log(v) / std::log(kStep));
    return b < kBins ? b : kBins - 1;
  }

 private:
  static constexpr double kStep = 1.02;
  static double value_of(int b) {
    if (b == 0) return 0.0;
    if (b == 1) return 0.5;
    return std::pow(kStep, (b - 2) + 0.5);
  }
  std::vector<std::uint64_t> counts_;
};

}  // namespace jsim
