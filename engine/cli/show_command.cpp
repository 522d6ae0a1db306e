// jsim show FILE: the scenario as it runs, as YAML. For an overlay that is the point: what the
// what-if file resolves to once merged onto its base (docs/scenario-format.md, "Overlays").
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "cli/console_report.hpp"
#include "model/loader.hpp"

namespace jsim::cli {

void add_show(CLI::App& app, std::function<int()>& run) {
  auto file = std::make_shared<std::string>();
  auto sets = std::make_shared<std::vector<std::string>>();
  CLI::App* cmd = app.add_subcommand(
      "show", "Print the scenario as it runs, as YAML: an overlay merged onto its base, the persona include inlined, "
              "--set applied (validated first: errors exit 2)");
  cmd->add_option("FILE", *file, "scenario YAML")->required();
  add_set_option(cmd, *sets, "show it with one setting changed");
  cmd->callback([&run, file, sets] {
    run = [file, sets] {
      const std::vector<Override> settings = parse_settings(*sets);
      const std::string yaml = resolved_yaml(*file, settings);  // throws ScenarioError, reported by main with exit 2
      print_setting_notes(std::cerr, *load_scenario(*file, settings));
      std::cout << "# " << *file << " as jsim runs it (extends, persona include and --set applied)\n" << yaml;
      return kExitOk;
    };
  });
}

}  // namespace jsim::cli
