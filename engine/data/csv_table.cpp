#include "data/csv_table.hpp"

#include <csv.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>
#include <memory>

#include "model/regular_file.hpp"

namespace jsim::data {

namespace {

[[noreturn]] void fail(const std::string& file, int row, int col, const std::string& message) {
  throw ScenarioError({Diagnostic{file, row, col, message}});
}

// Length of the valid UTF-8 prefix of s (== n when all of it is valid).
std::size_t valid_utf8_prefix(const unsigned char* s, std::size_t n) {
  std::size_t i = 0;
  while (i < n) {
    const unsigned char c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len = 0;
    unsigned min = 0;
    if ((c & 0xE0) == 0xC0) len = 2, min = 0x80;
    else if ((c & 0xF0) == 0xE0) len = 3, min = 0x800;
    else if ((c & 0xF8) == 0xF0) len = 4, min = 0x10000;
    else return i;
    if (i + len > n) return i;
    unsigned cp = c & (0x7F >> len);
    for (std::size_t k = 1; k < len; ++k) {
      if ((s[i + k] & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    // Overlong forms, UTF-16 surrogates and values past U+10FFFF are not UTF-8.
    if (cp < min || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) return i;
    i += len;
  }
  return n;
}

// Parser state shared with libcsv's C callbacks. Exceptions must not unwind through libcsv
// (a C library), so callbacks park them here and the feeding loop rethrows.
struct Reader {
  Reader(std::string f, const std::function<void(const CsvHeader&)>& h, const std::function<void(const CsvRow&)>& r)
      : file(std::move(f)), on_header(h), on_row(r) {}
  std::string file;
  const std::function<void(const CsvHeader&)>& on_header;
  const std::function<void(const CsvRow&)>& on_row;
  csv_parser parser{};
  int line = 1;        // line being fed
  int row_start = 1;   // line where the current row began
  int field_line = 1;  // line where the current field began
  bool have_header = false;
  std::size_t columns = 0;
  std::vector<std::string> fields;
  std::exception_ptr error;

  void field(const char* data, std::size_t n) {
    if (error) return;
    try {
      const int col = static_cast<int>(fields.size()) + 1;
      const auto* bytes = reinterpret_cast<const unsigned char*>(data);
      if (n && std::memchr(data, '\0', n))
        fail(file, field_line, col, "found a NUL byte: this looks like a binary file; expected UTF-8 CSV text");
      if (const std::size_t ok = valid_utf8_prefix(bytes, n); ok != n) {
        char hex[8];
        std::snprintf(hex, sizeof hex, "0x%02X", bytes[ok]);
        fail(file, field_line, col,
             "found invalid UTF-8 (byte " + std::string(hex) + " after \"" + std::string(data, ok) +
                 "\"); expected UTF-8 text (re-save the file as UTF-8)");
      }
      fields.emplace_back(data, n);
      field_line = line;
    } catch (...) {
      error = std::current_exception();
    }
  }

  void end_row() {
    if (error) return;
    try {
      if (!have_header) {
        have_header = true;
        columns = fields.size();
        on_header(CsvHeader{file, fields});
      } else {
        if (fields.size() != columns) {
          const int col = static_cast<int>(std::min(fields.size(), columns)) + 1;
          fail(file, row_start, col,
               "found " + std::to_string(fields.size()) + " fields; expected " + std::to_string(columns) +
                   " (one per header column)");
        }
        on_row(CsvRow{file, row_start, fields});
      }
    } catch (...) {
      error = std::current_exception();
    }
    fields.clear();
  }

  void rethrow() const {
    if (error) std::rethrow_exception(error);
  }
};

extern "C" void csv_field_cb(void* data, std::size_t n, void* self) {
  static_cast<Reader*>(self)->field(static_cast<const char*>(data), n);
}
extern "C" void csv_row_cb(int, void* self) { static_cast<Reader*>(self)->end_row(); }

constexpr int kRowNotBegun = 0;  // libcsv's parser state between rows

}  // namespace

std::optional<std::size_t> CsvHeader::find(const std::string& name) const {
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i] == name) return i;
  return std::nullopt;
}

std::size_t CsvHeader::require(const std::string& name, const std::string& role) const {
  if (const auto i = find(name)) return *i;
  std::string present;
  for (const auto& n : names) present += (present.empty() ? "" : ", ") + ("\"" + n + "\"");
  fail(file, 1, 1, "no column \"" + name + "\" (" + role + "); the columns present are " + present);
}

ScenarioError CsvRow::error(std::size_t column, const std::string& message) const {
  return ScenarioError({Diagnostic{file, row, static_cast<int>(column) + 1, message}});
}

void read_csv(const std::filesystem::path& path, const CsvOptions& options,
              const std::function<void(const CsvHeader&)>& on_header,
              const std::function<void(const CsvRow&)>& on_row) {
  const std::string file = path.string();
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) fail(file, 0, 0, "file not found; expected a CSV file");
  if (const auto refused = not_a_regular_file(path)) fail(file, 0, 0, *refused + "; expected a CSV file");
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> in(std::fopen(file.c_str(), "rb"), &std::fclose);
  if (!in) fail(file, 0, 0, std::string("cannot open: ") + std::strerror(errno));

