// Scenario loader and validator: a valid scenario loads with the right values, each kind of
// error is reported at the right place, and no input makes the loader fail any other way.
#include <gtest/gtest.h>

#include "damaged_yaml.hpp"
#include "scenario_error_text.hpp"
#include "test_files.hpp"

#include <fstream>
#include <random>
#include <sstream>

#include "model/error.hpp"
#include "model/loader.hpp"

namespace jsim {
namespace {

const std::string kDataDir = JSIM_SOURCE_DIR "/tests/data";

// A small valid scenario; each error test changes one thing in it. Line and column numbers
// in the tests refer to this text.
const std::string kBase = R"(scenario:
  name: shop
  seed: 7
  population: 100
  horizon: 28d
stages: [awareness, purchase]
channels:
  - {id: web, kind: digital}
  - {id: store, kind: physical}
touchpoints:
  - {id: home, channel: web, stage: awareness}
  - {id: counter, channel: store, stage: purchase, servers: 2, service: 5m}
  - {id: buy, channel: web, stage: purchase, kind: conversion, order_value: 50}
  - {id: leave, channel: web, stage: purchase, kind: exit}
transitions:
  - from: home
    to:
      - {touchpoint: counter, weight: 1}
      - {touchpoint: leave, weight: 1}
  - from: counter
    to:
      - {touchpoint: buy, weight: 1, delay: 1h}
entry:
  - {touchpoint: home, weight: 1}
personas:
  - {id: casual, share: 0.6}
  - {id: keen, share: 0.4, affinity: {store: 2}}
)";


// `text` with `from` (which must occur exactly once) replaced by `to`.
std::string replaced(const std::string& text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << "not in the text: " << from;
  EXPECT_EQ(text.find(from, at + 1), std::string::npos) << "more than once in the text: " << from;
  if (at == std::string::npos) return text;
  return std::string(text).replace(at, from.size(), to);
}

std::string with(const std::string& from, const std::string& to) { return replaced(kBase, from, to); }

std::vector<Diagnostic> errors_of(const std::string& text) {
  return testing::diagnostics_of([&] { (void)load_scenario_text(text, "test.yaml", kDataDir); });
}

// Exactly one diagnostic, in `file` (test.yaml: the text given) at line:column, whose message contains `part`.
::testing::AssertionResult only_error(const std::vector<Diagnostic>& ds, int line, int column, const std::string& part,
                                      const std::string& file = "test.yaml") {
  return testing::only_error(ds, file, line, column, part);
}

::testing::AssertionResult only_error(const std::string& text, int line, int column, const std::string& part) {
  return only_error(errors_of(text), line, column, part);
}

// --- Valid input

TEST(LoaderTest, LoadsFileWithIncludedPersonas) {
  const std::string path = kDataDir + "/loader_valid.yaml";
  const ScenarioPtr s = load_scenario(path);
  EXPECT_EQ(s->source_file, path);
  // The file as written, then (a persona file took part) the resolved scenario with the personas inlined.
  EXPECT_EQ(s->source_text.rfind(testing::slurp(path), 0), 0u);
  EXPECT_NE(s->source_text.find("--- # resolved"), std::string::npos);
  EXPECT_NE(s->source_text.find("id: browser"), std::string::npos);
  EXPECT_EQ(s->name, "fixture_shop");
  EXPECT_EQ(s->description, "A small shop");
  EXPECT_EQ(s->seed, 42u);
  EXPECT_EQ(s->population, 500u);
  EXPECT_DOUBLE_EQ(s->horizon_days, 28.0);
  EXPECT_DOUBLE_EQ(s->silence_threshold, 2 * 86400.0);
  EXPECT_EQ(s->stages, (std::vector<std::string>{"awareness", "consideration", "purchase"}));
  ASSERT_EQ(s->channels.size(), 3u);
  EXPECT_EQ(s->channels[2].id, "store");
  EXPECT_EQ(s->channels[2].kind, ChannelKind::Physical);
  EXPECT_DOUBLE_EQ(s->channels[1].integration, 0.8);
  EXPECT_DOUBLE_EQ(s->integration_into(1), 0.8);
  EXPECT_DOUBLE_EQ(s->integration_into(2), 0.4);  // not given: design.integration

  ASSERT_EQ(s->touchpoints.size(), 5u);
  const Touchpoint& home = s->touchpoints[0];
  EXPECT_DOUBLE_EQ(home.friction, 0.1);
  EXPECT_DOUBLE_EQ(home.cost, 0.5);
  EXPECT_TRUE(home.hours.always_open);
  EXPECT_DOUBLE_EQ(home.service_quality, 0.5);
  EXPECT_TRUE(home.personalised);
  EXPECT_TRUE(home.cart);

  const Touchpoint& visit = s->touchpoints[1];
  EXPECT_EQ(visit.channel, 2u);
  EXPECT_EQ(visit.stage, 1u);
  EXPECT_EQ(visit.servers, 3u);
  EXPECT_EQ(visit.service.kind, Distribution::Kind::Lognormal);
  EXPECT_DOUBLE_EQ(visit.service.a, 600.0);
  EXPECT_DOUBLE_EQ(visit.service.b, 300.0);
  // Mon-Sat 9:00-18:00; hour of week 0 = Monday 00:00.
  EXPECT_FALSE(visit.hours.always_open);
  EXPECT_FALSE(visit.hours.open[8]);
  EXPECT_TRUE(visit.hours.open[9]);
  EXPECT_TRUE(visit.hours.open[17]);
  EXPECT_FALSE(visit.hours.open[18]);
  EXPECT_TRUE(visit.hours.open[5 * 24 + 10]);
  EXPECT_FALSE(visit.hours.open[6 * 24 + 10]);
  EXPECT_DOUBLE_EQ(visit.fixed_cost, 100.0);
  EXPECT_DOUBLE_EQ(visit.server_cost, 150.5);

  const Touchpoint& app_buy = s->touchpoints[2];
  EXPECT_EQ(app_buy.kind, TouchpointKind::Conversion);
  EXPECT_EQ(app_buy.order_value.kind, Distribution::Kind::Empirical);
  EXPECT_EQ(app_buy.order_value.values, (std::vector<double>{20, 50, 100}));
  EXPECT_EQ(app_buy.order_value.cumulative, (std::vector<double>{0.25, 0.75, 1.0}));
  EXPECT_EQ(s->touchpoints[3].order_value.kind, Distribution::Kind::Uniform);
  EXPECT_EQ(s->touchpoints[4].kind, TouchpointKind::Exit);

  ASSERT_EQ(s->transitions.size(), 5u);
  ASSERT_EQ(s->transitions[0].size(), 3u);
  EXPECT_EQ(s->transitions[0][0].to, 1u);
  EXPECT_DOUBLE_EQ(s->transitions[0][0].weight, 2.0);
  EXPECT_EQ(s->transitions[0][0].delay.kind, Distribution::Kind::Exponential);
  EXPECT_DOUBLE_EQ(s->transitions[0][0].delay.a, 2 * 86400.0);
  EXPECT_TRUE(s->transitions[0][1].delay.is_none());
  EXPECT_EQ(s->transitions[1][0].delay.kind, Distribution::Kind::Fixed);
  EXPECT_DOUBLE_EQ(s->transitions[1][0].delay.a, 90.0);
  EXPECT_TRUE(s->transitions[2].empty());
  ASSERT_EQ(s->entry.size(), 1u);

  ASSERT_EQ(s->personas.size(), 2u);
  EXPECT_EQ(s->personas[0].affinity, (std::vector<double>{1, 1, 1}));
  const Persona& loyal = s->personas[1];
  EXPECT_EQ(loyal.id, "loyal");
  EXPECT_DOUBLE_EQ(loyal.share, 0.3);
  EXPECT_EQ(loyal.affinity, (std::vector<double>{1, 3, 0}));
  EXPECT_DOUBLE_EQ(loyal.friction_sensitivity, 0.5);
  EXPECT_DOUBLE_EQ(loyal.order_value_multiplier, 1.2);
  EXPECT_DOUBLE_EQ(loyal.patience.a, 900.0);
  EXPECT_EQ(loyal.max_retries, 2u);
  EXPECT_DOUBLE_EQ(loyal.retry_delay.a, 1800.0);
  EXPECT_EQ(loyal.entry.size(), 1u);
  EXPECT_DOUBLE_EQ(loyal.base_satisfaction, 8.0);
  EXPECT_DOUBLE_EQ(loyal.repeat_probability, 0.2);
  EXPECT_EQ(loyal.repeat_delay.kind, Distribution::Kind::Exponential);
  EXPECT_DOUBLE_EQ(loyal.repeat_delay.a, 60 * 86400.0);

  EXPECT_DOUBLE_EQ(s->arrivals.weekly[5], 3.0);
  EXPECT_DOUBLE_EQ(s->arrivals.weekly[6], 0.5);
  EXPECT_DOUBLE_EQ(s->arrivals.hourly[23], 1.0);

  EXPECT_DOUBLE_EQ(s->design.integration, 0.4);
  EXPECT_DOUBLE_EQ(s->design.repeat_time, 300.0);
  EXPECT_DOUBLE_EQ(s->design.wait_unit, 900.0);
  EXPECT_DOUBLE_EQ(s->design.trust_penalty, 0.5);  // not given: default
  EXPECT_DOUBLE_EQ(s->design.cost, 5000.0);
  EXPECT_DOUBLE_EQ(s->design.margin, 0.4);
}

TEST(LoaderTest, FillsDefaults) {
  const ScenarioPtr s = load_scenario_text(kBase, "base.yaml");
  EXPECT_EQ(s->source_file, "base.yaml");
  EXPECT_EQ(s->source_text, kBase);
  EXPECT_EQ(s->description, "");
  EXPECT_EQ(s->max_steps, 1000u);
  EXPECT_DOUBLE_EQ(s->horizon_days, 28.0);
  EXPECT_DOUBLE_EQ(s->silence_threshold, 48 * 3600.0);
  EXPECT_DOUBLE_EQ(s->window, 0.0);  // derived by the engine
  for (double a : s->arrivals.hourly) EXPECT_DOUBLE_EQ(a, 1.0);
  for (double a : s->arrivals.weekly) EXPECT_DOUBLE_EQ(a, 1.0);

  const Touchpoint& home = s->touchpoints[0];
  EXPECT_EQ(home.kind, TouchpointKind::Regular);
  EXPECT_DOUBLE_EQ(home.friction, 0.0);
  EXPECT_DOUBLE_EQ(home.cost, 0.0);
  EXPECT_TRUE(home.service.is_none());
  EXPECT_EQ(home.servers, 0u);
  EXPECT_TRUE(home.hours.always_open);
  EXPECT_DOUBLE_EQ(home.service_quality, 0.0);
  EXPECT_FALSE(home.personalised);
  EXPECT_FALSE(home.cart);
  EXPECT_DOUBLE_EQ(home.fixed_cost, 0.0);
  EXPECT_DOUBLE_EQ(home.server_cost, 0.0);
  EXPECT_DOUBLE_EQ(s->channels[0].integration, -1.0);  // design.integration
  EXPECT_EQ(s->touchpoints[1].service.kind, Distribution::Kind::Fixed);
  EXPECT_DOUBLE_EQ(s->touchpoints[1].service.a, 300.0);
  EXPECT_DOUBLE_EQ(s->touchpoints[2].order_value.a, 50.0);  // money: a plain number
  EXPECT_DOUBLE_EQ(s->transitions[1][0].delay.a, 3600.0);

  const Persona& casual = s->personas[0];
  EXPECT_EQ(casual.affinity, (std::vector<double>{1, 1}));
  EXPECT_EQ(s->personas[1].affinity, (std::vector<double>{1, 2}));
  EXPECT_DOUBLE_EQ(casual.friction_sensitivity, 1.0);
  EXPECT_DOUBLE_EQ(casual.order_value_multiplier, 1.0);
  EXPECT_TRUE(casual.entry.empty());
  EXPECT_TRUE(casual.patience.is_none());
  EXPECT_EQ(casual.max_retries, 0u);
  EXPECT_EQ(casual.retry_delay.kind, Distribution::Kind::Fixed);
  EXPECT_DOUBLE_EQ(casual.retry_delay.a, 3600.0);
  EXPECT_DOUBLE_EQ(casual.base_satisfaction, 9.0);
  EXPECT_DOUBLE_EQ(casual.repeat_probability, 0.0);
  EXPECT_EQ(casual.repeat_delay.kind, Distribution::Kind::Exponential);
  EXPECT_DOUBLE_EQ(casual.repeat_delay.a, 30 * 86400.0);

  const Design neutral;
  EXPECT_DOUBLE_EQ(s->design.integration, neutral.integration);
  EXPECT_DOUBLE_EQ(s->design.wait_unit, 600.0);
  EXPECT_DOUBLE_EQ(s->design.repeat_time, 120.0);
  EXPECT_DOUBLE_EQ(s->design.cost, 0.0);
  EXPECT_DOUBLE_EQ(s->design.margin, 1.0);

  // No horizon: untimed (v1), which queues cannot be.
  const ScenarioPtr untimed = load_scenario_text(replaced(with("  horizon: 28d\n", ""), "servers: 2, ", ""), "base.yaml");
  EXPECT_FALSE(untimed->timed());
  EXPECT_DOUBLE_EQ(untimed->horizon_days, 0.0);
}

TEST(LoaderTest, ParsesDurations) {
  EXPECT_EQ(parse_duration("90"), 90.0);
  EXPECT_EQ(parse_duration("90s"), 90.0);
  EXPECT_EQ(parse_duration("5m"), 300.0);
  EXPECT_EQ(parse_duration("2.5h"), 9000.0);
  EXPECT_EQ(parse_duration("3d"), 3 * 86400.0);
  EXPECT_EQ(parse_duration("1w"), 7 * 86400.0);
  EXPECT_EQ(parse_duration("-5m"), -300.0);  // parses; the loader reports it as < 0
  for (const char* bad : {"", "m", "5x", "5 m", "abc", "1e400", "1e308w", "inf", "nan", "5mm", "--5"})
    EXPECT_EQ(parse_duration(bad), std::nullopt) << bad;
}

// --- One test per kind of error

TEST(LoaderTest, UnknownTouchpoint) {
  EXPECT_TRUE(only_error(with("{touchpoint: leave", "{touchpoint: gone"), 19, 22,
                         "transitions[0].to[1].touchpoint: unknown touchpoint 'gone' (expected one of: home, counter"));
}

TEST(LoaderTest, UnknownChannel) {
  EXPECT_TRUE(only_error(with("channel: web, stage: awareness", "channel: webb, stage: awareness"), 11, 25,
                         "touchpoints[0].channel: unknown channel 'webb' (expected one of: web, store)"));
}

TEST(LoaderTest, DuplicateId) {
  EXPECT_TRUE(only_error(with("{id: keen", "{id: casual"), 27, 10, "duplicate persona id 'casual'"));
  EXPECT_TRUE(only_error(with("[awareness, purchase]", "[awareness, purchase, awareness]"), 6, 31,
                         "duplicate stage id 'awareness'"));
}

TEST(LoaderTest, NegativeWeight) {
  EXPECT_TRUE(only_error(with("leave, weight: 1", "leave, weight: -1"), 19, 37, "expected a number >= 0, got '-1'"));
}

TEST(LoaderTest, AllZeroWeights) {
  const auto text = with("counter, weight: 1}\n      - {touchpoint: leave, weight: 1}",
                         "counter, weight: 0}\n      - {touchpoint: leave, weight: 0}");
  EXPECT_TRUE(only_error(text, 18, 7, "transitions[0].to: all weights are zero"));
}

TEST(LoaderTest, SharesNotSummingToOne) {
  EXPECT_TRUE(only_error(with("share: 0.6", "share: 0.5"), 26, 3, "persona shares sum to 0.9, expected 1"));
}

TEST(LoaderTest, ShareOutsideUnitInterval) {
  EXPECT_TRUE(only_error(with("share: 0.6", "share: 1.6"), 26, 25, "expected a probability in [0, 1], got '1.6'"));
}

TEST(LoaderTest, RegularTouchpointWithoutTransitions) {
  EXPECT_TRUE(only_error(with("kind: exit", "kind: regular"), 14, 5,
                         "touchpoints[3]: regular touchpoint 'leave' has no transitions"));
}

TEST(LoaderTest, ExitTouchpointWithTransitions) {
  const auto text = with("entry:\n", "  - from: leave\n    to: [{touchpoint: buy, weight: 1}]\nentry:\n");
  EXPECT_TRUE(only_error(text, 23, 11, "touchpoint 'leave' is kind: exit"));
}

TEST(LoaderTest, ConversionMayLeadOn) {  // v3: post-purchase journeys
  const auto s = load_scenario_text(with("entry:\n", "  - from: buy\n    to: [{touchpoint: counter, weight: 1}]\nentry:\n"),
                                    "test.yaml");
  ASSERT_EQ(s->transitions[2].size(), 1u);
  EXPECT_EQ(s->transitions[2][0].to, 1u);
}

TEST(LoaderTest, BadDesignAndOmnichannelKeys) {
  EXPECT_TRUE(only_error(kBase + "design: {integration: 1.5}\n", 28, 23, "design.integration: expected a probability in [0, 1]"));
  EXPECT_TRUE(only_error(kBase + "design: {wait_unit: 0}\n", 28, 21, "design.wait_unit: expected a duration > 0"));
  EXPECT_TRUE(only_error(kBase + "design: {integraton: 1}\n", 28, 10, "design: unknown key 'integraton'"));
  EXPECT_TRUE(only_error(with("stage: awareness}", "stage: awareness, cart: yes please}"), 11, 54,
                         "touchpoints[0].cart: expected true or false, got 'yes please'"));
  EXPECT_TRUE(only_error(with("share: 0.6}", "share: 0.6, base_satisfaction: 11}"), 26, 49,
                         "personas[0].base_satisfaction: expected a number in [0, 10], got '11'"));
}

TEST(LoaderTest, FromListedTwice) {
  const auto text = with("entry:\n", "  - from: home\n    to: [{touchpoint: buy, weight: 1}]\nentry:\n");
  EXPECT_TRUE(only_error(text, 23, 11, "touchpoint 'home' is already listed as 'from' (at line 16, column 11)"));
}

TEST(LoaderTest, NoPathFromEntryToConversion) {
  // keen no longer goes to the store, and home leads only to the store or out.
  EXPECT_TRUE(only_error(with("{store: 2}", "{store: 0}"), 27, 5,
                         "personas[1]: no conversion touchpoint is reachable for persona 'keen'"));
  // The scenario's own graph reaches no conversion: reported once, at the scenario's entry.
  EXPECT_TRUE(only_error(with("{touchpoint: buy, weight: 1, delay: 1h}", "{touchpoint: leave, weight: 1}"), 24, 3,
                         "entry: no conversion touchpoint is reachable"));
}

TEST(LoaderTest, WrongType) {
  EXPECT_TRUE(only_error(with("seed: 7", "seed: abc"), 3, 9, "scenario.seed: expected an integer, got 'abc'"));
  EXPECT_TRUE(only_error(with("leave, weight: 1", "leave, weight: abc"), 19, 37, "expected a number, got 'abc'"));
  EXPECT_TRUE(only_error(with("seed: 7", "seed: [7]"), 3, 9, "got a list"));
  EXPECT_TRUE(only_error(with("personas:\n  -", "personas:\n  - [x]\n  -"), 26, 5, "expected a mapping, got a list"));
}

TEST(LoaderTest, HugeAndNegativeNumbers) {
  EXPECT_TRUE(only_error(with("seed: 7", "seed: 99999999999999999999999"), 3, 9, "no larger than"));
  EXPECT_TRUE(only_error(with("seed: 7", "seed: -7"), 3, 9, "expected an integer >= 0, got '-7'"));
  EXPECT_TRUE(only_error(with("servers: 2", "servers: 1000001"), 12, 61, "expected an integer in [0, 1000000]"));
  EXPECT_TRUE(only_error(with("delay: 1h", "delay: -1h"), 22, 45, "expected a duration >= 0, got '-1h'"));
  EXPECT_TRUE(only_error(with("delay: 1h", "delay: 1e400"), 22, 45, "expected a duration"));
}

TEST(LoaderTest, MissingRequiredField) {
  EXPECT_TRUE(only_error(with("  population: 100\n", ""), 2, 3, "scenario: missing required key 'population'"));
  EXPECT_TRUE(only_error(with(", order_value: 50", ""), 13, 5, "missing required key 'order_value'"));
}

TEST(LoaderTest, UnknownKey) {
  EXPECT_TRUE(only_error(with("stage: awareness}", "stage: awareness, colour: red}"), 11, 48,
                         "touchpoints[0]: unknown key 'colour' (expected one of: id, channel, stage"));
}

TEST(LoaderTest, MalformedYaml) {
  EXPECT_TRUE(only_error(with("[awareness, purchase]", "[awareness, purchase"), 7, 9, "malformed YAML"));
}

TEST(LoaderTest, ServersWithoutService) {
  EXPECT_TRUE(only_error(with("servers: 2, service: 5m", "servers: 2"), 12, 61, "servers > 0 requires 'service'"));
}

TEST(LoaderTest, ServersNeedAHorizon) {
  const auto untimed = with("  horizon: 28d\n", "");
  EXPECT_TRUE(only_error(untimed, 11, 61, "touchpoints[1].servers: servers > 0 requires scenario.horizon"));
  EXPECT_TRUE(only_error(with("horizon: 28d", "horizon: 0"), 12, 61, "servers > 0 requires scenario.horizon"));
  // A bad horizon is reported once, not again at every queue.
  EXPECT_TRUE(only_error(with("horizon: 28d", "horizon: soon"), 5, 12, "scenario.horizon: expected a duration"));
  // Unlimited capacity needs no time.
  (void)load_scenario_text(replaced(untimed, "servers: 2", "servers: 0"), "test.yaml");
}

TEST(LoaderTest, RepeatJourneysWithoutAHorizonAreAllowed) {  // they have no effect (docs/scenario-format.md)
  const auto text = replaced(replaced(with("  horizon: 28d\n", ""), "servers: 2, ", ""), "share: 0.6}",
                             "share: 0.6, repeat_probability: 0.5}");
  EXPECT_DOUBLE_EQ(load_scenario_text(text, "test.yaml")->personas[0].repeat_probability, 0.5);
}

TEST(LoaderTest, BadPlannerAndChannelKeys) {
  EXPECT_TRUE(only_error(with("stage: awareness}", "stage: awareness, fixed_cost: -1}"), 11, 60,
                         "touchpoints[0].fixed_cost: expected a number >= 0, got '-1'"));
  EXPECT_TRUE(only_error(with("stage: awareness}", "stage: awareness, server_cost: lots}"), 11, 61,
                         "touchpoints[0].server_cost: expected a number, got 'lots'"));
  EXPECT_TRUE(only_error(kBase + "design: {margin: 1.2}\n", 28, 18, "design.margin: expected a number in [0, 1], got '1.2'"));
  EXPECT_TRUE(only_error(kBase + "design: {cost: -5}\n", 28, 16, "design.cost: expected a number >= 0"));
  EXPECT_TRUE(only_error(with("{id: web, kind: digital}", "{id: web, kind: digital, integration: 2}"), 8, 43,
                         "channels[0].integration: expected a probability in [0, 1], got '2'"));
}

TEST(LoaderTest, EmptyOpeningDays) {
  EXPECT_TRUE(only_error(with("stage: awareness}", "stage: awareness, hours: {open: 9, close: 17, days: []}}"), 11,
                         82, "touchpoints[0].hours.days: expected a non-empty list"));
}

TEST(LoaderTest, BadDistribution) {
  EXPECT_TRUE(only_error(with("delay: 1h", "delay: {dist: gamma, mean: 1h}"), 22, 52, "unknown distribution 'gamma'"));
  EXPECT_TRUE(only_error(with("service: 5m", "service: {dist: uniform, min: 5m, max: 1m}"), 12, 103,
                         "expected max >= min"));
}

TEST(LoaderTest, ErrorInIncludedPersonaFile) {
  const auto text = replaced(testing::slurp(kDataDir + "/loader_valid.yaml"), "loader_personas.yaml", "loader_personas_bad.yaml");
  EXPECT_TRUE(only_error(errors_of(text), 7, 16, "personas[1].affinity: unknown channel 'tv'",
                         kDataDir + "/loader_personas_bad.yaml"));
}

TEST(LoaderTest, MissingIncludedPersonaFile) {
  const auto text = replaced(testing::slurp(kDataDir + "/loader_valid.yaml"), "loader_personas.yaml", "loader_none.yaml");
  EXPECT_TRUE(only_error(text, 56, 21, "cannot read persona file"));
}

TEST(LoaderTest, UnreadableFile) {
  const std::string path = kDataDir + "/loader_does_not_exist.yaml";
  try {
    (void)load_scenario(path);
    FAIL() << "expected a ScenarioError";
  } catch (const ScenarioError& e) {
    EXPECT_TRUE(only_error(e.diagnostics(), 0, 0, "cannot read file", path));
  }
}

TEST(LoaderTest, ReportsEveryError) {
  auto text = with("seed: 7", "seed: abc");
  text = replaced(text, "channel: web, stage: awareness", "channel: webb, stage: awareness");
  text = replaced(text, "leave, weight: 1", "leave, weight: -1");
  const auto ds = errors_of(text);
  ASSERT_EQ(ds.size(), 3u) << testing::listing(ds);
  EXPECT_EQ(ds[0].line, 3);
  EXPECT_EQ(ds[1].line, 11);
  EXPECT_EQ(ds[2].line, 19);
}

// --- Overrides (--set PATH=VALUE)

TEST(LoaderTest, AppliesOverrides) {
  const std::vector<Override> overrides{{"scenario.population", "500"},
                                        {"design.integration", "0.25"},  // no design section: created
                                        {"touchpoints.counter.servers", "5"},
                                        {"transitions.home.to.leave.weight", "3"},
                                        {"personas.keen.affinity.web", "0.5"}};
  const ScenarioPtr s = load_scenario_text(kBase, "test.yaml", ".", overrides);
  EXPECT_EQ(s->population, 500u);
  EXPECT_DOUBLE_EQ(s->design.integration, 0.25);
  EXPECT_EQ(s->touchpoints[1].servers, 5u);
  EXPECT_DOUBLE_EQ(s->transitions[0][1].weight, 3.0);
  EXPECT_EQ(s->personas[1].affinity, (std::vector<double>{0.5, 2}));
  EXPECT_EQ(s->source_text, kBase);  // the file as written; the settings are recorded by the caller
}

TEST(LoaderTest, AppliesOverridesToIncludedPersonas) {
  const ScenarioPtr s = load_scenario(kDataDir + "/loader_valid.yaml",
                                      {{"personas.browser.share", "0.5"}, {"personas.loyal.share", "0.5"}});
  EXPECT_DOUBLE_EQ(s->personas[0].share, 0.5);
  EXPECT_DOUBLE_EQ(s->personas[1].share, 0.5);
}

TEST(LoaderTest, ReportsBadOverrides) {
  const auto errors = [](const std::vector<Override>& overrides) {
    try {
      (void)load_scenario_text(kBase, "test.yaml", ".", overrides);
    } catch (const ScenarioError& e) {
      return e.diagnostics();
    }
    return std::vector<Diagnostic>{};
  };
  EXPECT_TRUE(only_error(errors({{"touchpoints.nope.servers", "1"}}), 0, 0, "no 'nope' in 'touchpoints'",
                         "--set touchpoints.nope.servers=1"));
  EXPECT_TRUE(only_error(errors({{"scenario.seed.x", "1"}}), 0, 0, "'scenario.seed' is a single value",
                         "--set scenario.seed.x=1"));
  // A bad value is reported by the validation, as in the file, naming the --set it came from.
  EXPECT_TRUE(only_error(errors({{"design.integration", "1.5"}}), 0, 0,
                         "design.integration: expected a probability in [0, 1], got '1.5'", "--set design.integration=1.5"));
  EXPECT_TRUE(only_error(errors({{"touchpoints.counter.servers", "many"}}), 0, 0,
                         "touchpoints[1].servers: expected an integer, got 'many'", "--set touchpoints.counter.servers=many"));
}

// --- Robustness: damaged input either loads or gives a ScenarioError, quickly.


TEST(LoaderTest, SurvivesDamagedInput) {
  std::mt19937 rng(20240611);
  for (int i = 0; i < 200; ++i) testing::expect_loads_or_scenario_error(testing::damage_yaml(kBase, rng, true));
  // Hand-picked nasties: deep nesting, self-referencing anchors, several documents, binary junk.
  for (const std::string& text : {std::string(5000, '['), std::string("&a [*a]"), std::string("scenario: &a {name: *a}"),
                                  std::string("a: 1\n---\nb: 2\n"), std::string("\0\xff\xfe", 3), std::string("---"),
                                  std::string(""), kBase + "\n\t"})
    testing::expect_loads_or_scenario_error(text);
}

}  // namespace
}  // namespace jsim
