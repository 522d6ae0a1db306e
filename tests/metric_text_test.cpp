// Intervals and verdicts read the same everywhere: one rule decides the verdict and it agrees with
// the interval printed; one replication has no interval; units and thousands separators in text.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <regex>

#include "experiment/comparison.hpp"
#include "experiment/metric_text.hpp"
#include "experiment/number_text.hpp"

namespace jsim {
namespace {

TEST(MetricTextTest, VerdictAgreesWithThePrintedInterval) {
  // Paired differences around several true effects, some zero, some tiny, some large: whatever
  // the verdict, the interval shown must say the same thing.
  std::mt19937 rng(12);
  std::normal_distribution<double> noise(0.0, 1.0);
  for (double effect : {0.0, 1e-3, 0.05, 0.3, 2.0}) {
    for (int trial = 0; trial < 50; ++trial) {
      std::vector<double> base(5), whatif(5);
      for (std::size_t r = 0; r < base.size(); ++r) {
        base[r] = 100.0 + 10.0 * noise(rng);
        whatif[r] = base[r] + effect + 0.1 * noise(rng);
      }
      const MetricComparison m = compare_metric("profit", base, whatif);
      const std::string v = verdict(m);
      EXPECT_EQ(m.distinguishable, m.difference.low > 0.0 || m.difference.high < 0.0);
      EXPECT_EQ(v.starts_with("real"), m.distinguishable) << v;
      EXPECT_EQ(v == "not distinguishable", !m.distinguishable) << v;
      // The printed bounds have the signs of the real ones: a "real" verdict never shows [+0.00, ...].
      const std::string text = format_difference("profit", m.difference);
      static const std::regex zero_bound(R"([\[ ][+-]0\.0+[,\]])");
      if (m.distinguishable) EXPECT_FALSE(std::regex_search(text, zero_bound)) << text;
    }
  }
}

TEST(MetricTextTest, EqualValuesAreIdenticalNotReal) {
  const std::vector<double> a = {0.1 + 0.2, 1.0, 2.0};
  const std::vector<double> b = {0.3, 1.0, 2.0};  // 0.1 + 0.2 != 0.3 in the last bit only
  const MetricComparison m = compare_metric("mean_frustration", a, b);
  EXPECT_TRUE(m.identical);
  EXPECT_FALSE(m.distinguishable);
  EXPECT_EQ(verdict(m), "identical");
}

TEST(MetricTextTest, OneReplicationHasNoInterval) {
  const MetricComparison m = compare_metric("profit", std::vector<double>{100.0}, std::vector<double>{120.0});
  EXPECT_FALSE(m.distinguishable);  // 20 apart, yet one replication cannot say whether that is chance
  EXPECT_EQ(verdict(m), "no interval");
  EXPECT_EQ(format_difference("profit", m.difference), "+20.00 (no interval: 1 replication)");
  EXPECT_EQ(format_plus_minus("profit", m.base), "100.00 (no interval)");
  EXPECT_EQ(format_interval("conversion_rate", m.base).find("±"), std::string::npos);
}

TEST(MetricTextTest, MoneyCountsAndDurationsCarryUnitsAndSeparators) {
  EXPECT_EQ(format_value("profit", 1168237.444), "1,168,237.44");
  EXPECT_EQ(format_value("profit", -1234.5), "-1,234.50");
  EXPECT_EQ(format_value("conversion_rate", 0.2633), "26.33%");
  EXPECT_EQ(format_value("mean_wait:call_centre", 9.49), "9.5 s");
  EXPECT_EQ(format_value("mean_wait:call_centre", 212.0), "3.5 min");
  EXPECT_EQ(format_difference("mean_wait:call_centre", {-5.58, -8.24, -2.92}), "-5.6 s [-8.2 s, -2.9 s]");
  EXPECT_EQ(format_value("roi", std::nan("")), "n/a");
  EXPECT_EQ(grouped_number(-0.001, 2), "0.00");  // never "-0.00"
  EXPECT_EQ(duration_text(4.3 * 86400), "4.3 d");
}

TEST(MetricTextTest, SmallRealDifferencesShowTheirDigits) {
  // Half-width 0.0004: two significant digits need five decimals, not "+0.00 [+0.00, +0.00]".
  EXPECT_EQ(format_difference("mean_frustration", {0.0012, 0.0008, 0.0016}), "+0.00120 [+0.00080, +0.00160]");
  EXPECT_EQ(format_plus_minus("mean_frustration", {0.5123, 0.5110, 0.5136}), "0.5123 ±0.0013");
}

}  // namespace
}  // namespace jsim
