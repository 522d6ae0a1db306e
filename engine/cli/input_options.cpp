#include "cli/input_options.hpp"

#include <algorithm>
#include <cctype>

#include "model/error.hpp"

namespace jsim::cli {

void bad_input(const std::string& where, const std::string& message) {
  throw ScenarioError({Diagnostic{where, 0, 0, message}});
}

char delimiter_of(const std::string& d) {
  if (d == "\\t" || d == "\t" || d == "tab") return '\t';
  if (d.size() != 1) bad_input("--delimiter", "expected one character (or \\t), got '" + d + "'");
  return d[0];
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

}  // namespace jsim::cli
