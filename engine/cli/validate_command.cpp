#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "cli/console_report.hpp"
#include "model/loader.hpp"

namespace jsim::cli {

void add_validate(CLI::App& app, std::function<int()>& run) {
  auto file = std::make_shared<std::string>();
  auto sets = std::make_shared<std::vector<std::string>>();
  CLI::App* cmd = app.add_subcommand(
      "validate", "Check a scenario (an overlay: as resolved onto its base); print every error as FILE:LINE:COL: message (exit 2)");
  cmd->add_option("FILE", *file, "scenario YAML")->required();
  add_set_option(cmd, *sets, "check with one setting changed");
  cmd->callback([&run, file, sets] {
    run = [file, sets] {
      const ScenarioPtr s = load_scenario(*file, parse_settings(*sets));  // throws ScenarioError, reported by main with exit 2
      print_setting_notes(std::cerr, *s);
      std::cout << *file << ": ok (" << s->touchpoints.size() << " touchpoints, " << s->personas.size() << " personas, "
                << (s->timed() ? "timed" : "untimed") << ")\n";
      return kExitOk;
    };
  });
}

}  // namespace jsim::cli
