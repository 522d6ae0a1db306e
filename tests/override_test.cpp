// The one --set grammar and how a setting reaches the document: quoted dotted ids, "did you
// mean", an alias changed only where addressed, persona shares kept a mix, and every scalar of
// every bundled scenario addressable (set to itself, the scenario is unchanged).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <functional>

#include "cli_runner.hpp"
#include "scenario_error_text.hpp"
#include "model/error.hpp"
#include "model/loader.hpp"
#include "model/nearest_name.hpp"
#include "model/override_grammar.hpp"

namespace jsim {
namespace {

namespace fs = std::filesystem;
using testing::jsim;
using testing::Outcome;

using testing::error_of;

// A scenario with a dotted touchpoint id and two personas sharing one affinity map by a YAML alias.
const std::string kDotted = R"(scenario: {name: dotted, seed: 3, population: 100}
stages: [look, buy]
channels:
  - {id: web, kind: digital}
  - {id: email, kind: digital}
touchpoints:
  - {id: web.home, channel: web, stage: look, friction: 0.1}
  - {id: mail, channel: email, stage: look}
  - {id: checkout, channel: web, stage: buy, kind: conversion, order_value: 40}
transitions:
  - from: web.home
    to: [{touchpoint: checkout, weight: 1}, {touchpoint: mail, weight: 1}]
  - from: mail
    to: [{touchpoint: checkout, weight: 1}]
entry: [{touchpoint: web.home, weight: 1}]
personas:
  - id: a
    share: 0.5
    affinity: &common {web: 1, email: 2}
  - id: b
    share: 0.3
    affinity: *common
  - id: c
    share: 0.2
)";

ScenarioPtr load_dotted(const std::vector<std::string>& settings) {
  return load_scenario_text(kDotted, "dotted.yaml", ".", parse_settings(settings));
}

const Touchpoint& touchpoint(const Scenario& s, const std::string& id) {
  for (const Touchpoint& t : s.touchpoints)
    if (t.id == id) return t;
  throw std::runtime_error("no touchpoint " + id);
}

TEST(OverrideGrammar, TrimsPathAndValueAndKeepsTheValueVerbatim) {
  const Override o = parse_setting("  design.integration =  0.5 ");
  EXPECT_EQ(o.path, "design.integration");
  EXPECT_EQ(o.value, "0.5");
  EXPECT_EQ(parse_setting("scenario.description=Hello, world").value, "Hello, world");
  EXPECT_EQ(parse_setting("scenario.description=a=b").value, "a=b");  // the first '=' splits
  EXPECT_EQ(parse_setting("scenario.description=").value, "");
}

TEST(OverrideGrammar, QuotedOrEscapedPartsMayHoldDots) {
  const std::string label = "--set x";
  EXPECT_EQ(override_path_parts(R"(touchpoints."web.home".servers)", label),
            (std::vector<std::string>{"touchpoints", "web.home", "servers"}));
  EXPECT_EQ(override_path_parts(R"(touchpoints.web\.home.servers)", label),
            (std::vector<std::string>{"touchpoints", "web.home", "servers"}));
  EXPECT_EQ(override_path_parts(R"(a."say \"hi\"".b)", label), (std::vector<std::string>{"a", "say \"hi\"", "b"}));
  // The canonical text quotes what needs it, and reads back to the same parts.
  EXPECT_EQ(override_path_text({"touchpoints", "web.home", "servers"}), R"(touchpoints."web.home".servers)");
  EXPECT_EQ(parse_setting(R"(touchpoints.web\.home.servers=2)").path, R"(touchpoints."web.home".servers)");
  EXPECT_EQ(parse_setting(R"(touchpoints."a=b".servers=2)").path, R"(touchpoints."a=b".servers)");
  for (const std::vector<std::string>& parts :
       std::vector<std::vector<std::string>>{{"a", "b.c", "d e", "f\"g", "h\\i", "j=k"}, {"x"}})
    EXPECT_EQ(override_path_parts(override_path_text(parts), label), parts);
}

