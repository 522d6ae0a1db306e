#pragma once
// Thin, checked layer over the HDF5 C API for the results writer: handles that always close,
// every return code checked (failures throw jsim::Error carrying HDF5's own reason), and the
// few kinds of objects the results file is made of. Not thread-safe: neither is libhdf5.
#include <hdf5.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "output/result_tables.hpp"

namespace jsim::h5 {

// Owns one HDF5 identifier and closes it with the matching H5?close.
class Handle {
 public:
  using Closer = herr_t (*)(hid_t);
  // Throws jsim::Error mentioning `what` if id is negative (the HDF5 failure value).
  Handle(hid_t id, Closer close, const std::string& what);
  Handle(Handle&& other) noexcept;
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  Handle& operator=(Handle&&) = delete;
  ~Handle();

  operator hid_t() const { return id_; }  // NOLINT: a handle is used where its id is
  // Closes now and throws on failure; for a file this is where the last data reaches disk,
  // so the writer calls it instead of relying on the destructor, which must swallow errors.
  void close();

 private:
  hid_t id_;
  Closer close_;
};

// Throws jsim::Error "what: <innermost HDF5 error description>" if rc is negative.
void check(herr_t rc, const std::string& what);

// Turns off HDF5's default printing of error stacks to stderr while alive: failures are
// reported through exceptions instead. Restores the previous setting.
class QuietErrors {
 public:
  QuietErrors();
  QuietErrors(const QuietErrors&) = delete;
  QuietErrors& operator=(const QuietErrors&) = delete;
  ~QuietErrors();

 private:
  H5E_auto2_t func_ = nullptr;
  void* data_ = nullptr;
};

[[nodiscard]] Handle create_file(const std::filesystem::path& file);  // truncates
[[nodiscard]] Handle create_group(hid_t loc, const std::string& name);

// Scalar attributes. Strings are variable-length UTF-8 (h5py reads them as str); bool is the
// int8 enum {FALSE=0, TRUE=1} that h5py maps to numpy.bool_.
void write_attribute(hid_t loc, const std::string& name, std::uint64_t value);
void write_attribute(hid_t loc, const std::string& name, std::uint32_t value);
void write_attribute(hid_t loc, const std::string& name, double value);
void write_attribute(hid_t loc, const std::string& name, bool value);
void write_attribute(hid_t loc, const std::string& name, const std::string& value);
// Without this a string literal would silently pick the bool overload.
inline void write_attribute(hid_t loc, const std::string& name, const char* value) {
  write_attribute(loc, name, std::string(value));
}
// A 1-D attribute of variable-length UTF-8 strings (h5py: numpy object array of str).
void write_attribute(hid_t loc, const std::string& name, const std::vector<std::string>& values);

// A scalar dataset holding one variable-length UTF-8 string.
void write_string(hid_t loc, const std::string& name, const std::string& text);

// 1-D and 2-D little-endian datasets; a matrix is given as rows of `cols` values each
// (cols is explicit so that a matrix with no rows still has its width) and its handle is
// returned for attaching attributes.
void write_vector(hid_t loc, const std::string& name, const std::vector<std::uint64_t>& values);
[[nodiscard]] Handle write_matrix(hid_t loc, const std::string& name,
                                  const std::vector<std::vector<std::uint64_t>>& rows, std::size_t cols);
[[nodiscard]] Handle write_matrix(hid_t loc, const std::string& name,
                                  const std::vector<std::vector<double>>& rows, std::size_t cols);

// A 1-D compound dataset, one element per table row, one field per column in column order.
// Strings become fixed-length, null-padded UTF-8 fields as wide as the column's longest value
// (at least 1 byte), so nothing is truncated and numpy/pandas see plain 'S' bytes columns.
void write_table(hid_t loc, const std::string& name, const Table& table);

// Reading. Whether `name` is a link to an existing object in loc.
[[nodiscard]] bool exists(hid_t loc, const std::string& name);
// A 1-D attribute of strings (as write_attribute writes them); jsim::Error "<object> has no
// attribute ..." when it is missing. `object` names loc in messages, e.g. "/flow".
[[nodiscard]] std::vector<std::string> read_string_list_attribute(hid_t loc, const std::string& object,
                                                                  const std::string& name);

// One field of a 1-D compound dataset (a table as write_table writes it), by name: a string field
// (fixed-length) or a count (any integer field, read as uint64). jsim::Error "<object> has no
// field ..." when it is missing or of another kind. `object` names the dataset in messages.
[[nodiscard]] std::vector<std::string> read_string_column(hid_t dataset, const std::string& object,
                                                          const std::string& field);
[[nodiscard]] std::vector<std::uint64_t> read_count_column(hid_t dataset, const std::string& object,
                                                           const std::string& field);

// Opens an existing file for reading and writing (to add to what was streamed into it).
[[nodiscard]] Handle open_file(const std::filesystem::path& file);

// A 1-D compound dataset that grows as rows are appended, for tables too long to hold in memory
// (recorded journeys). Rows are given as C structs whose layout the file keeps (no conversion; the
// struct must have no padding). The dataset is chunked, byte-shuffled and deflated like any HDF5
// dataset with those filters, but the chunks are shuffled and compressed here, in parallel, and
// handed to HDF5 ready-made (H5Dwrite_chunk): compression is most of the cost of writing.
class AppendableTable {
 public:
  struct Field {
    std::string name;
    std::size_t offset = 0;  // offsetof(Row, member)
    hid_t type = -1;         // native memory type, e.g. H5T_NATIVE_UINT64
  };
  AppendableTable(hid_t loc, const std::string& name, std::size_t row_size, const std::vector<Field>& fields,
                  std::size_t chunk_rows = 1 << 14);
  // Buffers the rows; full chunks go to the file.
  void append(const void* rows, std::size_t count);
  // Writes what is buffered (the last chunk zero-padded) and sets the final extent. Call once, last.
  void finish();
  [[nodiscard]] std::uint64_t rows() const { return rows_; }

 private:
  void write_chunks(std::size_t chunks);  // the first `chunks` full chunks of pending_

  std::string name_;
  std::size_t row_size_, chunk_rows_;
  Handle memory_type_, dataset_;
  std::vector<std::byte> pending_;  // rows not yet in the file
  std::uint64_t rows_ = 0;          // rows appended
  std::uint64_t written_chunks_ = 0;
};

}  // namespace jsim::h5
