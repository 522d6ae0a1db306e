// validate(): one semantic check for scenarios read from YAML and built in code. A scenario built
// in code reports the same problems, in the same words, as its YAML twin read by the loader; only
// the position differs (FILE:LINE:COL from the loader, the item's path alone from code).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "experiment/friction_ranking.hpp"
#include "model/error.hpp"
#include "model/loader.hpp"
#include "model/validation.hpp"
#include "scenario_builders.hpp"
#include "scenario_error_text.hpp"

namespace jsim {
namespace {

// The problems the loader reports for `text`, read as "twin.yaml".
std::vector<Diagnostic> load_errors(const std::string& text) {
  return testing::diagnostics_of([&] { (void)load_scenario_text(text, "twin.yaml"); });
}

// The messages, sorted (the loader tells what it reads before what it checks after), without the
// place a duplicate names its first definition by: a line and column from YAML, a path from code.
std::vector<std::string> messages(const std::vector<Diagnostic>& ds) {
  std::vector<std::string> out;
  for (const Diagnostic& d : ds) out.push_back(d.message.substr(0, d.message.find(" (first defined at ")));
  std::sort(out.begin(), out.end());
  return out;
}

Touchpoint touchpoint(const std::string& id, Index channel, Index stage, TouchpointKind kind = TouchpointKind::Regular) {
  Touchpoint tp;
  tp.id = id;
  tp.channel = channel;
  tp.stage = stage;
  tp.kind = kind;
  return tp;
}

Persona persona(const std::string& id, double share, std::vector<double> affinity) {
  Persona p;
  p.id = id;
  p.share = share;
  p.affinity = std::move(affinity);
  p.retry_delay = Distribution::fixed(3600.0);  // the loader's defaults
  p.repeat_delay = Distribution::exponential(30 * 86400.0);
  return p;
}

// A scenario with the loader's defaults for what the YAML twins leave out.
Scenario base(const std::string& name) {
  Scenario s;
  s.name = name;
  s.population = 100;
  s.arrivals.hourly.fill(1.0);
  s.arrivals.weekly.fill(1.0);
  s.stages = {"browse", "buy"};
  return s;
}

// A negative service time, a duplicate id, a regular touchpoint without transitions and persona
// shares that do not sum to 1.
const std::string kBroken = R"(scenario:
  name: broken
  seed: 1
  population: 100
stages: [browse, buy]
channels:
  - {id: web, kind: digital}
touchpoints:
  - {id: home, channel: web, stage: browse, service: -30}
  - {id: help, channel: web, stage: browse}
  - {id: home, channel: web, stage: buy, kind: exit}
  - {id: checkout, channel: web, stage: buy, kind: conversion, order_value: 40}
transitions:
  - from: home
    to:
      - {touchpoint: checkout, weight: 1}
entry:
  - {touchpoint: home, weight: 1}
personas:
  - {id: casual, share: 0.5}
  - {id: keen, share: 0.4}
)";

Scenario broken() {
  Scenario s = base("broken");
  s.channels = {{"web", ChannelKind::Digital}};
  s.touchpoints = {touchpoint("home", 0, 0), touchpoint("help", 0, 0), touchpoint("home", 0, 1, TouchpointKind::Exit),
                   touchpoint("checkout", 0, 1, TouchpointKind::Conversion)};
  s.touchpoints[0].service = Distribution::fixed(-30);
  s.touchpoints[3].order_value = Distribution::fixed(40);
  s.transitions = {{{3, 1.0, Distribution::none()}}, {}, {}, {}};
  s.entry = {{0, 1.0}};
  s.personas = {persona("casual", 0.5, {1.0}), persona("keen", 0.4, {1.0})};
  return s;
}

TEST(Validation, CodeAndYamlTwinReportTheSameProblems) {
  const auto from_yaml = load_errors(kBroken);
  const auto from_code = validate(broken());
  EXPECT_EQ(from_yaml.size(), 4u);
  EXPECT_EQ(messages(from_code), messages(from_yaml));
  for (const Diagnostic& d : from_yaml) EXPECT_TRUE(d.file == "twin.yaml" && d.line > 0) << d.to_string();
  for (const Diagnostic& d : from_code) EXPECT_EQ(d.line, 0) << d.to_string();  // the path says where
  const std::vector<std::string> expected = {
      "personas: persona shares sum to 0.9, expected 1 (within 1e-6)",
      "touchpoints[0].service: expected a duration >= 0, got '-30'",
      "touchpoints[1]: regular touchpoint 'help' has no transitions (list it as 'from' under transitions, or make "
      "it kind: conversion or exit)",
      "touchpoints[2].id: duplicate touchpoint id 'home'",
  };
  EXPECT_EQ(messages(from_code), expected);
  // Where the loader noted the ids, a duplicate names its first definition by line and column.
  const auto duplicate = std::find_if(from_yaml.begin(), from_yaml.end(),
                                      [](const Diagnostic& d) { return d.message.find("duplicate") != std::string::npos; });
  ASSERT_NE(duplicate, from_yaml.end());
  EXPECT_EQ(duplicate->to_string(),
            "twin.yaml:11:10: touchpoints[2].id: duplicate touchpoint id 'home' (first defined at line 9, column 10)");
}

// A persona whose affinity rules out the only way to the conversion.
const std::string kUnreachable = R"(scenario:
  name: unreachable
  seed: 1
  population: 100
stages: [browse, buy]
channels:
  - {id: web, kind: digital}
  - {id: store, kind: physical}
touchpoints:
  - {id: home, channel: web, stage: browse}
  - {id: shop, channel: store, stage: buy, kind: conversion, order_value: 40}
transitions:
  - from: home
    to:
      - {touchpoint: shop, weight: 1}
entry:
  - {touchpoint: home, weight: 1}
personas:
  - {id: online, share: 1, affinity: {store: 0}}
)";

