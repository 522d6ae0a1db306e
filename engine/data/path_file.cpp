#include "data/path_file.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>

#include "data/csv_table.hpp"

namespace jsim::data {

namespace {

std::uint64_t parse_count(const CsvRow& row, std::size_t col, const std::string& what) {
  const std::string t = trim(row.fields[col]);
  std::uint64_t v = 0;
  const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (t.empty() || ec != std::errc() || end != t.data() + t.size())
    throw row.error(col, "found \"" + row.fields[col] + "\" for " + what + "; expected a non-negative integer");
  return v;
}

double parse_value(const CsvRow& row, std::size_t col) {
  const std::string t = trim(row.fields[col]);
  if (t.empty()) return 0.0;  // R and pandas write missing values as empty cells
  char* end = nullptr;
  const double v = std::strtod(t.c_str(), &end);
  if (end != t.c_str() + t.size() || !std::isfinite(v) || v < 0.0)
    throw row.error(col, "found \"" + row.fields[col] + "\" for the conversion value; expected a non-negative number");
  return v;
}

}  // namespace

PathData read_path_file(const std::filesystem::path& file, const PathFileOptions& options) {
  // The separator is matched without its padding so that "a>b" and "a > b" agree; a separator
  // that is only spaces is matched as given.
  std::string sep = trim(options.separator);
  if (sep.empty()) sep = options.separator;
  if (sep.empty()) throw Error("path separator is empty; expected a token such as \" > \"");

  PathAccumulator acc(PathLevel::Channel);
  std::size_t c_path = 0, c_conv = 0;
  std::optional<std::size_t> c_value, c_null;
  std::vector<State> touches;

  read_csv(
      file, CsvOptions{options.delimiter},
      [&](const CsvHeader& h) {
        c_path = h.require(options.path_column, "the path");
        c_conv = h.require(options.conversions_column, "the number of conversions");
        c_value = h.find(options.value_column);
        c_null = h.find(options.nulls_column);
      },
      [&](const CsvRow& row) {
        touches.clear();
        const std::string& text = row.fields[c_path];
        // An empty path is a journey with no touches; otherwise every token must be non-empty.
        if (!trim(text).empty()) {
          std::size_t start = 0;
          for (;;) {
            const auto at = text.find(sep, start);
            const std::string token = trim(text.substr(start, at == std::string::npos ? std::string::npos : at - start));
            if (token.empty())
              throw row.error(c_path, "found an empty step in path \"" + text + "\"; expected channel names separated by \"" +
                                          options.separator + "\"");
            touches.push_back(acc.state(token));
            if (at == std::string::npos) break;
            start = at + sep.size();
          }
        }
        const std::uint64_t conversions = parse_count(row, c_conv, "the number of conversions");
        const std::uint64_t nulls = c_null ? parse_count(row, *c_null, "the number of non-converting journeys") : 0;
        const double value = c_value ? parse_value(row, *c_value) : 0.0;
        if (value > 0.0 && conversions == 0)
          throw row.error(*c_value, "found a conversion value of " + trim(row.fields[*c_value]) +
                                        " on a path with 0 conversions; expected 0 (or some conversions)");
        if (conversions > 0) acc.add(touches, true, value, conversions);
        if (nulls > 0 || conversions == 0) acc.add(touches, false, 0.0, nulls);
      });
  return acc.take();
}

}  // namespace jsim::data
