#pragma once
// The figures a bundled scenario promises, read from `# expect` lines of its comments
// (syntax: scenarios/README.md, "Figures the examples promise"):
//
//   # expect-run: --replications 10                            how the simulated figures are made
//   # expect: conversion_rate 0.2814 ± 4se                     simulated, within 4 standard errors
//   # expect: analyze.conversion_probability 0.281408 ± 1e-6   exact, within an absolute tolerance
//
// Only the reading is here; which names exist and what a run gives for them is scenario_figures.hpp.
#include <cstdint>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace jsim::testing {

struct Tolerance {
  double amount = 0.0;
  bool standard_errors = false;  // amount × the run's standard error, else an absolute amount
};

struct Expectation {
  std::string metric;
  double value = 0.0;
  Tolerance tolerance;
  int line = 0;  // 1-based, for messages
};

// How the simulated figures are produced: `jsim run FILE` with these options.
struct ExpectedRun {
  std::uint32_t replications = 1;
  std::optional<std::uint64_t> agents;    // --agents (untimed scenarios)
  std::optional<std::uint64_t> arrivals;  // --arrivals (timed scenarios)
};

struct ScenarioExpectations {
  ExpectedRun run;
  std::vector<Expectation> figures;
};

namespace detail {

inline std::invalid_argument expectation_error(int line, const std::string& message) {
  return std::invalid_argument("line " + std::to_string(line) + ": " + message);
}

inline double number(const std::string& word, int line) {
  std::size_t used = 0;
  double x = 0.0;
  try {
    x = std::stod(word, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != word.size()) throw expectation_error(line, "'" + word + "' is not a number");
  return x;
}

inline std::uint64_t count(const std::string& word, int line) {
  const double x = number(word, line);
  if (x < 1 || x != static_cast<double>(static_cast<std::uint64_t>(x)))
    throw expectation_error(line, "'" + word + "' is not a positive whole number");
  return static_cast<std::uint64_t>(x);
}

// "4se" (standard errors) or "1e-6" (absolute).
inline Tolerance tolerance(const std::string& word, int line) {
  const bool se = word.size() > 2 && word.ends_with("se");
  const double amount = number(se ? word.substr(0, word.size() - 2) : word, line);
  if (amount <= 0) throw expectation_error(line, "a tolerance must be > 0");
  return {amount, se};
}

// "METRIC VALUE ± TOLERANCE" ("+-" for readers without a ± key).
inline Expectation figure(const std::string& rest, int line) {
  std::istringstream in(rest);
  Expectation e;
  std::string value, plus_minus, tol, extra;
  in >> e.metric >> value >> plus_minus >> tol;
  if (tol.empty() || (in >> extra)) throw expectation_error(line, "expected 'METRIC VALUE ± TOLERANCE'");
  if (plus_minus != "±" && plus_minus != "+-") throw expectation_error(line, "expected '±' after the value");
  e.value = number(value, line);
  e.tolerance = tolerance(tol, line);
  e.line = line;
  return e;
}

// "--replications N", "--agents N", "--arrivals N", in any order.
inline ExpectedRun run_options(const std::string& rest, int line) {
  std::istringstream in(rest);
  ExpectedRun run;
  for (std::string option, value; in >> option;) {
    if (!(in >> value)) throw expectation_error(line, option + " needs a value");
    if (option == "--replications") {
      run.replications = static_cast<std::uint32_t>(count(value, line));
    } else if (option == "--agents") {
      run.agents = count(value, line);
    } else if (option == "--arrivals") {
      run.arrivals = count(value, line);
    } else {
      throw expectation_error(line, "unknown option '" + option + "' (--replications, --agents, --arrivals)");
    }
  }
  if (run.agents && run.arrivals) throw expectation_error(line, "--agents and --arrivals exclude each other");
  return run;
}

}  // namespace detail

// Every `# expect` line of a scenario's text. Throws std::invalid_argument("line N: ...") for a
// malformed one, so that a typo cannot silently drop a check.
inline ScenarioExpectations read_expectations(const std::string& text) {
  constexpr std::string_view kFigure = "# expect:", kRun = "# expect-run:";
  ScenarioExpectations out;
  bool run_seen = false;
  std::istringstream in(text);
  int number = 0;
  for (std::string line; std::getline(in, line);) {
    ++number;
    // A directive is a first word "expect...:"; prose such as "# expected path length" is not.
    const std::string first_word = line.substr(0, line.find(' ', 2));
    if (!first_word.starts_with("# expect") || !first_word.ends_with(':')) continue;
    if (line.starts_with(kFigure)) {
      out.figures.push_back(detail::figure(line.substr(kFigure.size()), number));
    } else if (line.starts_with(kRun)) {
      if (run_seen) throw detail::expectation_error(number, "a second '# expect-run:' line");
      run_seen = true;
      out.run = detail::run_options(line.substr(kRun.size()), number);
    } else {
      throw detail::expectation_error(number, "expected '# expect:' or '# expect-run:'");
    }
  }
  return out;
}

}  // namespace jsim::testing
