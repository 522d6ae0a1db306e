#pragma once
// A belief about a scenario number that is not known exactly (docs/scenario-format.md,
// "Uncertain values"): the distribution jsim uncertainty samples it from.
//   uniform(min, max)   normal(mean, sd)   triangular(min, mode, max)
// A normal belief is not truncated: a sample outside the field's valid range (a friction of −0.1)
// is reported by the loader's validation, naming the --set it came from.
#include <optional>
#include <string>

#include <yaml-cpp/yaml.h>

namespace jsim {

struct Belief {
  enum class Kind { Uniform, Normal, Triangular };
  Kind kind = Kind::Uniform;
  double a = 0.0, b = 0.0, c = 0.0;  // uniform: min, max; normal: mean, sd; triangular: min, mode, max

  // The value at cumulative probability u in (0, 1): samples are quantiles of uniform draws
  // (Latin hypercube strata, Sobol matrices).
  [[nodiscard]] double quantile(double u) const;
  [[nodiscard]] double mean() const;
  [[nodiscard]] std::string text() const;  // "uniform(0.1, 0.3)"
};

// "uniform(0.1,0.3)", "normal(0.2,0.05)", "triangular(0.1,0.2,0.4)" (spaces allowed); std::nullopt
// with `why` set for anything else or parameters out of order (min < max, sd > 0, min <= mode <= max).
[[nodiscard]] std::optional<Belief> parse_belief(const std::string& text, std::string& why);

// The YAML form, the mapping under `uncertain:`: {dist: uniform, min: 0.1, max: 0.3},
// {dist: normal, mean: 0.2, sd: 0.05}, {dist: triangular, min: 0.1, mode: 0.2, max: 0.4}.
[[nodiscard]] std::optional<Belief> belief_from_yaml(const YAML::Node& spec, std::string& why);

}  // namespace jsim
