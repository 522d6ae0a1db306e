#pragma once
// Scenarios built in code for engine tests: random graphs and single queues.
#include <memory>
#include <random>
#include <string>

#include "model/error.hpp"
#include "model/scenario.hpp"
#include "model/validation.hpp"

namespace jsim::testing {

// What a builder returns is a valid scenario, or it fails loudly: a ScenarioError naming each
// problem. `without_conversion`: the scenario has no conversion on purpose (a queue alone), so
// that no persona reaches one is expected, and only that.
inline void check_built(const Scenario& s, bool without_conversion = false) {
  auto problems = validate(s);
  if (without_conversion)
    std::erase_if(problems, [](const Diagnostic& d) { return d.message.find("no conversion touchpoint is reachable") != std::string::npos; });
  if (!problems.empty()) throw ScenarioError(std::move(problems));
}

// A random journey graph: `regular` regular touchpoints over 3 channels, 2 conversions, 1 exit,
// each regular touchpoint with 1-4 random transitions, `personas` personas with random affinities.
inline std::shared_ptr<Scenario> random_graph(std::uint64_t seed, int regular, int personas) {
  std::mt19937_64 g(seed);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  auto s = std::make_shared<Scenario>();
  s->name = "random_" + std::to_string(seed);
  s->seed = seed;
  s->population = 20000;
  s->max_steps = 100000;
  s->stages = {"awareness", "purchase"};
  s->channels = {{"web", ChannelKind::Digital}, {"store", ChannelKind::Physical}, {"support", ChannelKind::Assisted}};
  const int total = regular + 3;
  for (int i = 0; i < total; ++i) {
    Touchpoint tp;
    tp.id = "tp" + std::to_string(i);
    tp.channel = static_cast<Index>(g() % 3);
    tp.stage = i < regular ? 0 : 1;
    tp.friction = i < regular ? 0.3 * u(g) : 0.0;
    tp.cost = 1.0;
    if (i >= regular) {
      tp.kind = i == total - 1 ? TouchpointKind::Exit : TouchpointKind::Conversion;
      if (tp.kind == TouchpointKind::Conversion) tp.order_value = Distribution::lognormal(50 + 50 * u(g), 20);
    }
    s->touchpoints.push_back(tp);
  }
  s->transitions.resize(total);
  for (int i = 0; i < regular; ++i) {
    const int k = 1 + static_cast<int>(g() % 4);
    for (int j = 0; j < k; ++j) s->transitions[i].push_back({static_cast<Index>(g() % total), 0.1 + u(g), Distribution::none()});
    s->transitions[i].push_back({static_cast<Index>(regular + g() % 3), 0.2 + u(g), Distribution::none()});  // a way out
  }
  s->entry = {{0, 1.0}, {static_cast<Index>(regular / 2), 0.5}};
  double left = 1.0;
  for (int p = 0; p < personas; ++p) {
    Persona persona;
    persona.id = "persona" + std::to_string(p);
    persona.share = p + 1 == personas ? left : left * (0.3 + 0.4 * u(g));
    left -= persona.share;
    persona.affinity = {0.5 + u(g), 0.5 + u(g), 0.5 + u(g)};
    persona.friction_sensitivity = 0.5 + u(g);
    s->personas.push_back(persona);
  }
  check_built(*s);
  return s;
}

// One capacity-limited touchpoint fed by Poisson arrivals (rate lambda per hour) with exponential
// service (mean_service seconds) and c servers: an M/M/c queue, or M/M/c+M with patience.
inline std::shared_ptr<Scenario> single_queue(double lambda_per_hour, double mean_service, std::uint32_t c, double days,
                                              Distribution patience = Distribution::none()) {
  auto s = std::make_shared<Scenario>();
  s->name = "mmc";
  s->seed = 7;
  s->horizon_days = days;
  s->arrivals.hourly.fill(1.0);
  s->arrivals.weekly.fill(1.0);
  s->population = static_cast<std::uint64_t>(lambda_per_hour * 24 * days);
  s->stages = {"service"};
  s->channels = {{"support", ChannelKind::Assisted}};
  Touchpoint call;
  call.id = "call_centre";
  call.service = Distribution::exponential(mean_service);
  call.servers = c;
  Touchpoint done;
  done.id = "resolved";
  done.kind = TouchpointKind::Exit;
  s->touchpoints = {call, done};
  s->transitions = {{{1, 1.0, Distribution::none()}}, {}};
  s->entry = {{0, 1.0}};
  Persona p;
  p.id = "caller";
  p.share = 1.0;
  p.affinity = {1.0};
  p.patience = std::move(patience);
  s->personas = {p};
  check_built(*s, true);
  return s;
}

}  // namespace jsim::testing
