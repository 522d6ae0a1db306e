#pragma once
#include <ostream>

#include <string>
#include <vector>

#include "analysis/markov.hpp"
#include "experiment/load_warnings.hpp"
#include "model/loader.hpp"
#include "sim/run_result.hpp"

namespace jsim::cli {

// The human-readable summary `jsim run` prints.
void print_run(std::ostream& out, const RunResult& r);
// One "warning: ..." line per load warning (for stderr); `design` (a file, a sweep point) prefixes
// each where a command ran several.
void print_load_warnings(std::ostream& out, const std::vector<LoadWarning>& warnings, const std::string& design = "");
// One "note: ..." line per thing the --set settings also changed (persona shares rescaled), for
// stderr; `design` prefixes each as in print_load_warnings.
void print_setting_notes(std::ostream& out, const Scenario& s, const std::string& design = "");
// The human-readable summary `jsim analyze` prints.
void print_analysis(std::ostream& out, const Scenario& s, const ExactAnalysis& a);

}  // namespace jsim::cli
