// jsim graph FILE -o OUT: the designed journey as a picture (DOT or SVG, laid out by Graphviz's
// library), optionally with a run's simulated flow over it (--results).
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "cli/command_args.hpp"
#include "data/results_flow.hpp"
#include "model/error.hpp"
#include "model/loader.hpp"
#include "output/atomic_file.hpp"
#include "output/flow_diagram.hpp"
#include "output/graphviz_layout.hpp"
#include "output/journey_graph.hpp"

namespace jsim::cli {

int run_graph(const GraphArgs& o) {
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

}  // namespace jsim::cli
