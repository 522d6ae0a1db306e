#include <iostream>
#include <memory>
#include <string>

#include "cli/commands.hpp"
#include "model/loader.hpp"

namespace jsim::cli {

void add_validate(CLI::App& app, std::function<int()>& run) {
  auto file = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand("validate", "Check a scenario; print every error as FILE:LINE:COL: message (exit 2)");
  cmd->add_option("FILE", *file, "scenario YAML")->required();
  cmd->callback([&run, file] {
    run = [file] {
      const ScenarioPtr s = load_scenario(*file);  // throws ScenarioError, reported by main with exit 2
      std::cout << *file << ": ok (" << s->touchpoints.size() << " touchpoints, " << s->personas.size() << " personas, "
                << (s->timed() ? "timed" : "untimed") << ")\n";
      return kExitOk;
    };
  });
}

}  // namespace jsim::cli
