#pragma once
// The jsim subcommands. Each returns the process exit status: 0 ok, 2 bad input, 1 other failure.
#include <CLI/CLI.hpp>

namespace jsim::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitBadInput = 2;

// Each adds its subcommand to the app and sets `run` to what executes it once parsed.
void add_validate(CLI::App& app, std::function<int()>& run);
void add_run(CLI::App& app, std::function<int()>& run);
void add_analyze(CLI::App& app, std::function<int()>& run);
void add_compare(CLI::App& app, std::function<int()>& run);
void add_sweep(CLI::App& app, std::function<int()>& run);
void add_friction(CLI::App& app, std::function<int()>& run);
void add_show(CLI::App& app, std::function<int()>& run);

}  // namespace jsim::cli
