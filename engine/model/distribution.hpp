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
  double log_mu = 0.0, log_sigma = 0.0;  // Lognormal: parameters of the underlying normal, derived once
  std::vector<double> values;   // Empirical: sample points
  std::vector<double> cumulative;  // Empirical: cumulative weights, last == 1

  [[nodiscard]] static Distribution none() { return {}; }
  [[nodiscard]] static Distribution fixed(double v) { return with(Kind::Fixed, v, 0.0); }
  [[nodiscard]] static Distribution exponential(double mean) { return with(Kind::Exponential, mean, 0.0); }
  // Parameterised by the mean and sd of the value itself, which is how people state them.
  [[nodiscard]] static Distribution lognormal(double mean, double sd) {
    Distribution d = with(Kind::Lognormal, mean, sd);
    const double s2 = std::log1p((sd * sd) / (mean * mean));
    d.log_mu = std::log(mean) - 0.5 * s2;
    d.log_sigma = std::sqrt(s2);
    return d;
  }
  [[nodiscard]] static Distribution uniform(double lo, double hi) { return with(Kind::Uniform, lo, hi); }

  [[nodiscard]] bool is_none() const { return kind == Kind::None; }
  [[nodiscard]] double mean() const;

  // Draws one value. None gives 0 (callers treat None as "no time passes").
  template <class URBG>
  double sample(URBG& g) const {
    switch (kind) {
      case Kind::None: return 0.0;
      case Kind::Fixed: return a;
      case Kind::Exponential: return boost::random::exponential_distribution<double>(1.0 / a)(g);
      case Kind::Lognormal: return boost::random::lognormal_distribution<double>(log_mu, log_sigma)(g);
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

 private:
  static Distribution with(Kind k, double a, double b) {
    Distribution d;
    d.kind = k;
    d.a = a;
    d.b = b;
    return d;
  }
};

}  // namespace jsim
