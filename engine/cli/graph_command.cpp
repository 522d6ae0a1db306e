// jsim graph FILE -o OUT: the designed journey as a picture (DOT or SVG, laid out by Graphviz's
// library), optionally with a run's simulated flow over it (--results).
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "data/results_flow.hpp"
#include "model/error.hpp"
#include "model/loader.hpp"
#include "output/atomic_file.hpp"
#include "output/flow_diagram.hpp"
#include "output/graphviz_layout.hpp"
#include "output/journey_graph.hpp"

namespace jsim::cli {
namespace {

struct GraphOptions {
  std::string file, out;
  std::optional<std::string> results;
  std::vector<std::string> sets;
};

int draw(const GraphOptions& o) {
  const std::string extension = std::filesystem::path(o.out).extension().string();
  if (extension != ".dot" && extension != ".svg") {
    std::cerr << "jsim graph: cannot write '" << o.out << "': the extension picks the format, .dot or .svg\n";
    return kExitBadInput;
  }
  const ScenarioPtr s = load_scenario(o.file, parse_settings(o.sets));  // ScenarioError: exit 2 (main)
  JourneyGraph g = touchpoint_graph(*s);
  if (o.results) {
    const data::FlowCounts counts = data::read_results_flow(*o.results);
    try {
      add_flow(g, counts, html::kMinLinkShare);
    } catch (const Error& e) {  // a results file of another scenario: bad input, named
      throw ScenarioError({Diagnostic{data::results_file(*o.results).string(), 0, 0, e.what()}});
    }
    if (g.moves_left_out > 0) g.note = html::left_out_note(g.moves_left_out, g.moves_total);
  } else {
    add_transitions(g, *s);
  }
  const std::string dot = dot_text(g);
  if (const std::filesystem::path parent = std::filesystem::path(o.out).parent_path(); !parent.empty())
    make_directory(parent);
  write_text_atomically(o.out, extension == ".dot" ? dot : svg_layout(dot));
  std::cout << "wrote " << o.out << '\n';
  return kExitOk;
}

}  // namespace

void add_graph(CLI::App& app, std::function<int()>& run) {
  auto o = std::make_shared<GraphOptions>();
  CLI::App* cmd = app.add_subcommand(
      "graph", "Draw the designed journey: stages left to right, touchpoints coloured by channel, transitions with "
               "their probabilities, converted and abandoned sinks; with --results, a run's simulated flow instead");
  cmd->add_option("FILE", o->file, "scenario YAML")->required();
  cmd->add_option("-o,--out", o->out, "picture to write: .dot (Graphviz text) or .svg (laid out)")->required();
  cmd->add_option("--results", o->results,
                  "results.h5 of a run of this scenario (or the --out folder of `jsim run`): draw its moves, visits "
                  "and drop-offs");
  add_set_option(cmd, o->sets, "draw it with one setting changed");
  cmd->callback([&run, o] { run = [o] { return draw(*o); }; });
}

}  // namespace jsim::cli