TEST(Validation, PersonaThatCannotConvertLikeItsYamlTwin) {
  Scenario s = base("unreachable");
  s.channels = {{"web", ChannelKind::Digital}, {"store", ChannelKind::Physical}};
  s.touchpoints = {touchpoint("home", 0, 0), touchpoint("shop", 1, 1, TouchpointKind::Conversion)};
  s.touchpoints[1].order_value = Distribution::fixed(40);
  s.transitions = {{{1, 1.0, Distribution::none()}}, {}};
  s.entry = {{0, 1.0}};
  s.personas = {persona("online", 1.0, {1.0, 0.0})};
  const auto from_yaml = load_errors(kUnreachable);
  ASSERT_EQ(from_yaml.size(), 1u);
  EXPECT_EQ(from_yaml[0].line, 19);  // at the persona
  EXPECT_EQ(messages(validate(s)), messages(from_yaml));
  EXPECT_EQ(messages(validate(s)).at(0),
            "personas[0]: no conversion touchpoint is reachable for persona 'online' (from its entry touchpoints, "
            "along transitions with weight x affinity > 0)");
  s.personas[0].affinity[1] = 0.5;
  EXPECT_TRUE(validate(s).empty());
}

// A queue without the service it needs, in a scenario without a horizon.
TEST(Validation, QueueWithoutServiceOrHorizonLikeItsYamlTwin) {
  std::string text = kUnreachable;
  text.replace(text.find("{id: home, channel: web, stage: browse}"), 39, "{id: home, channel: web, stage: browse, servers: 2}");
  text.replace(text.find("affinity: {store: 0}"), 20, "affinity: {store: 1}");
  Scenario s = base("unreachable");
  s.channels = {{"web", ChannelKind::Digital}, {"store", ChannelKind::Physical}};
  s.touchpoints = {touchpoint("home", 0, 0), touchpoint("shop", 1, 1, TouchpointKind::Conversion)};
  s.touchpoints[0].servers = 2;
  s.touchpoints[1].order_value = Distribution::fixed(40);
  s.transitions = {{{1, 1.0, Distribution::none()}}, {}};
  s.entry = {{0, 1.0}};
  s.personas = {persona("online", 1.0, {1.0, 1.0})};
  const auto from_yaml = load_errors(text);
  EXPECT_EQ(from_yaml.size(), 2u);
  EXPECT_EQ(messages(validate(s)), messages(from_yaml));
}

// Indices out of range are reported, not followed.
TEST(Validation, InconsistentIndicesAreReported) {
  Scenario s = broken();
  s.touchpoints[1].channel = 5;
  s.transitions[0][0].to = 9;
  s.personas[0].affinity.clear();
  const auto problems = validate(s);
  ASSERT_EQ(problems.size(), 3u);
  EXPECT_EQ(problems[0].to_string(), "scenario: transitions from touchpoints[0].to[0]: index 9 out of range (4 touchpoints)");
  EXPECT_EQ(problems[1].message, "touchpoints[1].channel: index 5 out of range (1 channels)");
  EXPECT_EQ(problems[2].message, "personas[0].affinity: 0 affinities for 1 channels (one per channel)");
  EXPECT_THROW(throw_if_invalid(s), ScenarioError);
}

TEST(Validation, LoadedScenariosAndBuildersAreValid) {
  // What the loader accepts, validate() accepts again without places (nothing is checked twice
  // differently).
  for (const auto& entry : std::filesystem::directory_iterator(JSIM_SOURCE_DIR "/scenarios")) {
    if (entry.path().extension() != ".yaml") continue;
    const ScenarioPtr s = load_scenario(entry.path());
    EXPECT_TRUE(validate(*s).empty()) << entry.path();
  }
  EXPECT_TRUE(validate(*testing::random_graph(3, 20, 3)).empty());
}

// A friction variant is validated, and records what it changed as --set would.
TEST(Validation, FrictionVariantRecordsItsChange) {
  const ScenarioPtr s = load_scenario(JSIM_SOURCE_DIR "/scenarios/retail_omnichannel.yaml");
  const auto candidates = friction_candidates(*s);
  ASSERT_FALSE(candidates.empty());
  for (const FrictionCandidate& c : candidates) {
    const ScenarioPtr v = without_friction(*s, c);
    EXPECT_EQ(v->source_text, s->source_text);  // the text that was read, as with --set
    ASSERT_GT(v->settings.size(), s->settings.size()) << c.id;
    const std::string& setting = v->settings.back();
    EXPECT_NE(setting.find(c.id), std::string::npos) << setting;
    EXPECT_TRUE(validate(*v).empty());
  }
  const auto touchpoint = std::find_if(candidates.begin(), candidates.end(), [&](const FrictionCandidate& c) {
    return c.kind == FrictionCandidate::Kind::Touchpoint && s->touchpoints[c.index].friction > 0;
  });
  ASSERT_NE(touchpoint, candidates.end());
  EXPECT_EQ(without_friction(*s, *touchpoint)->settings.at(s->settings.size()),
            "touchpoints." + touchpoint->id + ".friction=0");
}

}  // namespace
}  // namespace jsim
