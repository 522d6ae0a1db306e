#pragma once
// What the commands that read data files (attribute, discover, fidelity) parse the same way.
#include <string>

namespace jsim::cli {

// Bad input that is not at a place in a file: jsim::ScenarioError "WHERE: message" (exit 2).
[[noreturn]] void bad_input(const std::string& where, const std::string& message);

// --delimiter: one character, or "\t" / "tab" for a tab.
[[nodiscard]] char delimiter_of(const std::string& d);

[[nodiscard]] std::string lower(std::string s);

}  // namespace jsim::cli
