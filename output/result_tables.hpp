#pragma once
// The row tables of a RunResult as named, typed columns: the one schema the HDF5 compound
// datasets and the CSV files share, so the two formats cannot drift apart.
#include <cstdint>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "sim/run_result.hpp"

namespace jsim {

struct Column {
  std::string name;
  // Typed even when a table has no rows, so empty datasets still carry their schema.
  std::variant<std::vector<std::uint64_t>, std::vector<std::uint32_t>, std::vector<double>,
               std::vector<std::string>>
      values;
};

struct Table {
  std::size_t rows = 0;
  std::vector<Column> columns;

  // Appends a column whose value in row i is get(rows[i]); its type is get's return type.
  template <class Row, class Get>
  void add(std::string name, std::span<const Row> rows_in, Get get) {
    using T = std::decay_t<decltype(get(rows_in.front()))>;
    std::vector<T> values;
    values.reserve(rows_in.size());
    for (const Row& row : rows_in) values.push_back(get(row));
    columns.push_back({std::move(name), std::move(values)});
  }
};

// Throws jsim::Error unless every per-touchpoint vector (persona visits), every flow entry (in range, in (from, to) order) and every time
// series has the length the rest of the result implies; writers call it before indexing.
void check_shape(const RunResult& r);

// One row: agents, conversions, conversion_rate(_low/_high), abandonments, ... aov.
[[nodiscard]] Table summary_table(const RunResult& r);
// One row per touchpoint, every TouchpointRow field.
[[nodiscard]] Table touchpoint_table(const RunResult& r);
// One row per persona, every PersonaRow field except visits; conversion_rate split in three.
[[nodiscard]] Table persona_table(const RunResult& r);
// One row per channel: visits, orders and revenue at its conversion touchpoints, cost, switches into it.
[[nodiscard]] Table channel_table(const RunResult& r);
// One row per pair of touchpoints with moves between them: from, to (ids), count. Nonzero only.
[[nodiscard]] Table flow_table(const RunResult& r);

}  // namespace jsim
