// jsim: the JourneySim command. Options: engine/cli/command_line.cpp; subcommands: engine/cli/*_command.cpp.
#include <cstdio>
#include <exception>
#include <iostream>

#include <set>
#include <string>

#include "cli/command_args.hpp"
#include "cli/command_line.hpp"
#include "cli/stop_on_signal.hpp"
#include "cluster/ranks.hpp"
#include "model/error.hpp"
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
  const jsim::cli::ParsedCommand command = jsim::cli::parse_command_line(argc, argv);
  if (command.exit_now) return *command.exit_now;  // help, version, or bad arguments (printed)
  if (jsim::cluster::rank() > 0 && !spreads_runs(command.name)) return 0;
  try {
    return command.run();
  } catch (const jsim::Interrupted&) {
    // Nothing of the interrupted runs was written; outputs of earlier commands are untouched.
    return fail("interrupted", jsim::cli::interrupted_exit_status(), false);
  } catch (const jsim::ScenarioError& e) {
    return fail(e.what(), jsim::cli::kExitBadInput, true);
  } catch (const std::exception& e) {
    return fail(std::string("jsim: error: ") + e.what(), jsim::cli::kExitFailure, false);
  }
}
