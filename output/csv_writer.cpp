#include "output/csv_writer.hpp"

#include <fmt/format.h>

#include <fstream>
#include <system_error>

#include "model/error.hpp"
#include "output/atomic_file.hpp"
#include "output/result_tables.hpp"

namespace jsim {

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string quoted = "\"";
  for (char c : s) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + '"';
}

namespace {

using jsim::csv_field;  // the text overload, next to the numeric one below

// Doubles print as the shortest text that reads back to the same value; NaN and infinity as
// nan / inf, which pandas and Python's float() both parse.
template <class T>
std::string csv_field(const T& x) {
  return fmt::format("{}", x);
}

std::string cell(const Column& c, std::size_t row) {
  return std::visit([row](const auto& values) { return csv_field(values[row]); }, c.values);
}

}  // namespace

void write_csv_table(const Table& table, const std::filesystem::path& file) {
  write_file_atomically(file, [&](const std::filesystem::path& tmp) {
    std::ofstream out(tmp, std::ios::binary);
    if (!out) throw Error("cannot create " + tmp.string());
    for (std::size_t i = 0; i < table.columns.size(); ++i) out << (i ? "," : "") << csv_field(table.columns[i].name);
    out << '\n';
    for (std::size_t row = 0; row < table.rows; ++row) {
      for (std::size_t i = 0; i < table.columns.size(); ++i) out << (i ? "," : "") << cell(table.columns[i], row);
      out << '\n';
    }
    out.close();
    if (!out) throw Error("write error on " + tmp.string());
  });
}

namespace {

Table persona_visits_table(const RunResult& r) {
  std::vector<std::string> persona, touchpoint;
  std::vector<std::uint64_t> visits;
  for (const PersonaRow& p : r.personas) {
    for (std::size_t t = 0; t < r.touchpoints.size(); ++t) {
      persona.push_back(p.id);
      touchpoint.push_back(r.touchpoints[t].id);
      visits.push_back(p.visits[t]);
    }
  }
  const std::size_t rows = visits.size();
  return {rows, {{"persona", std::move(persona)}, {"touchpoint", std::move(touchpoint)}, {"visits", std::move(visits)}}};
}

// period is the 0-based row index; start_seconds = period x period length.
Table time_series_table(const TimeSeries& s) {
  const std::size_t rows = s.arrivals.size();
  std::vector<std::uint64_t> period(rows);
  std::vector<double> start(rows);
  for (std::size_t i = 0; i < rows; ++i) {
    period[i] = i;
    start[i] = static_cast<double>(i) * s.period;
  }
  Table t{rows, {{"period", std::move(period)}, {"start_seconds", std::move(start)}, {"arrivals", s.arrivals},
                 {"conversions", s.conversions}, {"abandonments", s.abandonments}}};
  for (std::size_t q = 0; q < s.queue_touchpoints.size(); ++q)
    t.columns.push_back({"queue_length_" + s.queue_touchpoints[q], s.queue_length[q]});
  return t;
}

}  // namespace

void write_csv(const RunResult& r, const std::filesystem::path& dir) {
  check_shape(r);
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw Error("cannot create directory " + dir.string() + ": " + ec.message());
  write_csv_table(touchpoint_table(r), dir / "touchpoints.csv");
  write_csv_table(persona_table(r), dir / "personas.csv");
  write_csv_table(channel_table(r), dir / "channels.csv");
  write_csv_table(persona_visits_table(r), dir / "persona_visits.csv");
  write_csv_table(flow_table(r), dir / "flow.csv");
  const std::filesystem::path series = dir / "timeseries.csv";
  if (r.timed) {
    write_csv_table(time_series_table(r.series), series);
  } else if (std::filesystem::remove(series, ec); ec) {
    throw Error("cannot remove stale " + series.string() + ": " + ec.message());
  }
}

}  // namespace jsim
