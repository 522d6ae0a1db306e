// Overlays (`extends`): what-if files merged onto their base (docs/scenario-format.md, "Overlays"),
// errors reported in the file that holds the offending node, --set on an overlay, and jsim show.
#include <gtest/gtest.h>

#include "damaged_yaml.hpp"
#include "scenario_error_text.hpp"
#include "test_files.hpp"

#include "cli_runner.hpp"
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include <yaml-cpp/yaml.h>

#include "model/error.hpp"
#include "model/loader.hpp"

namespace jsim {
namespace {

namespace fs = std::filesystem;

const std::string kDataDir = JSIM_SOURCE_DIR "/tests/data";
std::string data(const std::string& name) { return kDataDir + "/" + name; }


using testing::diagnostics_of, testing::error_at, testing::listing, testing::only_error;

std::vector<Diagnostic> file_errors(const std::string& path, const std::vector<Override>& overrides = {}) {
  return diagnostics_of([&] { (void)load_scenario(path, overrides); });
}

// An overlay written here, named "overlay.yaml", whose relative paths are taken from tests/data.
std::vector<Diagnostic> overlay_errors(const std::string& text) {
  return diagnostics_of([&] { (void)load_scenario_text(text, "overlay.yaml", kDataDir); });
}

const Touchpoint& touchpoint(const Scenario& s, const std::string& id) { return s.touchpoints[s.touchpoint_index(id)]; }

// The moves out of `from` as "to:weight" (and ":delay" when it has one), in order.
std::vector<std::string> moves(const Scenario& s, const std::string& from) {
  std::vector<std::string> out;
  for (const Transition& t : s.transitions[s.touchpoint_index(from)]) {
    std::ostringstream m;
    m << s.touchpoints[t.to].id << ":" << t.weight;
    if (!t.delay.is_none()) m << ":" << t.delay.a;
    out.push_back(m.str());
  }
  return out;
}

std::vector<std::string> ids(const Scenario& s) {
  std::vector<std::string> out;
  for (const Touchpoint& t : s.touchpoints) out.push_back(t.id);
  return out;
}

// The checks that overlay_whatif.yaml resolved as written, shared by the tests that load it differently.
void expect_whatif(const Scenario& s) {
  EXPECT_EQ(s.name, "whatif_shop");
  EXPECT_EQ(s.seed, 11u);  // from the base
  EXPECT_DOUBLE_EQ(s.horizon_days, 14.0);
  EXPECT_DOUBLE_EQ(s.design.integration, 0.9);           // a knob changed
  EXPECT_DOUBLE_EQ(s.design.consistent_messaging, 0.8);  // the base's, kept
  // kiosk removed, chat added at the end; the base's order otherwise.
  EXPECT_EQ(ids(s), (std::vector<std::string>{"home", "counter", "call", "buy", "leave", "chat"}));
  EXPECT_EQ(touchpoint(s, "counter").servers, 5u);                       // a capacity changed
  EXPECT_DOUBLE_EQ(touchpoint(s, "counter").service.a, 300.0);           // the rest of the item kept
  EXPECT_DOUBLE_EQ(touchpoint(s, "chat").friction, 0.05);
  // home: kiosk's move gone with it, leave's removed, chat's added.
  EXPECT_EQ(moves(s, "home"), (std::vector<std::string>{"counter:2", "chat:4"}));
  EXPECT_EQ(moves(s, "counter"), (std::vector<std::string>{"buy:5:3600", "call:1"}));  // weight changed, delay kept
  EXPECT_EQ(moves(s, "chat"), (std::vector<std::string>{"buy:1"}));
  ASSERT_EQ(s.entry.size(), 1u);  // kiosk's entry gone
  EXPECT_DOUBLE_EQ(s.entry[0].weight, 2.0);
  ASSERT_EQ(s.personas.size(), 2u);  // from the base's include
  EXPECT_DOUBLE_EQ(s.personas[0].share, 0.7);
  EXPECT_DOUBLE_EQ(s.personas[1].share, 0.3);
  EXPECT_EQ(s.personas[1].affinity, (std::vector<double>{1, 2, 1}));
  ASSERT_EQ(s.personas[1].entry.size(), 1u);  // the persona's own entry loses kiosk too
  EXPECT_EQ(s.personas[1].entry[0].touchpoint, s.touchpoint_index("home"));
  EXPECT_DOUBLE_EQ(s.integration_into(0), 1.0);  // web's own integration
  EXPECT_DOUBLE_EQ(s.integration_into(1), 0.9);  // store: design.integration
}

// --- Merging

TEST(OverlayTest, ChangesWhatItNamesAndKeepsTheRest) {
  const std::string path = data("overlay_whatif.yaml");
  const ScenarioPtr s = load_scenario(path);
  expect_whatif(*s);
  EXPECT_EQ(s->source_file, path);
}

TEST(OverlayTest, SourceTextIsTheOverlayThenWhatRan) {
  const std::string path = data("overlay_whatif.yaml");
  const ScenarioPtr s = load_scenario(path);
  const std::string text = testing::slurp(path);
  ASSERT_EQ(s->source_text.substr(0, text.size()), text);
  // The rest is the resolved scenario, a YAML document of its own that loads by itself.
  const std::string marker = "\n--- # resolved";
  const auto at = s->source_text.find(marker, text.size() - 1);
  ASSERT_NE(at, std::string::npos) << s->source_text;
  const auto docs = YAML::LoadAll(s->source_text);
  ASSERT_EQ(docs.size(), 2u);
  EXPECT_EQ(docs[0]["extends"].Scalar(), "overlay_base.yaml");
  EXPECT_FALSE(docs[1]["extends"]);
  const ScenarioPtr again = load_scenario_text(s->source_text.substr(s->source_text.find('\n', at + 1) + 1), "resolved.yaml");
  expect_whatif(*again);
}

TEST(OverlayTest, PlainFilesKeepTheirTextAsWritten) {
  const std::string plain = std::string(JSIM_SOURCE_DIR) + "/scenarios/tiny_funnel.yaml";  // names no other file
  EXPECT_EQ(load_scenario(plain)->source_text, testing::slurp(plain));
  // A file that includes a persona file records the resolved scenario after its own text.
  const std::string base = data("overlay_base.yaml");
  const std::string text = load_scenario(base)->source_text;
  EXPECT_EQ(text.rfind(testing::slurp(base), 0), 0u);
  EXPECT_NE(text.find("id: casual"), std::string::npos);
}

TEST(OverlayTest, OverlaysCompose) {
  const ScenarioPtr s = load_scenario(data("overlay_second.yaml"));
  EXPECT_EQ(s->name, "second_shop");
  EXPECT_EQ(s->population, 2000u);
  EXPECT_EQ(s->seed, 11u);                         // from the first base
  EXPECT_DOUBLE_EQ(s->design.integration, 0.9);   // from the first overlay
  EXPECT_EQ(ids(*s), (std::vector<std::string>{"home", "counter", "buy", "leave", "chat"}));
  EXPECT_EQ(touchpoint(*s, "counter").servers, 6u);
  EXPECT_EQ(moves(*s, "counter"), (std::vector<std::string>{"buy:5:3600"}));  // call removed with its moves
  EXPECT_EQ(moves(*s, "chat"), (std::vector<std::string>{"buy:2:600"}));     // added by one overlay, changed by the next
}

TEST(OverlayTest, RemovingATouchpointAndItsMovesExplicitlyIsFine) {
  const ScenarioPtr s = load_scenario_text(R"(extends: overlay_base.yaml
touchpoints: [{id: kiosk, remove: true}]
transitions:
  - from: home
    to: [{touchpoint: kiosk, remove: true}]
  - {from: kiosk, remove: true}
entry: [{touchpoint: kiosk, remove: true}]
)",
                                           "overlay.yaml", kDataDir);
  EXPECT_EQ(moves(*s, "home"), (std::vector<std::string>{"counter:2", "leave:1"}));
  EXPECT_EQ(s->entry.size(), 1u);
}

TEST(OverlayTest, StagesAreReplacedWhole) {
  const ScenarioPtr s =
      load_scenario_text("extends: overlay_base.yaml\nstages: [awareness, consideration, purchase]\n", "overlay.yaml", kDataDir);
  EXPECT_EQ(s->stages, (std::vector<std::string>{"awareness", "consideration", "purchase"}));
}

TEST(OverlayTest, ANodeSharedThroughAnAliasChangesOnlyWhereNamed) {
  const fs::path dir = fs::temp_directory_path() / ("jsim_overlay_alias_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::string base = testing::slurp(data("overlay_base.yaml"));
  // call -> buy shares kiosk -> buy's node.
  base.replace(base.rfind("{touchpoint: buy, weight: 1}"), 28, "*to_buy");
  base.replace(base.find("{touchpoint: buy, weight: 1}"), 28, "&to_buy {touchpoint: buy, weight: 1}");
  std::ofstream(dir / "base.yaml") << base;
  fs::copy_file(data("overlay_base_personas.yaml"), dir / "overlay_base_personas.yaml");
  const ScenarioPtr s = load_scenario_text(R"(extends: base.yaml
transitions:
  - from: kiosk
    to: [{touchpoint: buy, weight: 7}]
)",
                                           "overlay.yaml", dir);
  EXPECT_EQ(moves(*s, "kiosk"), (std::vector<std::string>{"buy:7"}));
  EXPECT_EQ(moves(*s, "call"), (std::vector<std::string>{"buy:1"}));
  fs::remove_all(dir);
}

// --- Errors, each in the file that holds the offending node

TEST(OverlayTest, ErrorsInTheOverlayNameTheOverlay) {
  const std::string path = data("overlay_bad.yaml");
  const auto ds = file_errors(path);
  ASSERT_EQ(ds.size(), 2u) << listing(ds);
  // Paths are those of the resolved document (as jsim show prints it); places, the file's.
  EXPECT_TRUE(error_at(ds, 0, path, 4, 28, "touchpoints[2].servers: expected an integer in [0, 1000000], got '-1'"));
  EXPECT_TRUE(error_at(ds, 1, path, 5, 26, "touchpoints[6].channel: unknown channel 'tv' (expected one of: web, store, phone)"));
}

TEST(OverlayTest, ErrorsFromTheBaseNameTheBase) {
  const std::string base = data("overlay_bad_base.yaml");
  const auto ds = file_errors(data("overlay_on_bad_base.yaml"));
  ASSERT_EQ(ds.size(), 2u) << listing(ds);
  EXPECT_TRUE(error_at(ds, 0, base, 7, 57, "touchpoints[0].friction: expected a probability in [0, 1], got '1.5'"));
  // An item the overlay changed (servers) still has the base's `service`: the base is named.
  EXPECT_TRUE(error_at(ds, 1, base, 8, 71, "touchpoints[1].service: expected a duration"));
}

TEST(OverlayTest, ErrorsInTheBasesPersonaFileNameThatFile) {
  const fs::path dir = fs::temp_directory_path() / ("jsim_overlay_include_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  fs::copy_file(data("overlay_base.yaml"), dir / "base.yaml");
  std::ofstream(dir / "overlay_base_personas.yaml") << "personas:\n  - {id: casual, share: 0.6}\n  - {id: keen, share: 0.4, affinity: {tv: 1}}\n";
  const auto ds = diagnostics_of([&] { (void)load_scenario_text("extends: base.yaml\n", "overlay.yaml", dir); });
  EXPECT_TRUE(only_error(ds, (dir / "overlay_base_personas.yaml").string(), 3, 39, "personas[1].affinity: unknown channel 'tv'"));
  fs::remove_all(dir);
}

TEST(OverlayTest, AChangeThatBreaksTheScenarioIsReportedAtTheChange) {
  // The overlay makes buy a regular touchpoint, which then needs moves out of it.
  const auto ds = overlay_errors("extends: overlay_base.yaml\ntouchpoints:\n  - {id: buy, kind: regular}\n");
  EXPECT_TRUE(only_error(ds, "overlay.yaml", 3, 5, "touchpoints[4]: regular touchpoint 'buy' has no transitions"));
  // A move the overlay adds into a touchpoint it removes is not silently dropped.
  const auto into_removed = overlay_errors(R"(extends: overlay_base.yaml
touchpoints: [{id: kiosk, remove: true}]
transitions:
  - from: call
    to: [{touchpoint: kiosk, weight: 1}]
)");
  EXPECT_TRUE(only_error(into_removed, "overlay.yaml", 5, 23, "transitions[2].to[1].touchpoint: unknown touchpoint 'kiosk'"));
}

TEST(OverlayTest, RemovingWhatTheBaseDoesNotHaveIsAnError) {
  EXPECT_TRUE(only_error(overlay_errors("extends: overlay_base.yaml\ntouchpoints: [{id: nope, remove: true}]\n"), "overlay.yaml",
                         2, 20, "touchpoints[0].id: no touchpoint 'nope' in the base to remove (the base has: home, kiosk"));
  EXPECT_TRUE(only_error(overlay_errors("extends: overlay_base.yaml\ntransitions:\n  - from: call\n"
                                        "    to: [{touchpoint: home, remove: true}]\n"),
                         "overlay.yaml", 4, 23, "no move to 'home' in the base to remove (the base has: buy)"));
  // A new `from` has no moves in the base to remove (and here none left at all).
  const auto fresh = overlay_errors("extends: overlay_base.yaml\ntransitions:\n  - from: buy\n"
                                    "    to: [{touchpoint: home, remove: true}]\n");
  ASSERT_EQ(fresh.size(), 2u) << listing(fresh);
  EXPECT_TRUE(error_at(fresh, 0, "overlay.yaml", 4, 23, "transitions[0].to[0].touchpoint: no move to 'home' in the base to "
                                                        "remove (the base has none)"));
  EXPECT_TRUE(error_at(fresh, 1, "overlay.yaml", 4, 9, "transitions[4].to: expected a non-empty list"));
  EXPECT_TRUE(only_error(overlay_errors("extends: overlay_base.yaml\npersonas: [{id: nobody, remove: true}]\n"), "overlay.yaml",
                         2, 17, "no persona 'nobody' in the base to remove"));
  EXPECT_TRUE(only_error(overlay_errors("extends: overlay_base.yaml\nchannels: [{id: tv, remove: true}]\n"), "overlay.yaml", 2,
                         17, "no channel 'tv' in the base to remove"));
}

TEST(OverlayTest, RemoveSaysOnlyWhatToRemove) {
  EXPECT_TRUE(only_error(overlay_errors("extends: overlay_base.yaml\ntouchpoints: [{id: kiosk, remove: yes}]\n"), "overlay.yaml",
                         2, 35, "touchpoints[0].remove: expected true (remove: true removes the item), got 'yes'"));
  EXPECT_TRUE(only_error(overlay_errors("extends: overlay_base.yaml\ntouchpoints: [{id: kiosk, remove: true, servers: 2}]\n"),
                         "overlay.yaml", 2, 41, "an item with remove: true takes no other key than 'id', got 'servers'"));
  EXPECT_TRUE(only_error(overlay_errors("extends: overlay_base.yaml\ntouchpoints: [{remove: true}]\n"), "overlay.yaml", 2, 15,
                         "touchpoints[0]: missing required key 'id'"));
}

TEST(OverlayTest, AnItemListedTwiceIsAnError) {
  EXPECT_TRUE(only_error(overlay_errors("extends: overlay_base.yaml\ntouchpoints:\n  - {id: counter, servers: 3}\n"
                                        "  - {id: counter, servers: 4}\n"),
                         "overlay.yaml", 4, 5, "touchpoints[1]: touchpoint 'counter' is listed twice in this overlay (first at line 3)"));
}

TEST(OverlayTest, ExtendsCycleIsReportedAtTheExtendsThatClosesIt) {
  const std::string a = data("overlay_cycle_a.yaml"), b = data("overlay_cycle_b.yaml");
  EXPECT_TRUE(only_error(file_errors(a), b, 2, 10, "extends: cycle: " + a + " -> " + b + " -> " + a));
  EXPECT_TRUE(only_error(file_errors(b), a, 2, 10, "extends: cycle: " + b + " -> " + a + " -> " + b));
  // Itself, under another name.
  EXPECT_TRUE(only_error(file_errors(data("../data/overlay_cycle_a.yaml")), b, 2, 10, "extends: cycle:"));
}

TEST(OverlayTest, MissingOrUnusableBase) {
  EXPECT_TRUE(only_error(overlay_errors("scenario: {name: x}\nextends: overlay_none.yaml\n"), "overlay.yaml", 2, 10,
                         "extends: cannot read base scenario '" + data("overlay_none.yaml") + "'"));
  EXPECT_TRUE(only_error(overlay_errors("extends: .\n"), "overlay.yaml", 1, 10, "it is a directory"));
  EXPECT_TRUE(only_error(overlay_errors("extends: [a.yaml]\n"), "overlay.yaml", 1, 10, "extends: expected a string, got a list"));
  // An empty value is where yaml-cpp puts it: the start of the next line.
  EXPECT_TRUE(only_error(overlay_errors("extends:\n"), "overlay.yaml", 2, 1, "expected the path of the base scenario"));
  // A base that is not a whole scenario leaves the resolved document without what it lacks.
  EXPECT_TRUE(error_at(overlay_errors("extends: overlay_base_personas.yaml\n"), 0, "overlay.yaml", 1, 1,
                       "missing required key 'scenario'"));
}

// --- Overrides and show

TEST(OverlayTest, SetAppliesAfterTheOverlayIsResolved) {
  const std::vector<Override> overrides{{"touchpoints.counter.servers", "7"},      // changed by the overlay too
                                        {"touchpoints.chat.friction", "0.2"},      // only there once resolved
                                        {"transitions.home.to.chat.weight", "9"},  // the same
                                        {"personas.keen.affinity.phone", "0"}};    // personas from the base's include
  const ScenarioPtr s = load_scenario(data("overlay_whatif.yaml"), overrides);
  EXPECT_EQ(touchpoint(*s, "counter").servers, 7u);
  EXPECT_DOUBLE_EQ(touchpoint(*s, "chat").friction, 0.2);
  EXPECT_EQ(moves(*s, "home"), (std::vector<std::string>{"counter:2", "chat:9"}));
  EXPECT_EQ(s->personas[1].affinity, (std::vector<double>{1, 2, 0}));
  // What the overlay removed is gone for --set as well.
  EXPECT_TRUE(only_error(file_errors(data("overlay_whatif.yaml"), {{"touchpoints.kiosk.servers", "1"}}),
                         "--set touchpoints.kiosk.servers=1", 0, 0, "no 'kiosk' in 'touchpoints'"));
}

TEST(OverlayTest, ResolvedYamlIsTheScenarioAsItRuns) {
  const std::string yaml = resolved_yaml(data("overlay_whatif.yaml"), {{"scenario.population", "123"}});
  const YAML::Node root = YAML::Load(yaml);
  EXPECT_FALSE(root["extends"]);
  EXPECT_TRUE(root["personas"].IsSequence());  // the include inlined
  EXPECT_EQ(root["scenario"]["population"].Scalar(), "123");
  const ScenarioPtr s = load_scenario_text(yaml, "shown.yaml");
  expect_whatif(*s);
  EXPECT_EQ(s->population, 123u);
  // Invalid: the same errors as loading.
  EXPECT_TRUE(only_error(diagnostics_of([] { (void)resolved_yaml(data("overlay_whatif.yaml"), {{"design.integration", "2"}}); }),
                         "--set design.integration=2", 0, 0, "design.integration: expected a probability"));
}

// --- Robustness: a damaged overlay either loads or gives a ScenarioError, quickly.

TEST(OverlayTest, SurvivesDamagedOverlays) {
  std::mt19937 rng(20240612);
  const std::string whatif = testing::slurp(data("overlay_whatif.yaml"));
  // What an overlay may pull in: its base, the base's persona include, and the what-if itself.
  std::size_t pulled_in = 0;
  for (const char* f : {"overlay_base.yaml", "overlay_base_personas.yaml", "overlay_whatif.yaml"})
    pulled_in += testing::slurp(data(f)).size();
  for (int i = 0; i < 300; ++i)
    testing::expect_loads_or_scenario_error(testing::damage_yaml(whatif, rng, false), kDataDir, pulled_in);
  for (const std::string& text :
       {std::string("extends: overlay_base.yaml\ntouchpoints: &t [{id: home, friction: *t}]\n"),
        std::string("extends: overlay_base.yaml\ntransitions: [{from: home, to: &a [*a]}]\n"),
        std::string("extends: overlay_base.yaml\npersonas: {include: overlay_base_personas.yaml}\n"),
        std::string("extends: overlay_base.yaml\nextends: overlay_whatif.yaml\n"), std::string("extends: fuzz.yaml\n")})
    testing::expect_loads_or_scenario_error(text, kDataDir, pulled_in);
}

// --- The command

using jsim::testing::jsim;
using jsim::testing::Outcome;
using jsim::testing::slurp;

TEST(OverlayCli, ShowPrintsTheResolvedScenario) {
  const Outcome o = jsim("show tests/data/overlay_whatif.yaml --set touchpoints.counter.servers=9");
  ASSERT_EQ(o.status, 0) << o.err;
  EXPECT_EQ(o.out.rfind("# tests/data/overlay_whatif.yaml", 0), 0u) << o.out;
  const YAML::Node root = YAML::Load(o.out);
  EXPECT_EQ(root["scenario"]["name"].Scalar(), "whatif_shop");
  EXPECT_EQ(root["touchpoints"][1]["id"].Scalar(), "counter");
  EXPECT_EQ(root["touchpoints"][1]["servers"].Scalar(), "9");
  EXPECT_EQ(root["touchpoints"].size(), 6u);
}

TEST(OverlayCli, ShowAndValidateReportErrorsAndExit2) {
  const Outcome bad = jsim("show tests/data/overlay_bad.yaml");
  EXPECT_EQ(bad.status, 2);
  EXPECT_TRUE(bad.out.empty()) << bad.out;
  EXPECT_NE(bad.err.find("tests/data/overlay_bad.yaml:4:28: touchpoints[2].servers"), std::string::npos) << bad.err;
  const Outcome set = jsim("validate tests/data/overlay_whatif.yaml --set design.integration=2");
  EXPECT_EQ(set.status, 2);
  EXPECT_NE(set.err.find("--set design.integration=2: design.integration: expected a probability"), std::string::npos)
      << set.err;
  const Outcome malformed = jsim("validate tests/data/overlay_whatif.yaml --set design.integration");
  EXPECT_EQ(malformed.status, 2);
  EXPECT_NE(malformed.err.find("expected PATH=VALUE"), std::string::npos) << malformed.err;
  const Outcome ok = jsim("validate tests/data/overlay_whatif.yaml --set design.integration=0.2");
  EXPECT_EQ(ok.status, 0) << ok.err;
}

}  // namespace
}  // namespace jsim
