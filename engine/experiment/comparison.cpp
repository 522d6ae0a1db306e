#include "experiment/comparison.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "experiment/mean_interval.hpp"
#include "model/error.hpp"

namespace jsim {

const MetricComparison* Comparison::find(std::string_view name) const {
  for (const MetricComparison& m : metrics)
    if (m.name == name) return &m;
  return nullptr;
}

MetricComparison compare_metric(std::string name, std::span<const double> base, std::span<const double> whatif) {
  std::vector<double> differences(base.size());
  bool same = true;
  for (std::size_t r = 0; r < base.size(); ++r) {
    differences[r] = whatif[r] - base[r];
    // Two designs that agree compute a metric from the same counts, possibly summed in another
    // order: they may differ in the last bits (1e-16 relative), never by a simulated customer,
    // who moves any metric by far more than 1e-12 of its size.
    const double scale = std::max(std::fabs(base[r]), std::fabs(whatif[r]));
    if (!(std::fabs(differences[r]) <= 1e-12 * scale)) same = false;
  }
  MetricComparison m{std::move(name), mean_interval(base), mean_interval(whatif), mean_interval(differences), same, false};
  m.distinguishable = !m.identical && excludes_zero(m.difference);  // NaN bounds (1 replication) exclude nothing
  return m;
}

Comparison compare(const MetricSamples& base, const MetricSamples& whatif) {
  if (base.replications != whatif.replications)
    throw Error(fmt::format("cannot pair {} base replications with {} what-if replications", base.replications,
                            whatif.replications));
  Comparison out;
  for (std::size_t m = 0; m < base.names.size(); ++m) {
    const std::vector<double>* w = whatif.find(base.names[m]);
    if (w == nullptr) continue;  // e.g. a queue the what-if removed
    out.metrics.push_back(compare_metric(base.names[m], base.values[m], *w));
  }
  return out;
}

std::uint64_t design_seed(const ComparisonPlan& plan, std::size_t design) {
  return plan.base.seed + (design > 0 && plan.pairing == Pairing::Independent ? kIndependentSeedOffset : 0);
}

ComparisonReport run_comparison(const ComparisonPlan& plan) {
  ComparisonReport report{plan, {}, {}, {}, {}};
  // Design 0 is the base, then the what-ifs: all designs at once, each replicated at once.
  const std::size_t designs = 1 + plan.whatifs.size();
  std::vector<RunPlan> plans;
  for (std::size_t d = 0; d < designs; ++d) {
    RunPlan& p = plans.emplace_back(plan.base);
    if (d > 0) p.scenario = plan.whatifs[d - 1];
    p.seed = design_seed(plan, d);
  }
  std::vector<Replications> runs = replicate_each(plans, plan.replications, KeepFirst::Yes, plan.finished);
  for (std::size_t d = 0; d < designs; ++d) report.warnings.push_back(std::move(runs[d].warnings));
  for (std::size_t d = 1; d < designs; ++d) {
    Comparison c = compare(runs[0].samples, runs[d].samples);
    c.base_label = plan.base.scenario->name;
    c.whatif_label = plan.whatifs[d - 1]->name;
    report.comparisons.push_back(std::move(c));
  }
  for (std::size_t d = 0; d < designs; ++d) {
    report.samples.push_back(std::move(runs[d].samples));
    report.first.push_back(std::move(runs[d].first));
  }
  return report;
}

}  // namespace jsim
