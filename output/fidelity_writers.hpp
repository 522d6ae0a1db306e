#pragma once
// `jsim fidelity`: the measures as a console table, JSON, and the files of `--out DIR`
// (docs/fidelity.md):
//   fidelity.csv   one row per measure: observed, simulated, difference (each with its 95% interval
//                  where it has one), the split-half reference of a distance, and whether it is flagged
//   fidelity.json  the same rows plus inputs, counts, the distributions behind the charts and notes
//   fidelity.html  a self-contained page: the distributions overlaid (path length, journey duration,
//                  arrivals by hour of week) and the tables; inline SVG, no script
// Every file is written atomically (output/atomic_file.hpp).
#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "data/fidelity.hpp"
#include "output/result_tables.hpp"

namespace jsim {

struct FidelityReport {
  std::string observed, simulated;  // the inputs as given
  std::string simulated_kind;       // "event_log" or "scenario"
  nlohmann::json simulation = nlohmann::json::object();  // scenario inputs: seed, agents
  data::FidelityResult result;
  std::vector<std::string> notes;   // the command's notes; result.notes are added after them
};

[[nodiscard]] Table fidelity_table(const FidelityReport& report);
[[nodiscard]] nlohmann::json fidelity_json(const FidelityReport& report);
[[nodiscard]] std::string fidelity_html(const FidelityReport& report);
void print_fidelity(std::ostream& out, const FidelityReport& report);

// Creates dir if needed and writes the three files; throws jsim::Error naming the failing path.
void write_fidelity(const FidelityReport& report, const std::filesystem::path& dir);

}  // namespace jsim
