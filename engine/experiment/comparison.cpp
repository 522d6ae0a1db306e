#include "experiment/comparison.hpp"

#include <fmt/format.h>

#include "experiment/concurrent_runs.hpp"
#include "experiment/mean_interval.hpp"
#include "model/error.hpp"

namespace jsim {

const MetricComparison* Comparison::find(std::string_view name) const {
  for (const MetricComparison& m : metrics)
    if (m.name == name) return &m;
  return nullptr;
}

bool identical(const MetricComparison& m) {
  return m.difference.estimate == 0.0 && m.difference.low == 0.0 && m.difference.high == 0.0;
}

Comparison compare(const MetricSamples& base, const MetricSamples& whatif) {
  if (base.replications != whatif.replications)
    throw Error(fmt::format("cannot pair {} base replications with {} what-if replications", base.replications,
                            whatif.replications));
  Comparison out;
  for (std::size_t m = 0; m < base.names.size(); ++m) {
    const std::vector<double>* w = whatif.find(base.names[m]);
    if (w == nullptr) continue;  // e.g. a queue the what-if removed
    const std::vector<double>& b = base.values[m];
    std::vector<double> differences(b.size());
    for (std::size_t r = 0; r < b.size(); ++r) differences[r] = (*w)[r] - b[r];
    const Interval d = mean_interval(differences);
    // One replication has no spread to judge a difference by: never call it distinguishable.
    const bool distinguishable = base.replications >= 2 && excludes_zero(d);
    out.metrics.push_back({base.names[m], mean_interval(b), mean_interval(*w), d, distinguishable});
  }
  return out;
}

ComparisonReport run_comparison(const ComparisonPlan& plan) {
  ComparisonReport report{plan, {}, {}};
  // Design 0 is the base, then the what-ifs: all designs at once, each replicated at once.
  const std::size_t designs = 1 + plan.whatifs.size();
  std::vector<Replications> runs(designs);
  for_each_concurrently(designs, [&](std::size_t d) {
    RunPlan p = plan.base;
    if (d > 0) {
      p.scenario = plan.whatifs[d - 1];
      if (plan.pairing == Pairing::Independent) p.seed += kIndependentSeedOffset;
    }
    runs[d] = replicate(p, plan.replications);
    runs[d].first = {};  // only the metrics are compared; a full result is large
  });
  for (std::size_t d = 0; d < designs; ++d) report.warnings.push_back(std::move(runs[d].warnings));
  for (std::size_t d = 1; d < designs; ++d) {
    Comparison c = compare(runs[0].samples, runs[d].samples);
    c.base_label = plan.base.scenario->name;
    c.whatif_label = plan.whatifs[d - 1]->name;
    report.comparisons.push_back(std::move(c));
  }
  return report;
}

}  // namespace jsim
