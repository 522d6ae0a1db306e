#include "model/error.hpp"

namespace jsim {

std::string Diagnostic::to_string() const {
  std::string s = file;
  if (line > 0) {
    s.append(":").append(std::to_string(line)).append(":").append(std::to_string(column));
  }
  s.append(": ").append(message);
  return s;
}

static std::string join(const std::vector<Diagnostic>& ds) {
  std::string s;
  for (const auto& d : ds) {
    if (!s.empty()) s.push_back('\n');
    s.append(d.to_string());
  }
  return s;
}

ScenarioError::ScenarioError(std::vector<Diagnostic> diagnostics)
    : Error(join(diagnostics)), diagnostics_(std::move(diagnostics)) {}

}  // namespace jsim
