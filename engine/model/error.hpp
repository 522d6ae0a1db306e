#pragma once
// One error family: jsim::Error, and ScenarioError for input that carries a place in a file.
#include <stdexcept>
#include <string>
#include <vector>

namespace jsim {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct Diagnostic {
  std::string file;
  int line = 0;    // 1-based; 0 = whole file
  int column = 0;  // 1-based
  std::string message;
  [[nodiscard]] std::string to_string() const;  // "FILE:LINE:COL: message"
};

// Thrown by load_scenario with every problem found, not just the first.
class ScenarioError : public Error {
 public:
  explicit ScenarioError(std::vector<Diagnostic> diagnostics);
  [[nodiscard]] const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }

 private:
  std::vector<Diagnostic> diagnostics_;
};

}  // namespace jsim
