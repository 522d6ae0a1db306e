#pragma once
// What a ScenarioError says, for tests of bad input: its diagnostics, as a list or as text, and
// assertions on where each one is.
#include <gtest/gtest.h>

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "model/error.hpp"

namespace jsim::testing {

// Every diagnostic as FILE:LINE:COL: message, one per line, or "(no error)" when `f` throws none.
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

// The diagnostics `f` throws; a test failure when it throws none.
inline std::vector<Diagnostic> diagnostics_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const ScenarioError& e) {
    return e.diagnostics();
  }
  ADD_FAILURE() << "expected a ScenarioError";
  return {};
}

inline std::string listing(const std::vector<Diagnostic>& ds) {
  std::string s;
  for (const auto& d : ds) s += "\n  " + d.to_string();
  return s;
}

// Diagnostic `i` of `ds` is in `file` at line:column and its message contains `part`.
inline ::testing::AssertionResult error_at(const std::vector<Diagnostic>& ds, std::size_t i, const std::string& file,
                                           int line, int column, const std::string& part) {
  if (i >= ds.size()) return ::testing::AssertionFailure() << "no diagnostic " << i << ":" << listing(ds);
  const Diagnostic& d = ds[i];
  if (d.file != file || d.line != line || d.column != column || d.message.find(part) == std::string::npos)
    return ::testing::AssertionFailure() << "expected " << file << ":" << line << ":" << column << ": ..." << part
                                         << "..., got" << listing(ds);
  return ::testing::AssertionSuccess();
}

// Exactly one diagnostic, as error_at says.
inline ::testing::AssertionResult only_error(const std::vector<Diagnostic>& ds, const std::string& file, int line,
                                             int column, const std::string& part) {
  if (ds.size() != 1) return ::testing::AssertionFailure() << ds.size() << " diagnostics:" << listing(ds);
  return error_at(ds, 0, file, line, column, part);
}

}  // namespace jsim::testing
