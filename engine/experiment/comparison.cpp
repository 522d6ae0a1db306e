#include "experiment/comparison.hpp"

#include <fmt/format.h>

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
  ComparisonReport report{plan, {}};
  const MetricSamples base = replicate(plan.base, plan.replications).samples;
  for (const ScenarioPtr& s : plan.whatifs) {
    RunPlan p = plan.base;
    p.scenario = s;
    if (plan.pairing == Pairing::Independent) p.seed += kIndependentSeedOffset;
    Comparison c = compare(base, replicate(p, plan.replications).samples);
    c.base_label = plan.base.scenario->name;
    c.whatif_label = s->name;
    report.comparisons.push_back(std::move(c));
  }
  return report;
}

}  // namespace jsim
