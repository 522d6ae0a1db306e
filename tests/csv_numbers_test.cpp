// CSV numbers in their shortest exact form (docs/results-format.md): for people reading the
// files and for tools reading them back, no more digits than the double needs.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <span>
#include <string>
#include <vector>

#include "output/csv_writer.hpp"

#include <unistd.h>

namespace jsim {
namespace {

// CSV numbers carry the digits they need and no more: the shortest text that reads back to the
// same double (16678.8, not 16678.800000000001), so a value computed as 16678.8 writes as such and
// one that is not (0.1 + 0.2) keeps the digits that tell it apart.
TEST(CsvNumbersTest, ShortestTextThatReadsBackToTheSameDouble) {
  const std::vector<double> xs = {16678.8, 0.1 + 0.2, 1.0 / 3.0, 1e-300, 42.0, std::nan("")};
  Table t{.rows = xs.size(), .columns = {}};
  t.add("x", std::span<const double>(xs), [](double x) { return x; });
  const auto file = std::filesystem::temp_directory_path() / ("jsim_csv_numbers_" + std::to_string(::getpid()) + ".csv");
  write_csv_table(t, file);
  std::ifstream in(file);
  std::vector<std::string> lines;
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  std::filesystem::remove(file);
  EXPECT_EQ(lines, (std::vector<std::string>{"x", "16678.8", "0.30000000000000004", "0.3333333333333333", "1e-300", "42",
                                             "nan"}));
  for (std::size_t i = 0; i + 1 < xs.size(); ++i) EXPECT_EQ(std::stod(lines[i + 1]), xs[i]) << lines[i + 1];
}

}  // namespace
}  // namespace jsim
