// jsim: the JourneySim command. Subcommands live in engine/cli/*_command.cpp.
#include <cstdio>
#include <exception>
#include <functional>
#include <iostream>

#include <set>
#include <string>

#include "cli/commands.hpp"
#include "cli/stop_on_signal.hpp"
#include "cluster/ranks.hpp"
#include "model/error.hpp"
#include "sim/run_info.hpp"
#include "sim/run_progress.hpp"

namespace {

// The commands whose runs an MPI job spreads over its ranks (engine/cluster). Every other command
// is run by rank 0 alone; the other ranks end at once.
bool spreads_runs(const std::string& command) {
  static const std::set<std::string> kSpread{"run", "compare", "sweep", "friction", "uncertainty", "optimize"};
  return kSpread.count(command) > 0;
}

// Ends a failed command. In an MPI job the other ranks may be waiting for this one, so the job
// is ended at once (MPI_Abort) after rank 0 has printed the message where a single process
// would. A bad input fails the same way on every rank: ranks other than 0 just return.
int fail(const std::string& message, int status, bool bad_input) {
  namespace cluster = jsim::cluster;
  if (cluster::size() == 1) {
    std::cerr << message << '\n';
    return status;
  }
  if (cluster::rank() == 0) {
    std::cerr << message + "\n" << std::flush;  // one write: MPI_Abort may cut a second one short
    cluster::abort_job("", status);
  }
  if (bad_input) return status;
  cluster::abort_job(message, status);
}

}  // namespace

int main(int argc, char** argv) {
  // MPI first: it may take its own arguments out of argv. Without mpirun this is one rank.
  jsim::cluster::Job job(argc, argv);
  jsim::cluster::silence_this_rank();  // one report per job: rank 0's
  CLI::App app{"JourneySim: agent-based customer journey simulation.\n"
               "Exit status: 0 ok, 2 bad input (scenario or arguments), 1 other failure, 130 interrupted (Ctrl-C).\n"
               "Docs: docs/user-guide.md, docs/scenario-format.md, docs/results-format.md, docs/model.md, docs/experiments.md",
               "jsim"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("jsim ") + jsim::kJsimVersion);
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
  if (jsim::cluster::rank() > 0 && !spreads_runs(app.get_subcommands().front()->get_name())) return 0;
  try {
    return run();
  } catch (const jsim::Interrupted&) {
    // Nothing of the interrupted runs was written; outputs of earlier commands are untouched.
    return fail("interrupted", jsim::cli::interrupted_exit_status(), false);
  } catch (const jsim::ScenarioError& e) {
    return fail(e.what(), jsim::cli::kExitBadInput, true);
  } catch (const std::exception& e) {
    return fail(std::string("jsim: error: ") + e.what(), jsim::cli::kExitFailure, false);
  }
}
