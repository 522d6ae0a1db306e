// The journey graph: DOT text of the designed and the simulated journey, its Graphviz layout,
// and channel colours that stay the same whatever the run's channel order.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "model/error.hpp"
#include "test_files.hpp"
#include "model/loader.hpp"
#include "output/channel_colours.hpp"
#include "output/graphviz_layout.hpp"
#include "output/html_report.hpp"
#include "output/journey_graph.hpp"

namespace jsim {
namespace {

namespace fs = std::filesystem;
using jsim::testing::occurrences;

ScenarioPtr tiny() { return load_scenario(fs::path(JSIM_SOURCE_DIR) / "scenarios/tiny_funnel.yaml"); }

JourneyGraph designed(const Scenario& s) {
  JourneyGraph g = touchpoint_graph(s);
  add_transitions(g, s);
  return g;
}

TEST(JourneyGraph, DesignedDotHasEveryTouchpointTransitionStageAndSink) {
  const ScenarioPtr s = tiny();
  const std::string dot = dot_text(designed(*s));
  for (const Touchpoint& t : s->touchpoints) EXPECT_NE(dot.find("\"" + t.id + "\" [label="), std::string::npos) << t.id;
  for (std::size_t from = 0; from < s->touchpoints.size(); ++from)
    for (const Transition& tr : s->transitions[from])
      EXPECT_NE(dot.find("\"" + s->touchpoints[from].id + "\" -> \"" + s->touchpoints[tr.to].id + "\""),
                std::string::npos);
  EXPECT_EQ(occurrences(dot, "rank=same;"), s->stages.size());
  for (const std::string& stage : s->stages) EXPECT_NE(dot.find("label=\"" + stage + "\""), std::string::npos);
  EXPECT_NE(dot.find("\"checkout\" -> \"converted\""), std::string::npos);  // conversion into the sink
  EXPECT_NE(dot.find("\"ad\" -> \"abandoned\""), std::string::npos);        // friction 10%
  EXPECT_EQ(dot.find("\"leave\" -> \"abandoned\""), std::string::npos);     // an exit ends the journey itself
  EXPECT_NE(dot.find("rank=sink"), std::string::npos);
  EXPECT_NE(dot.find("shape=doubleoctagon"), std::string::npos);
  // landing: no drop-off 80%, then product 3 of 4: 60%.
  EXPECT_NE(dot.find("\"landing\" -> \"product\" [penwidth="), std::string::npos);
  EXPECT_NE(dot.find("label=\"60%\""), std::string::npos);
}

TEST(JourneyGraph, SvgHasOneGroupPerNodeAndPerEdge) {
  const JourneyGraph g = designed(*tiny());
  const std::string svg = svg_layout(dot_text(g));
  EXPECT_EQ(occurrences(svg, "<g id=\"node"), g.nodes.size());
  EXPECT_EQ(occurrences(svg, "class=\"node\""), g.nodes.size());
  EXPECT_EQ(occurrences(svg, "class=\"edge\""), g.edges.size());
  const std::string inlined = inline_svg(svg, "chart flow");
  EXPECT_EQ(inlined.rfind("<svg class=\"chart flow\"", 0), 0u);
  EXPECT_EQ(inlined.find("<?xml"), std::string::npos);
  EXPECT_EQ(inlined.find("<!DOCTYPE"), std::string::npos);
}

// The same DOT text gives the same picture, whatever the heap looks like (the stage clusters
// once came out in the order of their names' addresses).
TEST(JourneyGraph, LayoutIsTheSameEveryTime) {
  const ScenarioPtr s = load_scenario(fs::path(JSIM_SOURCE_DIR) / "scenarios/retail_omnichannel.yaml");
  const std::string dot = dot_text(designed(*s));
  const std::string first = svg_layout(dot);
  std::vector<std::string> noise;
  for (int i = 0; i < 1000; ++i) noise.push_back(std::string(static_cast<std::size_t>(17 + i % 300), 'x'));
  EXPECT_EQ(svg_layout(dot), first);
}

TEST(JourneyGraph, AnyTouchpointIdIsOneNode) {
  RunResult r;
  for (const char* id : {"say \"hi\"", "back\\slash", "\\N", "two\nlines", "converted", "a;b -> c {"})
    r.touchpoints.push_back({.id = id, .channel = "web", .stage = "s", .kind = "regular", .visits = 10});
  r.touchpoints[0].abandonments = 10;
  r.flow = {{1, 2, 5}};
  JourneyGraph g = touchpoint_graph(r);
  add_flow(g, data::flow_counts(r), 0.0);
  const std::string svg = svg_layout(dot_text(g));
  EXPECT_EQ(occurrences(svg, "class=\"node\""), r.touchpoints.size() + 2);  // and the two sinks
  EXPECT_EQ(occurrences(svg, "class=\"edge\""), 2u);
  EXPECT_NE(svg.find("say &quot;hi&quot;"), std::string::npos);
  EXPECT_NE(svg.find("converted&#39;"), std::string::npos);  // the sink steps aside
}

TEST(JourneyGraph, FlowFromAnotherScenarioIsRefused) {
  const ScenarioPtr s = tiny();
  JourneyGraph g = touchpoint_graph(*s);
  data::FlowCounts c;
  c.touchpoints = {"ad", "landing"};
  c.visits = c.abandonments = c.conversions = {1, 1};
  c.moves = {{0, 1, 1}};
  EXPECT_THROW(add_flow(g, c, 0.0), Error);
}

TEST(JourneyGraph, SmallMovesAndStaysAreLeftOutAndCounted) {
  RunResult r;
  for (const char* id : {"a", "b", "c"})
    r.touchpoints.push_back({.id = id, .channel = "web", .stage = id, .kind = "regular", .visits = 100});
  r.flow = {{0, 0, 7}, {0, 1, 10000}, {0, 2, 3}, {1, 2, 5000}};
  JourneyGraph g = touchpoint_graph(r);
  add_flow(g, data::flow_counts(r), 0.005);
  EXPECT_EQ(g.moves_total, 4u);
  EXPECT_EQ(g.moves_left_out, 2u);  // a -> a (a stay) and a -> c (3 of 15,010)
  const std::string dot = dot_text(g);
  EXPECT_NE(dot.find("\"a\" -> \"b\""), std::string::npos);
  EXPECT_EQ(dot.find("\"a\" -> \"c\""), std::string::npos);
  EXPECT_EQ(dot.find("\"a\" -> \"a\""), std::string::npos);
}

TEST(ChannelColours, FixedByNameNotByPosition) {
  EXPECT_STREQ(html::channel_colour("social"), html::channel_colour(std::string("social")));
  EXPECT_STRNE(html::channel_colour("social"), html::channel_colour("web"));
  // An unknown name: always the same extra colour, none of the fixed ones.
  EXPECT_STREQ(html::channel_colour("zeppelin"), html::channel_colour(std::string("zep") + "pelin"));
  EXPECT_STREQ(html::channel_colour("zeppelin"), "#dadaeb");  // FNV-1a, pinned: no std::hash
}

// Two runs with the same channels in different orders give each channel the same colour.
TEST(ChannelColours, SameInTwoReportsWithDifferentChannelOrders) {
  const auto swatch = [](const std::string& html, const std::string& channel) {
    const std::size_t at = html.find("</i>" + channel + "</td>");
    const std::size_t colour = html.rfind("background:", at);
    return html.substr(colour, 19);
  };
  RunResult one;
  one.scenario = "one";
  one.channels = {{.id = "social", .kind = "digital"}, {.id = "web", .kind = "digital"}};
  RunResult two = one;
  std::swap(two.channels[0], two.channels[1]);
  two.channels.insert(two.channels.begin(), {.id = "store", .kind = "physical"});
  const std::string a = html_report(one), b = html_report(two);
  for (const char* c : {"social", "web"}) {
    EXPECT_EQ(swatch(a, c), swatch(b, c)) << c;
    EXPECT_NE(swatch(a, c).find(html::channel_colour(c)), std::string::npos) << c;
  }
}

// Every bundled scenario tells its channels apart.
TEST(ChannelColours, DistinctWithinEveryBundledScenario) {
  for (const auto& entry : fs::directory_iterator(fs::path(JSIM_SOURCE_DIR) / "scenarios")) {
    if (entry.path().extension() != ".yaml") continue;
    const ScenarioPtr s = load_scenario(entry.path());
    std::set<std::string> colours;
    for (const Channel& c : s->channels) colours.insert(html::channel_colour(c.id));
    EXPECT_EQ(colours.size(), s->channels.size()) << entry.path();
  }
}

}  // namespace
}  // namespace jsim
