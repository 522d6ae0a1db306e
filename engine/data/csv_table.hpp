#pragma once
// A streaming CSV reader over libcsv (RFC 4180): the first row names the columns, every later
// row is handed to a callback with its row number. The file is read in blocks, so a file of any
// size never sits whole in memory; only the current row does.
//
// Places in errors: ROW is the file's line where the row starts (header = 1; a quoted field may
// span lines), COL is the 1-based field number. Every problem throws jsim::ScenarioError with
// one Diagnostic{file, row, col, "what was found; what is expected"}.
#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "model/error.hpp"

namespace jsim::data {

// The header row, for finding columns by name.
struct CsvHeader {
  std::string file;                // for messages
  std::vector<std::string> names;  // as written (trimmed by libcsv)

  [[nodiscard]] std::optional<std::size_t> find(const std::string& name) const;
  // Throws ScenarioError at the header naming the missing column and listing those present.
  // `role` says what the column is for, e.g. "the case id".
  [[nodiscard]] std::size_t require(const std::string& name, const std::string& role) const;
};

// One data row; `fields` are valid only during the callback.
struct CsvRow {
  const std::string& file;
  int row;                                // file line where the row starts
  const std::vector<std::string>& fields; // as many as the header has columns

  // A ScenarioError at this row and field `column` (0-based index): "message".
  [[nodiscard]] ScenarioError error(std::size_t column, const std::string& message) const;
};

struct CsvOptions {
  char delimiter = ',';
  std::size_t block_bytes = std::size_t{1} << 20;  // read size; memory is one block plus one row
};

// Reads `file`: on_header once, then on_row for every non-blank data row, in file order.
// Errors: missing/unreadable file, empty file, binary content (NUL bytes), invalid UTF-8,
// an unterminated or malformed quote, a row with a different number of fields than the header.
void read_csv(const std::filesystem::path& file, const CsvOptions& options,
              const std::function<void(const CsvHeader&)>& on_header,
              const std::function<void(const CsvRow&)>& on_row);

// A field without surrounding spaces, tabs and line breaks.
[[nodiscard]] std::string trim(const std::string& s);

// The column names of a CSV file, read without reading the rest (to choose how to read it).
[[nodiscard]] std::vector<std::string> read_csv_header(const std::filesystem::path& file, char delimiter = ',');

}  // namespace jsim::data
