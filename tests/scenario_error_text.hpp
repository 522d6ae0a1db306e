#pragma once
// What a ScenarioError says, for tests of bad input: every diagnostic as FILE:LINE:COL: message,
// one per line, or "(no error)" when `f` throws none.
#include <functional>
#include <string>

#include "model/error.hpp"

namespace jsim::testing {

inline std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const ScenarioError& e) {
    std::string all;
    for (const Diagnostic& d : e.diagnostics()) all += d.to_string() + "\n";
    return all;
  }
  return "(no error)";
}

}  // namespace jsim::testing
