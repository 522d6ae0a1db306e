#include "experiment/friction_ranking.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "model/error.hpp"
#include "model/override_grammar.hpp"
#include "model/validation.hpp"

namespace jsim {

std::vector<FrictionCandidate> friction_candidates(const Scenario& s) {
  std::vector<FrictionCandidate> out;
  for (Index i = 0; i < s.touchpoints.size(); ++i) {
    const Touchpoint& t = s.touchpoints[i];
    if (t.terminal() || (t.friction <= 0.0 && t.servers == 0)) continue;
    std::string fix;
    if (t.friction > 0.0) fix = fmt::format("friction {:g} -> 0", t.friction);
    if (t.servers > 0) fix += fmt::format("{}{} servers -> no queue", fix.empty() ? "" : ", ", t.servers);
    out.push_back({FrictionCandidate::Kind::Touchpoint, i, t.id, fix});
  }
  for (Index c = 0; c < s.channels.size(); ++c) {
    const double integration = s.integration_into(c);
    if (integration < 1.0)
      out.push_back(
          {FrictionCandidate::Kind::Channel, c, s.channels[c].id, fmt::format("integration {:g} -> 1", integration)});
  }
  return out;
}

namespace {

// Sets `value` at `parts` (a --set PATH) in the variant, and records it as --set does: the
// variant's results then say what it changed, on top of the base's text and settings.
void set(Scenario& v, const std::vector<std::string>& parts, const std::string& value) {
  v.settings.push_back(Override{override_path_text(parts), value}.text());
}

}  // namespace

ScenarioPtr without_friction(const Scenario& base, const FrictionCandidate& c) {
  auto v = std::make_shared<Scenario>(base);
  if (c.kind == FrictionCandidate::Kind::Touchpoint) {
    Touchpoint& tp = v->touchpoints.at(c.index);
    if (tp.friction != 0.0) set(*v, {"touchpoints", tp.id, "friction"}, "0");
    if (tp.servers != 0) set(*v, {"touchpoints", tp.id, "servers"}, "0");
    tp.friction = 0.0;
    tp.servers = 0;
  } else {
    Channel& channel = v->channels.at(c.index);
    if (channel.integration != 1.0) set(*v, {"channels", channel.id, "integration"}, "1");
    channel.integration = 1.0;
  }
  throw_if_invalid(*v);  // a variant is run like a scenario loaded: it must be one
  return v;
}

std::vector<FrictionResult> rank_friction(const RunPlan& base, std::uint32_t replications, FinishedRuns* finished) {
  const Scenario& s = *base.scenario;
  const std::vector<FrictionCandidate> candidates = friction_candidates(s);
  // Variant 0 is the base, then one per candidate: all at once, each replicated at once.
  std::vector<RunPlan> plans(1 + candidates.size(), base);
  for (std::size_t v = 1; v < plans.size(); ++v) plans[v].scenario = without_friction(s, candidates[v - 1]);
  std::vector<MetricSamples> samples;
  for (Replications& r : replicate_each(plans, replications, KeepFirst::No, finished)) samples.push_back(std::move(r.samples));
  std::vector<FrictionResult> out;
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    const Comparison cmp = compare(samples[0], samples[i + 1]);
    const auto of = [&](MetricKey key) { return *cmp.find(metric_name(key, s)); };
    FrictionResult r{candidates[i], of({MetricFamily::Conversions}), of({MetricFamily::Revenue}), {}};
    for (Index p = 0; p < s.personas.size(); ++p)
      r.persona_conversion_rate.push_back(of({MetricFamily::PersonaConversionRate, p}));
    out.push_back(std::move(r));
  }
  std::stable_sort(out.begin(), out.end(), [](const FrictionResult& a, const FrictionResult& b) {
    if (a.conversions.difference.estimate != b.conversions.difference.estimate)
      return a.conversions.difference.estimate > b.conversions.difference.estimate;
    return a.revenue.difference.estimate > b.revenue.difference.estimate;
  });
  return out;
}

}  // namespace jsim