TEST(OverrideGrammar, MistakesNameTheSetting) {
  EXPECT_NE(error_of([] { (void)parse_setting("design.integration"); }).find("--set design.integration: expected PATH=VALUE"),
            std::string::npos);
  EXPECT_NE(error_of([] { (void)parse_setting("=1"); }).find("expected a path"), std::string::npos);
  EXPECT_NE(error_of([] { (void)parse_setting("design..integration=1"); }).find("empty part"), std::string::npos);
  EXPECT_NE(error_of([] { (void)parse_setting(R"(touchpoints."web.home.servers=1)"); }).find("unterminated quote"),
            std::string::npos);
  EXPECT_NE(error_of([] { (void)parse_setting("design. integration=1"); }).find("space in the path"), std::string::npos);
}

TEST(OverrideGrammar, SweepListsSplitAtCommasOutsideQuotes) {
  EXPECT_EQ(split_value_list(R"("Hello, world", Bye)", "--set x"), (std::vector<std::string>{"Hello, world", "Bye"}));
  EXPECT_EQ(split_value_list("1, 2,3", "--set x"), (std::vector<std::string>{"1", "2", "3"}));
}

TEST(NearestName, SuggestsOnlyCloseNames) {
  EXPECT_EQ(edit_distance("integraton", "integration"), 1u);
  EXPECT_EQ(nearest_name("integraton", {"cost", "integration", "margin"}), "integration");
  EXPECT_EQ(nearest_name("zzzzzz", {"cost", "integration", "margin"}), std::nullopt);
}

TEST(Overrides, QuotedDottedIdsAreAddressed) {
  EXPECT_DOUBLE_EQ(touchpoint(*load_dotted({R"(touchpoints."web.home".friction=0.4)"}), "web.home").friction, 0.4);
  EXPECT_DOUBLE_EQ(touchpoint(*load_dotted({R"(touchpoints.web\.home.friction=0.3)"}), "web.home").friction, 0.3);
  const ScenarioPtr s = load_dotted({R"(transitions."web.home".to.mail.weight=3)"});
  EXPECT_DOUBLE_EQ(s->transitions[0][1].weight, 3.0);
  // Unquoted, the dot splits the id, and the message says what there is.
  EXPECT_NE(error_of([] { (void)load_dotted({"touchpoints.web.home.friction=0.4"}); })
                .find("--set touchpoints.web.home.friction=0.4: no 'web' in 'touchpoints'"),
            std::string::npos);
}

TEST(Overrides, AMisspeltPathSaysWhatWasMeant) {
  const std::string key = error_of([] { (void)load_dotted({"design.integraton=0.5"}); });
  EXPECT_NE(key.find("--set design.integraton=0.5: no 'integraton' under 'design'; did you mean 'integration'?"),
            std::string::npos)
      << key;
  const std::string id = error_of([] { (void)load_dotted({"touchpoints.chekout.cost=1"}); });
  EXPECT_NE(id.find("no 'chekout' in 'touchpoints'; did you mean 'checkout'?"), std::string::npos) << id;
  const std::string top = error_of([] { (void)load_dotted({"desing.integration=0.5"}); });
  EXPECT_NE(top.find("no 'desing' at the top level; did you mean 'design'?"), std::string::npos) << top;
  const std::string channel = error_of([] { (void)load_dotted({"personas.c.affinity.emial=1"}); });
  EXPECT_NE(channel.find("no 'emial' under 'personas.c.affinity'; did you mean 'email'?"), std::string::npos) << channel;
  const std::string far = error_of([] { (void)load_dotted({"touchpoints.checkout.zzzzzzzz=1"}); });
  EXPECT_NE(far.find("(expected one of: id, channel"), std::string::npos) << far;
  // A key the format allows but the file leaves out is created.
  EXPECT_DOUBLE_EQ(load_dotted({"design.margin=0.4"})->design.margin, 0.4);
}

TEST(Overrides, AnAliasedNodeChangesOnlyWhereAddressed) {
  const ScenarioPtr s = load_dotted({"personas.a.affinity.email=0"});
  EXPECT_EQ(s->personas[0].affinity, (std::vector<double>{1, 0}));
  EXPECT_EQ(s->personas[1].affinity, (std::vector<double>{1, 2}));  // b shares the map through *common
  const ScenarioPtr b = load_dotted({"personas.b.affinity.web=0.5"});
  EXPECT_EQ(b->personas[0].affinity, (std::vector<double>{1, 2}));
  EXPECT_EQ(b->personas[1].affinity, (std::vector<double>{0.5, 2}));
}

TEST(Overrides, PersonaSharesAreRescaledToSumToOne) {
  const ScenarioPtr s = load_dotted({"personas.a.share=0.2"});
  EXPECT_DOUBLE_EQ(s->personas[0].share, 0.2);
  EXPECT_NEAR(s->personas[1].share, 0.3 * 0.8 / 0.5, 1e-12);  // b and c keep their 3:2 ratio
  EXPECT_NEAR(s->personas[2].share, 0.2 * 0.8 / 0.5, 1e-12);
  double total = 0;
  for (const Persona& p : s->personas) total += p.share;
  EXPECT_NEAR(total, 1.0, 1e-9);
  ASSERT_EQ(s->setting_notes.size(), 2u);
  EXPECT_NE(s->setting_notes[0].find("personas.b.share 0.3 -> 0.48"), std::string::npos) << s->setting_notes[0];
  // Two set together: the third takes what is left.
  const ScenarioPtr two = load_dotted({"personas.a.share=0.6", "personas.b.share=0.3"});
  EXPECT_NEAR(two->personas[2].share, 0.1, 1e-12);
  // Setting a share to its own value rescales nothing.
  EXPECT_TRUE(load_dotted({"personas.a.share=0.5"})->setting_notes.empty());
  // Out of [0, 1], or more than 1 together: exit 2, naming the --set.
  EXPECT_NE(error_of([] { (void)load_dotted({"personas.a.share=1.5"}); }).find("--set personas.a.share=1.5"),
            std::string::npos);
  EXPECT_NE(error_of([] { (void)load_dotted({"personas.a.share=0.7", "personas.b.share=0.6"}); }).find("above 1"),
            std::string::npos);
  EXPECT_EQ(load_dotted({"personas.a.share=0.5"})->settings, (std::vector<std::string>{"personas.a.share=0.5"}));
}

// Every scalar under `node` with its path parts: keys, list items by name, plain list items by position.
void scalar_leaves(const YAML::Node& node, std::vector<std::string>& parts,
                   std::vector<std::pair<std::vector<std::string>, std::string>>& out) {
  if (node.IsScalar()) {
    out.emplace_back(parts, node.Scalar());
  } else if (node.IsMap()) {
    for (const auto& kv : node) {
      parts.push_back(kv.first.Scalar());
      scalar_leaves(kv.second, parts, out);
      parts.pop_back();
    }
  } else if (node.IsSequence()) {
    std::size_t i = 0;
    for (const auto& item : node) {
      std::string name = std::to_string(i++);
      if (item.IsMap())
        for (const char* key : {"id", "from", "touchpoint"})
          if (item[key] && item[key].IsScalar()) {
            name = item[key].Scalar();
            break;
          }
      parts.push_back(name);
      scalar_leaves(item, parts, out);
      parts.pop_back();
    }
  }
}

// Each bundled scenario: every scalar of the resolved document (what `jsim show` prints), set to
// its own value by --set, leaves the resolved document as it was. A path --set cannot address
// fails here.
TEST(Overrides, EveryScalarOfEveryBundledScenarioRoundTrips) {
  std::size_t scenarios = 0;
  for (const auto& entry : fs::directory_iterator(JSIM_SOURCE_DIR "/scenarios")) {
    if (entry.path().extension() != ".yaml") continue;
    ++scenarios;
    const std::string file = entry.path().string();
    const std::string shown = resolved_yaml(file);
    std::vector<std::pair<std::vector<std::string>, std::string>> leaves;
    std::vector<std::string> parts;
    scalar_leaves(YAML::Load(shown), parts, leaves);
    ASSERT_GT(leaves.size(), 20u) << file;
    std::vector<Override> all;
    for (const auto& [path, value] : leaves) all.push_back(parse_setting(override_path_text(path) + "=" + value));
    std::string together;
    try {
      together = resolved_yaml(file, all);
    } catch (const ScenarioError& e) {
      ADD_FAILURE() << file << ": " << e.what() << "\n" << e.diagnostics().front().to_string();
      continue;
    }
    if (together == shown) continue;
    for (const Override& o : all)  // find the culprit
      EXPECT_EQ(resolved_yaml(file, {o}), shown) << file << " --set " << o.text();
  }
  EXPECT_GE(scenarios, 10u);
}

// The same --set, read by the same parser, in every command.
TEST(Overrides, EveryCommandReadsTheSameGrammar) {
  const std::string file = "scenarios/tiny_funnel.yaml";
  const std::string comma = " --set 'scenario.description=Hello, world'";
  const std::string spaced = " --set ' design.integration = 0.5'";
  for (const std::string& command : {"validate " + file, "show " + file, "run " + file + " --agents 200",
                                     "friction " + file + " --agents 200 --replications 2",
                                     "compare " + file + " " + file + " --agents 200 --replications 2"}) {
    const Outcome a = jsim(command + comma);
    EXPECT_EQ(a.status, 0) << command << comma << ": " << a.err;
    const Outcome b = jsim(command + spaced);
    EXPECT_EQ(b.status, 0) << command << spaced << ": " << b.err;
    const Outcome bad = jsim(command + " --set design.integraton=0.5");
    EXPECT_EQ(bad.status, 2) << command;
    EXPECT_NE(bad.err.find("--set design.integraton=0.5: no 'integraton' under 'design'; did you mean 'integration'?"),
              std::string::npos)
        << command << ": " << bad.err;
  }
  // A sweep reads the same PATH=, then a list: the quoted value keeps its comma.
  const Outcome sweep =
      jsim("sweep " + file + " --agents 200 --replications 1 --json --set 'scenario.description=\"Hello, world\",Bye'");
  ASSERT_EQ(sweep.status, 0) << sweep.err;
  const auto j = nlohmann::json::parse(sweep.out);
  EXPECT_EQ(j["points"][0]["settings"]["scenario.description"], "Hello, world");
  EXPECT_EQ(j["points"][1]["settings"]["scenario.description"], "Bye");
}

TEST(Overrides, SettingsAreRecordedInEveryResultsFile) {
  const fs::path d = testing::fresh_dir("settings");
  const std::string set = " --set design.integration=0.5 --set 'scenario.description=Hello, world'";
  const std::vector<std::string> expected{"design.integration=0.5", "scenario.description=Hello, world"};
  ASSERT_EQ(jsim("run scenarios/tiny_funnel.yaml --agents 200 --out " + (d / "run").string() + set).status, 0);
  EXPECT_EQ(nlohmann::json::parse(testing::slurp(d / "run" / "summary.json"))["settings"], expected);
  EXPECT_EQ(nlohmann::json::parse(testing::slurp(d / "run" / "run_info.json"))["settings"], expected);
  ASSERT_EQ(jsim("compare scenarios/tiny_funnel.yaml scenarios/tiny_funnel.yaml --agents 200 --replications 2 --out " +
                 (d / "compare").string() + set)
                .status,
            0);
  EXPECT_EQ(nlohmann::json::parse(testing::slurp(d / "compare" / "compare.json"))["settings"], expected);
  ASSERT_EQ(jsim("friction scenarios/tiny_funnel.yaml --agents 200 --replications 2 --out " + (d / "friction").string() +
                 set)
                .status,
            0);
  EXPECT_EQ(nlohmann::json::parse(testing::slurp(d / "friction" / "friction.json"))["settings"], expected);
  ASSERT_EQ(jsim("sweep scenarios/tiny_funnel.yaml --agents 200 --replications 1 --set design.integration=0,1 --out " +
                 (d / "sweep").string())
                .status,
            0);
  EXPECT_EQ(nlohmann::json::parse(testing::slurp(d / "sweep" / "sweep.json"))["settings"],
            (std::vector<std::string>{"design.integration=0,1"}));
  fs::remove_all(d);
}

}  // namespace
}  // namespace jsim
