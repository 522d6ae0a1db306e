#pragma once
// The jsim command line read into one subcommand's options (cli/command_args.hpp). Only
// command_line.cpp includes CLI11: its options and their help text are all declared there.
#include <functional>
#include <optional>
#include <string>

namespace jsim::cli {

struct ParsedCommand {
  std::string name;          // the subcommand given: "run", "compare", ...
  std::function<int()> run;  // runs it with the options given; returns its exit status
  // Set when CLI11 has already answered (help, version: 0) or refused the arguments (kExitBadInput,
  // its message printed): the process ends with this status, and `run` is empty.
  std::optional<int> exit_now;
};

[[nodiscard]] ParsedCommand parse_command_line(int argc, char** argv);

}  // namespace jsim::cli
