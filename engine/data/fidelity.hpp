#pragma once
// Fidelity of a simulation: how faithfully simulated journeys reproduce observed ones
// (`jsim fidelity`, docs/fidelity.md). Two sets of journeys in, side-by-side measures and
// distances out, each distance with a split-half reference: the same distance between two halves
// of the observed journeys (split by a hash of the case id), so noise can be told from a real
// difference.
//
// Distances (all symmetric, 0 for identical inputs):
//   ngram_n           total variation distance between the relative frequencies of the activity
//                     n-grams (n = 2, 3), each journey padded with n-1 start and n-1 end markers;
//                     in [0, 1]. The n-gram distance of Chapela-Campa et al. (2023), "Can I trust my
//                     simulation model? Measuring the quality of business process simulation
//                     models", BPM 2023: there the absolute differences of n-gram counts divided by
//                     their total, here of relative frequencies so logs of different sizes compare.
//   path_length       total variation distance between the path-length distributions; in [0, 1].
//   duration          Wasserstein-1 (earth mover's) distance between journey durations (last event
//                     time minus first), in seconds: the exact integral of |F - G| of the empirical
//                     distribution functions.
//   arrival_hour_emd  earth mover's distance between the journey-start histograms over the 168
//                     hours of the week (Monday 00:00 UTC = hour 0), on the circle, in hours.
//   arrival_hour_tv   total variation distance between the same two histograms; in [0, 1].
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace jsim::data {

// Journeys in flat arrays: journey i has events [offsets[i], offsets[i+1]), in time order.
struct JourneySet {
  std::vector<std::string> activities;  // id -> name
  std::vector<std::uint64_t> offsets{0};
  std::vector<std::uint32_t> events;    // activity id per event
  std::vector<double> times;            // unix seconds per event (NaN when the log has no time)
  std::vector<std::uint8_t> converted;  // per journey
  std::vector<std::uint64_t> split_key; // per journey: case_hash(case id)
  bool timed = false;

  [[nodiscard]] std::size_t size() const { return converted.size(); }
  [[nodiscard]] std::uint32_t activity(std::string_view name);  // its id, added when new
  // Appends one journey; `times` empty or one per activity.
  void add(std::span<const std::uint32_t> acts, std::span<const double> times, bool converted, std::uint64_t key);

 private:
  std::unordered_map<std::string, std::uint32_t> index_;
};

// FNV-1a 64 of a case id, mixed: which half of the split-half reference a journey falls in.
[[nodiscard]] std::uint64_t case_hash(std::string_view case_id);

inline constexpr double kFidelityNaN = std::numeric_limits<double>::quiet_NaN();

struct Estimate {
  double value = kFidelityNaN, low = kFidelityNaN, high = kFidelityNaN;  // NaN bounds: no interval
};

// Observed | simulated | simulated - observed.
struct SideBySide {
  Estimate observed, simulated, difference;
  bool flagged = false;  // the difference's 95% interval excludes 0
};

struct TouchpointFidelity {
  std::string activity;
  SideBySide visits_per_journey;  // mean visits per journey
  SideBySide drop_off_rate;       // share of journeys ending here without conversion
  SideBySide conversion_rate;     // share of journeys that visited it and converted
};

struct DistanceRow {
  std::string name;    // ngram_2, ngram_3, path_length, duration, arrival_hour_emd, arrival_hour_tv
  std::string unit;    // "", "s", "h"
  std::string method;  // one line: what is computed
  double value = kFidelityNaN;      // observed vs simulated
  double reference = kFidelityNaN;  // observed half A vs half B
  bool flagged = false;             // value > flag_ratio x reference
};

struct FidelityOptions {
  double z = 1.959963984540054;        // 95% intervals
  std::size_t path_length_bins = 30;   // lengths 1 .. bins-1, then "bins or more"
  double flag_ratio = 2.0;             // a distance is flagged above this multiple of its reference
  std::size_t quantiles = 200;         // duration quantiles kept for charts
};

struct FidelityResult {
  std::uint64_t observed_journeys = 0, simulated_journeys = 0;
  std::uint64_t half_a = 0, half_b = 0;  // observed journeys in each half of the reference split
  bool timed = false;                    // both sides have timestamps
  SideBySide conversion_rate;            // Wilson intervals each, two-proportion z interval for the difference
  SideBySide mean_path_length;           // normal intervals, Welch for the difference
  SideBySide mean_duration;              // seconds; NaN when untimed
  std::vector<TouchpointFidelity> touchpoints;  // observed activities first, then simulated-only ones
  std::vector<DistanceRow> distances;
  // Distributions for charts: shares of path lengths 1 .. bins (last = bins or more), duration
  // quantiles (seconds, evenly spaced probabilities), shares of journey starts per hour of week.
  std::vector<double> path_length_observed, path_length_simulated;
  std::vector<double> duration_quantiles_observed, duration_quantiles_simulated;
  std::vector<double> arrivals_observed, arrivals_simulated;
  double flag_ratio = 2.0;
  std::vector<std::string> notes;
};

// Throws jsim::Error when either side has no journeys.
[[nodiscard]] FidelityResult measure_fidelity(const JourneySet& observed, const JourneySet& simulated,
                                              const FidelityOptions& options = {});

// The distances on their own (pure; a selector picks journeys: 0 = all, 1 = split half A, 2 = half B).
enum class Half : std::uint8_t { All, A, B };
[[nodiscard]] bool in_half(std::uint64_t split_key, Half h);
// Activities are matched by name.
[[nodiscard]] double ngram_distance(const JourneySet& a, Half ha, const JourneySet& b, Half hb, int n);
[[nodiscard]] double wasserstein1(std::vector<double> a, std::vector<double> b);
[[nodiscard]] double total_variation(std::span<const double> p, std::span<const double> q);  // of normalised copies
[[nodiscard]] double circular_emd(std::span<const double> p, std::span<const double> q);     // of normalised copies, in bins
// 0 .. 167 for Monday 00:00 .. Sunday 23:00 UTC.
[[nodiscard]] int hour_of_week(double unix_seconds);

// Wilson score interval of k successes in n.
[[nodiscard]] Estimate wilson(double k, double n, double z = 1.959963984540054);

}  // namespace jsim::data
