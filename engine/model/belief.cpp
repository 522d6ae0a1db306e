#include "model/belief.hpp"

#include <boost/math/distributions/normal.hpp>
#include <fmt/format.h>

#include <cmath>
#include <exception>
#include <vector>

namespace jsim {

namespace {

std::optional<Belief> checked(Belief b, std::string& why) {
  const bool ok = b.kind == Belief::Kind::Uniform      ? b.a < b.b
                  : b.kind == Belief::Kind::Normal     ? b.b > 0
                                                       : b.a <= b.b && b.b <= b.c && b.a < b.c;
  if (std::isfinite(b.a) && std::isfinite(b.b) && std::isfinite(b.c) && ok) return b;
  why = b.kind == Belief::Kind::Uniform  ? "uniform needs min < max"
        : b.kind == Belief::Kind::Normal ? "normal needs sd > 0"
                                         : "triangular needs min <= mode <= max and min < max";
  return std::nullopt;
}

std::optional<double> number(const std::string& text) {
  try {
    std::size_t used = 0;
    const double x = std::stod(text, &used);
    while (used < text.size() && text[used] == ' ') ++used;
    if (used == text.size()) return x;
  } catch (const std::exception&) {
  }
  return std::nullopt;
}

}  // namespace

double Belief::quantile(double u) const {
  switch (kind) {
    case Kind::Uniform: return a + u * (b - a);
    case Kind::Normal: return boost::math::quantile(boost::math::normal(a, b), u);
    case Kind::Triangular: {
      const double split = (b - a) / (c - a);  // the cumulative probability at the mode
      return u < split ? a + std::sqrt(u * (c - a) * (b - a)) : c - std::sqrt((1 - u) * (c - a) * (c - b));
    }
  }
  return a;
}

double Belief::mean() const {
  switch (kind) {
    case Kind::Uniform: return (a + b) / 2;
    case Kind::Normal: return a;
    case Kind::Triangular: return (a + b + c) / 3;
  }
  return a;
}

std::string Belief::text() const {
  switch (kind) {
    case Kind::Uniform: return fmt::format("uniform({:g}, {:g})", a, b);
    case Kind::Normal: return fmt::format("normal({:g}, {:g})", a, b);
    case Kind::Triangular: return fmt::format("triangular({:g}, {:g}, {:g})", a, b, c);
  }
  return "";
}

std::optional<Belief> parse_belief(const std::string& text, std::string& why) {
  why = "expected uniform(MIN,MAX), normal(MEAN,SD) or triangular(MIN,MODE,MAX), got '" + text + "'";
  const auto open = text.find('(');
  if (open == std::string::npos || text.empty() || text.back() != ')') return std::nullopt;
  const std::string name = text.substr(0, open);
  std::vector<double> p;
  std::size_t start = open + 1;
  while (start < text.size()) {
    const auto end = text.find_first_of(",)", start);
    const auto x = number(text.substr(start, end - start));
    if (!x) return std::nullopt;
    p.push_back(*x);
    start = end + 1;
  }
  if (name == "uniform" && p.size() == 2) return checked({Belief::Kind::Uniform, p[0], p[1], 0}, why);
  if (name == "normal" && p.size() == 2) return checked({Belief::Kind::Normal, p[0], p[1], 0}, why);
  if (name == "triangular" && p.size() == 3) return checked({Belief::Kind::Triangular, p[0], p[1], p[2]}, why);
  return std::nullopt;
}

std::optional<Belief> belief_from_yaml(const YAML::Node& spec, std::string& why) {
  why = "expected {dist: uniform, min, max}, {dist: normal, mean, sd} or {dist: triangular, min, mode, max}";
  if (!spec.IsMap() || !spec["dist"] || !spec["dist"].IsScalar()) return std::nullopt;
  const std::string dist = spec["dist"].Scalar();
  const std::vector<std::string> keys = dist == "uniform"      ? std::vector<std::string>{"min", "max"}
                                        : dist == "normal"     ? std::vector<std::string>{"mean", "sd"}
                                        : dist == "triangular" ? std::vector<std::string>{"min", "mode", "max"}
                                                               : std::vector<std::string>{};
  if (keys.empty() || spec.size() != keys.size() + 1) return std::nullopt;
  std::vector<double> p;
  for (const std::string& k : keys) {
    const YAML::Node v = spec[k];
    const auto x = v && v.IsScalar() ? number(v.Scalar()) : std::nullopt;
    if (!x) return std::nullopt;
    p.push_back(*x);
  }
  p.resize(3, 0.0);
  const Belief::Kind kind = dist == "uniform" ? Belief::Kind::Uniform
                            : dist == "normal" ? Belief::Kind::Normal
                                               : Belief::Kind::Triangular;
  return checked({kind, p[0], p[1], p[2]}, why);
}

}  // namespace jsim
