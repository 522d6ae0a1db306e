#pragma once
#include <ostream>

#include "analysis/markov.hpp"
#include "sim/run_result.hpp"

namespace jsim::cli {

// The human-readable summary `jsim run` prints.
void print_run(std::ostream& out, const RunResult& r);
// The human-readable summary `jsim analyze` prints.
void print_analysis(std::ostream& out, const Scenario& s, const ExactAnalysis& a);

}  // namespace jsim::cli
