// jsim show FILE: the scenario as it runs, as YAML. For an overlay that is the point: what the
// what-if file resolves to once merged onto its base (docs/scenario-format.md, "Overlays").
#include <iostream>
#include <string>
#include <vector>

#include "cli/command_args.hpp"
#include "cli/console_report.hpp"
#include "model/loader.hpp"

namespace jsim::cli {

int run_show(const ShowArgs& args) {
  const std::vector<Override> settings = parse_settings(args.sets);
  const std::string yaml = resolved_yaml(args.file, settings);  // throws ScenarioError, reported by main with exit 2
  print_setting_notes(std::cerr, *load_scenario(args.file, settings));
  std::cout << "# " << args.file << " as jsim runs it (extends, persona include and --set applied)\n" << yaml;
  return kExitOk;
}

}  // namespace jsim::cli
