#include "cli/console_report.hpp"

#include <algorithm>
#include <numeric>

#include <fmt/format.h>
#include <fmt/ostream.h>

#include "experiment/number_text.hpp"

namespace jsim::cli {

static std::string percent(const Interval& i) {
  return fmt::format("{:6.2f}% [{:.2f}%, {:.2f}%]", 100 * i.estimate, 100 * i.low, 100 * i.high);
}

// Text for people: money with cents, counts, both with thousands separators.
static std::string money(double x) { return grouped_number(x, 2); }
static std::string count(std::uint64_t n) { return group_thousands(fmt::format("{}", n)); }

void print_run(std::ostream& out, const RunResult& r) {
  fmt::print(out, "{}: {} agents, seed {}, {} thread(s), {:.2f} s, {} touchpoint events\n", r.scenario, count(r.agents), r.seed,
             r.info.threads, r.info.wall_seconds, count(r.events));
  fmt::print(out, "  conversion rate {}  ({} conversions)\n", percent(r.conversion_rate), count(r.conversions));
  const BusinessMetrics& b = r.business;
  // ROI is profit / cost, a ratio (as in the files and the HTML report); without cost it has no value.
  fmt::print(out, "  revenue {}  cost {}  profit {}  ROI {}  AOV {}  orders {}\n", money(r.revenue), money(r.cost),
             money(r.profit), grouped_number(r.roi, 2), money(r.aov), count(b.orders));
  fmt::print(out, "  NPS {:+.1f} [{:+.1f}, {:+.1f}] ({} surveyed)  customers {}  retention {:.1f}%  CLTV {}  CPA {}\n",
             b.nps.score.estimate, b.nps.score.low, b.nps.score.high, count(b.nps.respondents), count(b.customers),
             100 * b.retention_rate, money(b.cltv), money(b.cost_per_acquisition));
  fmt::print(out, "  journeys {}: abandoned {}  exited {}  step-guard hits {}{}\n", count(b.journeys), count(r.abandonments),
             count(r.exits), count(r.step_guard_hits),
             r.timed ? fmt::format("  unfinished at horizon {}", count(r.unfinished)) : "");
  std::uint64_t switches = 0, repeats = 0;
  for (const auto& t : r.touchpoints) switches += t.switches, repeats += t.repeats;
  fmt::print(out, "  channel switches {}  without context (customer repeats) {}  mean frustration {:.2f}\n", count(switches),
             count(repeats), b.mean_frustration);

  fmt::print(out, "\nPersonas\n  {:<20} {:>9} {:>30} {:>7} {:>14} {:>7}{}\n", "id", "agents", "conversion rate [95% CI]",
             "path", "revenue", "NPS", r.timed ? "  time to convert (mean / p95)" : "");
  for (const auto& p : r.personas)
    fmt::print(out, "  {:<20} {:>9} {:>30} {:>7.2f} {:>14} {:>+7.1f}{}\n", p.id, count(p.agents), percent(p.conversion_rate),
               p.mean_path_length, money(p.revenue), p.business.nps.score.estimate,
               r.timed ? fmt::format("  {} / {}", duration_text(p.mean_time_to_convert), duration_text(p.p95_time_to_convert)) : "");

  // Where people leave, largest first: the friction points a strategist looks at first.
  std::vector<std::size_t> order(r.touchpoints.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](auto a, auto b) { return r.touchpoints[a].abandonments > r.touchpoints[b].abandonments; });
  fmt::print(out, "\nTouchpoints by abandonments\n  {:<22} {:<9} {:>9} {:>9} {:>7} {:>9}{}\n", "id", "channel", "visits",
             "abandon", "rate", "convert", r.timed ? "  silences (dropped)" : "");
  for (auto i : order) {
    const auto& t = r.touchpoints[i];
    const double rate = t.visits ? 100.0 * static_cast<double>(t.abandonments) / static_cast<double>(t.visits) : 0.0;
    fmt::print(out, "  {:<22} {:<9} {:>9} {:>9} {:>6.1f}% {:>9}{}\n", t.id, t.channel, count(t.visits),
               count(t.abandonments), rate, count(t.conversions),
               r.timed ? fmt::format("  {} ({})", count(t.silences), count(t.silence_dropoffs)) : "");
  }

  const bool queues = std::any_of(r.touchpoints.begin(), r.touchpoints.end(), [](const auto& t) { return t.servers > 0; });
  if (queues) {
    fmt::print(out, "\nQueues\n  {:<22} {:>7} {:>8} {:>8} {:>9} {:>9} {:>9} {:>8} {:>11}\n", "id", "servers", "util",
               "P(wait)", "mean wait", "p95 wait", "mean len", "reneges", "waiting@end");
    for (const auto& t : r.touchpoints) {
      if (t.servers == 0) continue;
      fmt::print(out, "  {:<22} {:>7} {:>7.1f}% {:>7.1f}% {:>9} {:>9} {:>9.2f} {:>8} {:>11}\n", t.id, t.servers,
                 100 * t.utilisation, 100 * t.prob_wait, duration_text(t.mean_wait), duration_text(t.p95_wait),
                 t.mean_queue_length, count(t.reneges), count(t.unfinished_waits));
    }
  }
}

void print_load_warnings(std::ostream& out, const std::vector<LoadWarning>& warnings, const std::string& design) {
  for (const LoadWarning& w : warnings)
    fmt::print(out, "warning: {}{}\n", design.empty() ? "" : design + ": ", describe(w));
}

void print_setting_notes(std::ostream& out, const Scenario& s, const std::string& design) {
  for (const std::string& note : s.setting_notes) fmt::print(out, "note: {}{}\n", design.empty() ? "" : design + ": ", note);
}

void print_analysis(std::ostream& out, const Scenario& s, const ExactAnalysis& a) {
  fmt::print(out, "{}: exact absorbing-Markov-chain analysis (v1 semantics)\n", s.name);
  for (const auto& c : exact_analysis_caveats(s)) fmt::print(out, "  note: the exact answer leaves out {}\n", c);
  fmt::print(out, "  conversion probability {:.6f}  abandonment {:.6f}  exit {:.6f}  expected path length {:.4f}\n",
             a.conversion_probability, a.abandonment_probability, a.exit_probability, a.expected_path_length);
  if (a.step_guard_probability > 1e-9)  // what the simulator's step guard changes, exactly, when it binds at all
    fmt::print(out, "  with the step guard (max_steps {}): conversion probability {:.6f}, stopped by the guard {:.6g}\n",
               s.max_steps, a.guarded_conversion_probability, a.step_guard_probability);
  fmt::print(out, "\nPersonas\n  {:<20} {:>7} {:>11} {:>11} {:>11} {:>9} {:>12}\n", "id", "share", "conversion", "abandon",
             "exit", "path", "E[order]");
  for (const auto& p : a.personas)
    fmt::print(out, "  {:<20} {:>7.3f} {:>11.6f} {:>11.6f} {:>11.6f} {:>9.4f} {:>12.2f}\n", p.id, p.share,
               p.conversion_probability, p.abandonment_probability, p.exit_probability, p.expected_path_length,
               p.expected_order_value);
  fmt::print(out, "\nExpected visits per agent\n");
  for (std::size_t u = 0; u < s.touchpoints.size(); ++u)
    fmt::print(out, "  {:<22} {:>9.5f}\n", s.touchpoints[u].id, a.expected_visits[u]);
}


}  // namespace jsim::cli
