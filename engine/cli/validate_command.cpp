#include <iostream>
#include <string>
#include <vector>

#include "cli/command_args.hpp"
#include "cli/console_report.hpp"
#include "model/loader.hpp"

namespace jsim::cli {

int run_validate(const ValidateArgs& args) {
  const ScenarioPtr s = load_scenario(args.file, parse_settings(args.sets));  // throws ScenarioError, reported by main with exit 2
  print_setting_notes(std::cerr, *s);
  std::cout << args.file << ": ok (" << s->touchpoints.size() << " touchpoints, " << s->personas.size() << " personas, "
            << (s->timed() ? "timed" : "untimed") << ")\n";
  return kExitOk;
}

}  // namespace jsim::cli
