#include "model/distribution.hpp"

namespace jsim {

double Distribution::mean() const {
  switch (kind) {
    case Kind::None: return 0.0;
    case Kind::Fixed: return a;
    case Kind::Exponential: return a;
    case Kind::Lognormal: return a;
    case Kind::Uniform: return 0.5 * (a + b);
    case Kind::Empirical: {
      double m = 0.0, prev = 0.0;
      for (std::size_t i = 0; i < values.size(); ++i) {
        m += values[i] * (cumulative[i] - prev);
        prev = cumulative[i];
      }
      return m;
    }
  }
  return 0.0;
}

}  // namespace jsim
