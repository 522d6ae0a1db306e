#include "model/error.hpp"

namespace jsim {

std::string Diagnostic::to_string() const {
  std::string s = file;
  if (line > 0) s += ":" + std::to_string(line) + ":" + std::to_string(column);
  return s + ": " + message;
}

static std::string join(const std::vector<Diagnostic>& ds) {
  std::string s;
  for (const auto& d : ds) s += (s.empty() ? "" : "\n") + d.to_string();
  return s;
}

ScenarioError::ScenarioError(std::vector<Diagnostic> diagnostics)
    : Error(join(diagnostics)), diagnostics_(std::move(diagnostics)) {}

}  // namespace jsim
