// jsim show FILE: the scenario as it runs, as YAML. For an overlay that is the point: what the
// what-if file resolves to once merged onto its base (docs/scenario-format.md, "Overlays").
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "model/loader.hpp"

namespace jsim::cli {

void add_show(CLI::App& app, std::function<int()>& run) {
  auto file = std::make_shared<std::string>();
  auto sets = std::make_shared<std::vector<std::string>>();
  CLI::App* cmd = app.add_subcommand(
      "show", "Print the scenario as it runs, as YAML: an overlay merged onto its base, the persona include inlined, "
              "--set applied (validated first: errors exit 2)");
  cmd->add_option("FILE", *file, "scenario YAML")->required();
  cmd->add_option("--set", *sets, "PATH=VALUE: show it with one setting changed, e.g. design.integration=0.5 (repeatable)")
      ->take_all()
      ->expected(1);
  cmd->callback([&run, file, sets] {
    run = [file, sets] {
      std::vector<Override> overrides;
      for (const std::string& s : *sets) overrides.push_back(parse_override(s));
      const std::string yaml = resolved_yaml(*file, overrides);  // throws ScenarioError, reported by main with exit 2
      std::cout << "# " << *file << " as jsim runs it (extends, persona include and --set applied)\n" << yaml;
      return kExitOk;
    };
  });
}

}  // namespace jsim::cli
