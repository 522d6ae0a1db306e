// The YAML writer of `jsim discover`: a discovered scenario as a commented scenario file in the
// layout of the hand-written ones (scenarios/*.yaml), each fitted number with the sample behind it.
#include <charconv>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "data/discovery.hpp"
#include "model/calendar_time.hpp"

namespace jsim::data {

namespace {

using TKind = DiscoveredTouchpoint::Kind;
using DKind = FittedDistribution::Kind;

// Shortest text that reads back as the same double (frictions and shares: exact).
std::string exact(double x) {
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, x);
  return std::string(buf, r.ptr);
}

std::string sig(double x, int digits = 6) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*g", digits, x);
  return buf;
}

std::string pct(double x) { return sig(100.0 * x, 4) + "%"; }

// A duration with the largest unit that keeps it >= 1 (6 significant digits).
std::string duration(double s) {
  if (s >= 86400.0) return sig(s / 86400.0) + "d";
  if (s >= 3600.0) return sig(s / 3600.0) + "h";
  if (s >= 60.0) return sig(s / 60.0) + "m";
  return sig(s) + "s";
}

std::string quoted(const std::string& s) {
  std::string q = "\"";
  for (const char c : s) {
    if (c == '"' || c == '\\') q.push_back('\\');
    q.push_back(c);
  }
  return q + "\"";
}

std::string distribution(const FittedDistribution& f, bool time) {
  auto v = [&](double x) { return time ? duration(x) : sig(x, 8); };
  switch (f.kind) {
    case DKind::Fixed: return "{dist: fixed, value: " + v(f.mean) + "}";
    case DKind::Exponential: return "{dist: exponential, mean: " + v(f.mean) + "}";
    case DKind::Lognormal: return "{dist: lognormal, mean: " + v(f.mean) + ", sd: " + v(f.sd) + "}";
    case DKind::None: break;
  }
  return "";
}

// What a duration fit rests on, for its comment.
std::string fit_note(const FittedDistribution& f) {
  std::string s = "n=" + std::to_string(f.n);
  if (f.zeros) s += " (+" + std::to_string(f.zeros) + " zero gaps left out)";
  if (f.n >= 2 && std::isfinite(f.aic_lognormal))
    s += ", AIC exponential " + sig(f.aic_exponential, 7) + " vs lognormal " + sig(f.aic_lognormal, 7);
  else if (f.n >= 2)
    s += ", all equal";
  return s;
}

const char* weekday(int d) {
  static const char* names[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  return names[((d % 7) + 7) % 7];
}

}  // namespace

