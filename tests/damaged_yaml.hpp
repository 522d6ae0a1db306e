#pragma once
// Robustness testing of the loader: damaged scenario text must load or give a ScenarioError.
#include <gtest/gtest.h>

#include <filesystem>
#include <random>
#include <string>

#include "model/error.hpp"
#include "model/loader.hpp"

namespace jsim::testing {

// `text` with 1-3 random edits: deleting a span, inserting or replacing a YAML-significant
// character, duplicating a piece, and (if `truncate`) cutting the text short.
inline std::string damage_yaml(std::string text, std::mt19937& rng, bool truncate) {
  const auto pick = [&](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n ? n - 1 : 0)(rng); };
  static const std::string kChars = ":-[]{},#&*!|>'\"\n abc0123456789.";
  const int edits = 1 + static_cast<int>(pick(3));
  for (int e = 0; e < edits && !text.empty(); ++e) {
    const std::size_t at = pick(text.size());
    switch (truncate ? pick(5) : 1 + pick(4)) {
      case 0: text.resize(at); break;
      case 1: text.erase(at, 1 + pick(20)); break;
      case 2: text.insert(at, 1, kChars[pick(kChars.size())]); break;
      case 3: text[at] = kChars[pick(kChars.size())]; break;
      case 4: text.insert(at, text.substr(pick(text.size()), 1 + pick(40))); break;
    }
  }
  return text;
}

// The loader's work shows in what it reports: each diagnostic names a node, and a node takes at
// least one character of some file read. So a load that loops, or expands aliases without end,
// reports more diagnostics than there are characters; `other_chars` counts the characters of the
// files `text` may pull in (an overlay's base). A bound on work done, unlike a wall-clock limit,
// holds on a loaded machine and under sanitizers alike; a real hang is ctest's TIMEOUT.
inline void expect_loads_or_scenario_error(const std::string& text, const std::filesystem::path& base_dir = ".",
                                           std::size_t other_chars = 0) {
  try {
    (void)load_scenario_text(text, "fuzz.yaml", base_dir);
  } catch (const ScenarioError& e) {
    EXPECT_LE(e.diagnostics().size(), text.size() + other_chars + 1) << "for:\n" << text;
  } catch (const std::exception& e) {
    ADD_FAILURE() << "unexpected exception " << e.what() << " for:\n" << text;
  } catch (...) {
    ADD_FAILURE() << "unexpected non-standard exception for:\n" << text;
  }
}

}  // namespace jsim::testing