  Reader r(file, on_header, on_row);
  if (csv_init(&r.parser, CSV_STRICT | CSV_STRICT_FINI) != 0) throw Error("out of memory starting the CSV parser");
  std::unique_ptr<csv_parser, void (*)(csv_parser*)> guard(&r.parser, &csv_free);
  csv_set_delim(&r.parser, static_cast<unsigned char>(options.delimiter));

  // Feeding one line at a time (split within each block) tells us the line of every callback.
  auto feed = [&](const char* s, std::size_t n) {
    if (r.parser.pstate == kRowNotBegun && r.fields.empty()) r.row_start = r.field_line = r.line;
    if (csv_parse(&r.parser, s, n, csv_field_cb, csv_row_cb, &r) != n) {
      r.rethrow();
      fail(file, r.line, static_cast<int>(r.fields.size()) + 1,
           "found a malformed quote (a quote inside an unquoted field, or text after a closing quote); "
           "expected fields quoted whole, with inner quotes doubled (\"a \"\"b\"\" c\")");
    }
    r.rethrow();
  };

  // A small file gets a block its own size: zeroing a whole 1 MiB block per file dominated
  // reading the many small logs the fuzzers and tests read.
  const std::uintmax_t size = std::filesystem::file_size(path, ec);
  const std::size_t want = ec ? options.block_bytes : static_cast<std::size_t>(std::min<std::uintmax_t>(size + 1, options.block_bytes));
  std::vector<char> block(std::max<std::size_t>(want, 4));
  bool first = true, any = false;
  for (;;) {
    std::size_t n = std::fread(block.data(), 1, block.size(), in.get());
    if (n == 0) {
      if (std::ferror(in.get())) fail(file, 0, 0, std::string("read error: ") + std::strerror(errno));
      break;
    }
    const char* p = block.data();
    if (first) {
      first = false;
      if (n >= 3 && std::memcmp(p, "\xEF\xBB\xBF", 3) == 0) p += 3, n -= 3;  // UTF-8 byte-order mark
      // A NUL early on means binary data; say so before libcsv goes looking for rows in it.
      if (std::memchr(p, '\0', std::min<std::size_t>(n, 4096)))
        fail(file, 0, 0, "found NUL bytes: this looks like a binary file; expected UTF-8 CSV text");
    }
    any = any || n > 0;
    const char* end = p + n;
    while (p < end) {
      const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
      const char* stop = nl ? nl + 1 : end;
      feed(p, static_cast<std::size_t>(stop - p));
      if (nl) ++r.line;
      p = stop;
    }
  }
  if (csv_fini(&r.parser, csv_field_cb, csv_row_cb, &r) != 0) {
    r.rethrow();
    fail(file, r.field_line, static_cast<int>(r.fields.size()) + 1,
         "found a quoted field that is never closed; expected a closing quote (\")");
  }
  r.rethrow();
  if (!r.have_header) fail(file, 0, 0, "empty file; expected a header row naming the columns, then data rows");
}

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

std::vector<std::string> read_csv_header(const std::filesystem::path& file, char delimiter) {
  struct Stop {};
  std::vector<std::string> names;
  try {
    read_csv(
        file, CsvOptions{delimiter},
        [&](const CsvHeader& h) {
          names = h.names;
          throw Stop{};
        },
        [](const CsvRow&) {});
  } catch (const Stop&) {
  }
  return names;
}

}  // namespace jsim::data