std::string write_discovered_yaml(const DiscoveredScenario& d, const std::optional<DiscoveryCheck>& check,
                                  const std::string& date) {
  std::ostringstream y;
  const double conv = d.journeys ? double(d.conversions) / double(d.journeys) : 0.0;
  y << "# " << d.name << ": discovered by `jsim discover` from " << d.source << " on " << date << ".\n";
  y << "# Source: " << d.input_kind << ", " << d.rows << (d.input_kind == "path file" ? " distinct paths, " : " rows, ")
    << d.journeys << " journeys";
  if (d.empty_journeys) y << " (+" << d.empty_journeys << " with only ignored activities, left out)";
  y << ", " << d.conversions << " converted (" << pct(conv) << ")";
  if (d.censored) y << ", " << d.censored << " unfinished when the log stopped (censored)";
  y << ".\n";
  y << "# Estimators (docs/discover.md): friction = journeys that ended at a regular touchpoint without\n"
       "# converting / decided visits there (MLE); transition weights = "
    << (d.affinity_fitted ? "ML with per-persona channel affinities\n# (order-1 Markov, "
                          : "observed move counts (order-1\n# Markov MLE, ")
    << "no smoothing: a move never observed is absent); entry weights = first-touch counts.\n"
       "# A journey is cut at its first conversion or exit; later events are not fitted.\n";
  if (check) {
    auto rate = [](std::uint64_t c, std::uint64_t n, std::uint64_t censored) {
      std::string s = sig(n ? double(c) / double(n) : 0.0, 4);
      if (censored && n > censored) s += " (" + sig(double(c) / double(n - censored), 4) + " of finished journeys)";
      return s;
    };
    y << "# Check: observed conversion " << rate(d.conversions, d.journeys, d.censored)
      << "; exact conversion of this file (jsim analyze) " << sig(check->conversion_exact, 4) << ".\n";
    // The same figure as a check the test suite runs on a bundled file (scenarios/README.md):
    // six significant digits, so 1e-6 covers the rounding.
    y << "# expect: analyze.conversion_probability " << sig(check->conversion_exact, 6) << " \u00b1 1e-6\n";
    if (d.personas.size() > 1) {
      y << "# Per persona, observed -> exact" << (d.affinity_fitted ? "" : " (routing pooled: --no-affinity)") << ":\n";
      for (std::size_t p = 0; p < d.personas.size(); ++p) {
        const auto& per = d.personas[p];
        y << "#   " << per.id << ": " << rate(per.conversions, per.journeys, per.censored) << " -> "
          << sig(check->persona_conversion_exact[p], 4) << " (n=" << per.journeys << ")\n";
      }
    }
  }
  if (!d.timed)
    y << "# Untimed (v1): " << (d.input_kind == "path file" ? "a path file has no times" : "the log's timestamps do not vary or --untimed was given")
      << ", so no horizon, arrivals, delays or service times.\n";
  y << "\n";

  y << "scenario:\n";
  y << "  name: " << d.name << "\n";
  y << "  description: " << quoted("Fitted by jsim discover from " + d.source) << "\n";
  y << "  seed: " << d.seed << "\n";
  if (d.repeats_fitted)
    y << "  population: " << d.agents << "   # journeys that are not repeats (a customer's case after a converted one); "
      << d.journeys - d.agents << " repeats\n";
  else
    y << "  population: " << d.journeys << "   # journeys in the " << d.input_kind << " (one agent each"
      << (d.timed ? "; no customer had a case after a converted one" : "") << ")\n";
  if (d.timed) {
    y << "  horizon: " << d.horizon_days << "d   # the log's span, ";
    if (d.times_are_offsets)
      y << "plain seconds " << sig(d.first_time) << " to " << sig(d.last_time) << " from time 0, rounded up to whole days\n";
    else
      y << format_iso8601(d.first_time) << " to " << format_iso8601(d.last_time) << ", from midnight, rounded up to whole days\n";
    y << "  start: " << format_iso8601(d.start) << "   # midnight UTC of the first journey's day (" << weekday(d.start_weekday)
      << ")\n";
  }
  y << "\n";

  y << "stages: [";
  for (std::size_t i = 0; i < d.stages.size(); ++i) y << (i ? ", " : "") << d.stages[i];
  y << "]" << (d.stages.size() > 1 ? "   # from the stage column, ordered by mean position in the journeys" : "   # no stage column: one stage") << "\n\n";

  y << "channels:   # " << (d.channels_from_activities ? "no channel column: each activity is its own channel; " : "from the log's channel column or the --channels mapping; ")
    << "kind guessed from the name (edit)\n";
  for (const auto& c : d.channels) {
    y << "  - {id: " << c.id << ", kind: " << c.kind << "}";
    if (c.id != c.source) y << "   # " << quoted(c.source);
    y << "\n";
  }
  y << "\n";

  y << "touchpoints:\n";
  y << "  # friction: ended here without converting / decided visits (visits not cut off by the end of the log)\n";
  for (const auto& t : d.touchpoints) {
    std::string head = "  - {id: " + t.id + ", channel: " + d.channels[t.channel].id + ", stage: " + d.stages[t.stage];
    std::string note;
    if (t.id != t.activity && !t.activity.empty()) note = "from " + quoted(t.activity) + "; ";
    if (t.kind == TKind::Regular && !t.dead_end) {
      y << head << ", friction: " << exact(t.friction);
      if (d.timed && t.service.kind != DKind::None) y << ", service: " << distribution(t.service, true);
      if (t.servers > 0) y << ", servers: " << t.servers;
      y << "}   # " << note << t.abandons << "/" << t.decided << " visits";
      if (t.censored) y << " (+" << t.censored << " censored)";
      if (d.personas.size() > 1) y << "; friction at sensitivity 1 (ML with the personas' sensitivities)";
      if (d.timed && t.service.kind != DKind::None) y << "; service " << fit_note(t.service);
      if (t.servers > 0)
        y << "; servers: most in service at once (" << t.waited << " visits waited; a lower bound if the log is sampled)";
      y << "\n";
    } else if (t.kind == TKind::Exit || t.dead_end) {
      y << head << ", kind: exit}   # " << note
        << (t.dead_end ? "no move out of here observed (all " + std::to_string(t.visits) + " visits ended here): an exit"
                       : std::to_string(t.visits) + " journeys ended here");
      y << "\n";
    } else {
      y << "  - id: " << t.id << "   # " << note << t.visits << " conversions here\n";
      y << "    channel: " << d.channels[t.channel].id << "\n    stage: " << d.stages[t.stage] << "\n    kind: conversion\n";
      const auto& ov = t.order_value;
      y << "    order_value: " << distribution(ov, false);
      if (d.input_kind == "path file")
        y << "   # mean of total_conversion_value over " << ov.n << " conversions (the file has no spread)\n";
      else if (ov.n == 0)
        y << "   # no values in the log\n";
      else
        y << "   # lognormal by moments (sample mean and sd), n=" << ov.n << "\n";
      if (d.timed && t.service.kind != DKind::None)
        y << "    service: " << distribution(t.service, true) << "   # " << fit_note(t.service) << "\n";
    }
  }
  y << "\n";

  y << "transitions:\n";
  if (d.affinity_fitted)
    y << "  # weight: ML with the personas' channel affinities (see personas), scaled to sum to the moves out of `from`";
  else
    y << "  # weight = moves observed (probability = weight / moves out of `from`)";
  if (d.timed) y << "; delay: exponential or lognormal (MLE) by lower AIC, n = moves with a gap > 0";
  y << "\n";
  for (const auto& t : d.touchpoints) {
    if (t.kind != TKind::Regular || t.dead_end) continue;
    std::uint64_t out = 0;
    for (const auto& m : t.moves) out += m.count;
    y << "  - from: " << t.id << "   # " << out << " moves\n    to:\n";
    for (const auto& m : t.moves) {
      y << "      - {touchpoint: " << d.touchpoints[m.to].id << ", weight: "
        << (d.affinity_fitted ? sig(m.weight, 7) : std::to_string(m.count));
      if (d.timed && m.delay.kind != DKind::None) y << ", delay: " << distribution(m.delay, true);
      y << "}";
      std::string note;
      if (d.affinity_fitted) note = std::to_string(m.count) + " moves";
      if (d.timed) {
        if (m.delay.kind != DKind::None) note += (note.empty() ? "" : "; delay ") + fit_note(m.delay);
        else if (m.delay.zeros) note += (note.empty() ? "" : "; ") + std::string("immediate: ") + std::to_string(m.delay.zeros) + " of " + std::to_string(m.count) + " gaps are 0";
      }
      if (!note.empty()) y << "   # " << note;
      y << "\n";
    }
  }
  y << "\n";

  auto entry_list = [&](const std::vector<std::uint64_t>& e, const std::string& indent) {
    for (std::size_t u = 0; u < e.size(); ++u)
      if (e[u]) y << indent << "- {touchpoint: " << d.touchpoints[u].id << ", weight: " << e[u] << "}\n";
  };
  y << "entry:   # first touches of " << d.journeys << " journeys\n";
  entry_list(d.entry, "  ");
  y << "\n";

  if (d.timed) {
    std::uint64_t starts = 0;
    for (const double h : d.hourly_starts) starts += static_cast<std::uint64_t>(h);
    double mean_h = 0.0;
    for (const double h : d.hourly_starts) mean_h += h / 24.0;
    std::array<double, 7> rate{};
    double mean_r = 0.0, n_r = 0.0;
    for (int k = 0; k < 7; ++k)
      if (d.day_exposure[k] > 0) rate[k] = d.day_starts[k] / d.day_exposure[k], mean_r += rate[k], n_r += 1.0;
    mean_r /= n_r;
    y << "arrivals:   # from " << starts << " journey starts" << (d.repeats_fitted ? " (repeats left out)" : "")
      << "; rates relative to their mean (1)\n";
    y << "  hourly: [";
    for (int h = 0; h < 24; ++h) y << (h ? ", " : "") << (mean_h > 0 ? sig(d.hourly_starts[h] / mean_h, 4) : "1");
    y << "]   # starts per hour of day (UTC)\n";
    y << "  weekly: [";
    for (int k = 0; k < 7; ++k) y << (k ? ", " : "") << (d.day_exposure[k] > 0 && mean_r > 0 ? sig(rate[k] / mean_r, 4) : "1");
    y << "]   # starts per day / days in the horizon; the simulator applies weekly[0] to the horizon's first day: ";
    for (int k = 0; k < 7; ++k) y << (k ? " " : "") << weekday(d.start_weekday + k);
    y << "\n\n";
  }

  y << "personas:";
  auto repeat_keys = [&](const DiscoveredPersona& p, const std::string& indent) {
    if (!d.repeats_fitted || p.repeats == 0) return;
    y << indent << "repeat_probability: " << sig(p.repeat_probability, 6) << "   # " << p.repeats << " of "
      << p.repeat_chances << " converted journeys were followed by another; ML with censoring at the log's end: "
      << sig(p.repeat_per_conversion, 6) << " per conversion, / 0.9 (mean satisfaction / 10 without frustration)\n";
    y << indent << "repeat_delay: " << distribution(p.repeat_delay, true) << "   # end of the journey to the next start, "
      << "exponential ML with censoring, n=" << p.repeat_delay.n << "\n";
  };
  if (d.personas.size() == 1) {
    y << "   # " << (d.personas[0].segment.empty() ? "no segment column: one persona" : "one segment in the log") << "\n";
    if (d.repeats_fitted && d.personas[0].repeats) {
      y << "  - id: " << d.personas[0].id << "\n    share: 1\n";
      repeat_keys(d.personas[0], "    ");
    } else {
      y << "  - {id: " << d.personas[0].id << ", share: 1}\n";
    }
  } else {
    y << "   # one per segment: share = journeys / all; own entry (first touches); friction_sensitivity by ML\n"
         "  # (reference: the largest segment, 1).\n";
    if (d.affinity_fitted)
      y << "  # affinity: per channel, ML jointly with the transition weights (the reference segment: all 1; others: max 1).\n";
    else
      y << "  # Transition weights are pooled (--no-affinity): a segment's own routing is lost.\n";
    for (const auto& p : d.personas) {
      y << "  - id: " << p.id << "   # " << p.journeys << " journeys, " << p.conversions << " converted";
      if (d.repeats_fitted) y << ", " << p.agents << " agents";
      if (p.id != p.segment && !p.segment.empty()) y << "; segment " << quoted(p.segment);
      y << "\n    share: " << exact(p.share) << "\n    friction_sensitivity: " << sig(p.sensitivity, 8) << "\n";
      if (!p.affinity.empty()) {
        y << "    affinity: {";
        for (std::size_t c = 0; c < p.affinity.size(); ++c) y << (c ? ", " : "") << d.channels[c].id << ": " << sig(p.affinity[c], 4);
        y << "}\n";
      }
      repeat_keys(p, "    ");
      y << "    entry:\n";
      entry_list(p.entry, "      ");
    }
  }
  return y.str();
}

}  // namespace jsim::data
