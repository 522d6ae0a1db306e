// jsim: the JourneySim command. Subcommands live in engine/cli/*_command.cpp.
#include <cstdio>
#include <exception>
#include <functional>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/stop_on_signal.hpp"
#include "model/error.hpp"
#include "sim/run_progress.hpp"

int main(int argc, char** argv) {
  CLI::App app{"JourneySim: agent-based customer journey simulation.\n"
               "Exit status: 0 ok, 2 bad input (scenario or arguments), 1 other failure, 130 interrupted (Ctrl-C).\n"
               "Docs: docs/user-guide.md, docs/scenario-format.md, docs/results-format.md, docs/model.md, docs/experiments.md",
               "jsim"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "jsim 0.1.0");
  std::function<int()> run;
  jsim::cli::add_validate(app, run);
  jsim::cli::add_run(app, run);
  jsim::cli::add_analyze(app, run);
  jsim::cli::add_compare(app, run);
  jsim::cli::add_sweep(app, run);
  jsim::cli::add_friction(app, run);
  jsim::cli::add_show(app, run);
  jsim::cli::add_graph(app, run);
  jsim::cli::add_attribute(app, run);
  jsim::cli::add_discover(app, run);
  jsim::cli::add_fidelity(app, run);
  jsim::cli::add_report(app, run);
  jsim::cli::add_optimize(app, run);
  jsim::cli::add_uncertainty(app, run);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : jsim::cli::kExitBadInput;
  }
  try {
    return run();
  } catch (const jsim::Interrupted&) {
    // Nothing of the interrupted runs was written; outputs of earlier commands are untouched.
    std::cerr << "interrupted\n";
    return jsim::cli::interrupted_exit_status();
  } catch (const jsim::ScenarioError& e) {
    std::cerr << e.what() << '\n';
    return jsim::cli::kExitBadInput;
  } catch (const std::exception& e) {
    std::cerr << "jsim: error: " << e.what() << '\n';
    return jsim::cli::kExitFailure;
  }
}
