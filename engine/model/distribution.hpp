#pragma once
// A small closed set of distributions for times and money. Plain data, sampled from any
// Boost/std-compatible uniform random bit generator.
#include <cmath>
#include <cstdint>
#include <vector>

#include <boost/random/exponential_distribution.hpp>
#include <boost/random/lognormal_distribution.hpp>
#include <boost/random/uniform_01.hpp>

namespace jsim {

struct Distribution {
  enum class Kind { None, Fixed, Exponential, Lognormal, Uniform, Empirical };
  Kind kind = Kind::None;
  double a = 0.0;  // Fixed: value; Exponential: mean; Lognormal: mean; Uniform: min
  double b = 0.0;  // Lognormal: standard deviation; Uniform: max
  std::vector<double> values;   // Empirical: sample points
  std::vector<double> cumulative;  // Empirical: cumulative weights, last == 1

  [[nodiscard]] static Distribution none() { return {}; }
  [[nodiscard]] static Distribution fixed(double v) { return {Kind::Fixed, v, 0.0, {}, {}}; }
  [[nodiscard]] static Distribution exponential(double mean) { return {Kind::Exponential, mean, 0.0, {}, {}}; }
  [[nodiscard]] static Distribution lognormal(double mean, double sd) { return {Kind::Lognormal, mean, sd, {}, {}}; }
  [[nodiscard]] static Distribution uniform(double lo, double hi) { return {Kind::Uniform, lo, hi, {}, {}}; }

  [[nodiscard]] bool is_none() const { return kind == Kind::None; }
  [[nodiscard]] double mean() const;

  // Draws one value. None gives 0 (callers treat None as "no time passes").
  template <class URBG>
  double sample(URBG& g) const {
    switch (kind) {
      case Kind::None: return 0.0;
      case Kind::Fixed: return a;
      case Kind::Exponential: return boost::random::exponential_distribution<double>(1.0 / a)(g);
      case Kind::Lognormal: {
        // Parameterised by the mean and sd of the value itself, which is how people state them.
        const double s2 = std::log1p((b * b) / (a * a));
        return boost::random::lognormal_distribution<double>(std::log(a) - 0.5 * s2, std::sqrt(s2))(g);
      }
      case Kind::Uniform: return a + (b - a) * boost::random::uniform_01<double>()(g);
      case Kind::Empirical: {
        const double u = boost::random::uniform_01<double>()(g);
        std::size_t i = 0;
        while (i + 1 < cumulative.size() && u >= cumulative[i]) ++i;
        return values[i];
      }
    }
    return 0.0;
  }
};

}  // namespace jsim
