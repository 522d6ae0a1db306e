#include "output/hdf5_util.hpp"

#include <tbb/parallel_for.h>
#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <type_traits>

#include "model/error.hpp"

namespace jsim::h5 {
namespace {

// HDF5 closes every file still open when the process exits. A file whose close failed (a full
// disk) stays registered, and closing it again at exit crashes HDF5 1.10 (SIGSEGV in
// H5F__close_cb). jsim closes what it opens and reports a failed close itself, so that exit-time
// pass is not needed: switched off before the library's first use.
const bool kNoCloseAtExit = (H5dont_atexit(), true);

// zlib level of streamed tables: the fastest; shuffling first does most of the work on numbers.
constexpr int kDeflateLevel = 1;

// Collects the description of the deepest stack entry: H5E_WALK_DOWNWARD goes from the API
// call to where the failure was detected, and the latter says why (e.g. "errno = 2, ...").
herr_t keep_innermost(unsigned /*n*/, const H5E_error2_t* e, void* out) {
  if (e->desc != nullptr && e->desc[0] != '\0') *static_cast<std::string*>(out) = e->desc;
  return 0;
}

std::string hdf5_reason() {
  std::string reason;
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, keep_innermost, &reason);
  H5Eclear2(H5E_DEFAULT);
  return reason.empty() ? "HDF5 error" : reason;
}

[[noreturn]] void fail(const std::string& what) { throw Error(what + ": " + hdf5_reason()); }

Handle copy_type(hid_t type) { return Handle(H5Tcopy(type), H5Tclose, "H5Tcopy"); }

Handle utf8_string_type(std::size_t size) {  // size H5T_VARIABLE for variable-length
  Handle t = copy_type(H5T_C_S1);
  check(H5Tset_size(t, size), "H5Tset_size");
  check(H5Tset_cset(t, H5T_CSET_UTF8), "H5Tset_cset");
  if (size != H5T_VARIABLE) check(H5Tset_strpad(t, H5T_STR_NULLPAD), "H5Tset_strpad");
  return t;
}

Handle bool_type() {
  Handle t(H5Tenum_create(H5T_NATIVE_INT8), H5Tclose, "H5Tenum_create");
  const std::int8_t no = 0, yes = 1;
  check(H5Tenum_insert(t, "FALSE", &no), "H5Tenum_insert");
  check(H5Tenum_insert(t, "TRUE", &yes), "H5Tenum_insert");
  return t;
}

// The in-memory type of T and the explicit little-endian type it is stored as, so the file
// reads the same on any machine (HDF5 converts on write where they differ).
template <class T>
hid_t memory_type() {
  if constexpr (std::is_same_v<T, std::uint64_t>) return H5T_NATIVE_UINT64;
  else if constexpr (std::is_same_v<T, std::uint32_t>) return H5T_NATIVE_UINT32;
  else return H5T_NATIVE_DOUBLE;
}
template <class T>
hid_t file_type() {
  if constexpr (std::is_same_v<T, std::uint64_t>) return H5T_STD_U64LE;
  else if constexpr (std::is_same_v<T, std::uint32_t>) return H5T_STD_U32LE;
  else return H5T_IEEE_F64LE;
}

Handle simple_space(const std::vector<hsize_t>& dims) {
  return Handle(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr), H5Sclose, "H5Screate_simple");
}
Handle scalar_space() { return Handle(H5Screate(H5S_SCALAR), H5Sclose, "H5Screate"); }

// HDF5 stamps objects with creation/modification times by default; turning that off makes
// two runs with the same result produce byte-identical files.
Handle untimed(hid_t plist_class) {
  Handle plist(H5Pcreate(plist_class), H5Pclose, "H5Pcreate");
  check(H5Pset_obj_track_times(plist, false), "H5Pset_obj_track_times");
  return plist;
}

void write_attribute_raw(hid_t loc, const std::string& name, hid_t file_t, hid_t mem_t, hid_t space,
                         const void* data) {
  Handle a(H5Acreate2(loc, name.c_str(), file_t, space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose,
           "H5Acreate2 " + name);
  check(H5Awrite(a, mem_t, data), "H5Awrite " + name);
}

template <class T>
void write_number_attribute(hid_t loc, const std::string& name, T value) {
  write_attribute_raw(loc, name, file_type<T>(), memory_type<T>(), scalar_space(), &value);
}

Handle create_dataset(hid_t loc, const std::string& name, hid_t file_t, hid_t space) {
  return Handle(H5Dcreate2(loc, name.c_str(), file_t, space, H5P_DEFAULT, untimed(H5P_DATASET_CREATE), H5P_DEFAULT),
                H5Dclose, "H5Dcreate2 " + name);
}

// HDF5 rejects a null buffer even when there is nothing to write; empty datasets skip the write.
void write_dataset(hid_t dataset, const std::string& name, hid_t mem_t, const void* data, std::size_t count) {
  if (count > 0) check(H5Dwrite(dataset, mem_t, H5S_ALL, H5S_ALL, H5P_DEFAULT, data), "H5Dwrite " + name);
}

template <class T>
Handle write_array(hid_t loc, const std::string& name, const std::vector<hsize_t>& dims, const std::vector<T>& flat) {
  Handle d = create_dataset(loc, name, file_type<T>(), simple_space(dims));
  write_dataset(d, name, memory_type<T>(), flat.data(), flat.size());
  return d;
}

template <class T>
Handle write_rows(hid_t loc, const std::string& name, const std::vector<std::vector<T>>& rows, std::size_t cols) {
  std::vector<T> flat;
  flat.reserve(rows.size() * cols);
  for (const auto& row : rows) {
    if (row.size() != cols) throw Error("dataset " + name + ": ragged matrix");
    flat.insert(flat.end(), row.begin(), row.end());
  }
  return write_array(loc, name, {rows.size(), cols}, flat);
}

// Byte layout of one table row: fields packed in column order, no padding.
struct RowLayout {
  std::vector<std::size_t> offsets, widths;
  std::size_t size = 0;
};

std::size_t field_width(const Column& c) {
  return std::visit(
      [](const auto& values) -> std::size_t {
        using T = typename std::decay_t<decltype(values)>::value_type;
        if constexpr (std::is_same_v<T, std::string>) {
          std::size_t w = 1;  // HDF5 has no zero-length fixed strings
          for (const std::string& s : values) w = std::max(w, s.size());
          return w;
        } else {
          return sizeof(T);
        }
      },
      c.values);
}

RowLayout row_layout(const Table& table) {
  RowLayout l;
  for (const Column& c : table.columns) {
    l.offsets.push_back(l.size);
    l.widths.push_back(field_width(c));
    l.size += l.widths.back();
  }
  return l;
}

// The compound type for the table: with in_file, the stored (little-endian) member types,
// otherwise the native ones matching the packed buffer.
Handle compound_type(const Table& table, const RowLayout& l, bool in_file) {
  Handle t(H5Tcreate(H5T_COMPOUND, l.size), H5Tclose, "H5Tcreate");
  for (std::size_t i = 0; i < table.columns.size(); ++i) {
    const Column& c = table.columns[i];
    std::visit(
        [&](const auto& values) {
          using T = typename std::decay_t<decltype(values)>::value_type;
          if constexpr (std::is_same_v<T, std::string>) {
            check(H5Tinsert(t, c.name.c_str(), l.offsets[i], utf8_string_type(l.widths[i])), "H5Tinsert " + c.name);
          } else {
            check(H5Tinsert(t, c.name.c_str(), l.offsets[i], in_file ? file_type<T>() : memory_type<T>()),
                  "H5Tinsert " + c.name);
          }
        },
        c.values);
  }
  return t;
}

std::vector<std::byte> pack_rows(const Table& table, const RowLayout& l) {
  std::vector<std::byte> buffer(table.rows * l.size);  // zeroed: strings end null-padded
  for (std::size_t i = 0; i < table.columns.size(); ++i) {
    std::visit(
        [&](const auto& values) {
          if (values.size() != table.rows) throw Error("column " + table.columns[i].name + ": wrong row count");
          for (std::size_t row = 0; row < table.rows; ++row) {
            std::byte* field = buffer.data() + row * l.size + l.offsets[i];
            if constexpr (std::is_same_v<std::decay_t<decltype(values[row])>, std::string>)
              std::memcpy(field, values[row].data(), values[row].size());
            else
              std::memcpy(field, &values[row], sizeof(values[row]));
          }
        },
        table.columns[i].values);
  }
  return buffer;
}

}  // namespace

Handle::Handle(hid_t id, Closer close, const std::string& what) : id_(id), close_(close) {
  if (id_ < 0) fail(what);
}

Handle::Handle(Handle&& other) noexcept : id_(other.id_), close_(other.close_) { other.id_ = H5I_INVALID_HID; }

Handle::~Handle() {
  if (id_ >= 0) close_(id_);  // errors here cannot be reported; close() is for when they matter
}

void Handle::close() {
  const hid_t id = id_;
  id_ = H5I_INVALID_HID;
  check(close_(id), "closing HDF5 object");
}

void check(herr_t rc, const std::string& what) {
  if (rc < 0) fail(what);
}

QuietErrors::QuietErrors() {
  H5Eget_auto2(H5E_DEFAULT, &func_, &data_);
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
}

QuietErrors::~QuietErrors() { H5Eset_auto2(H5E_DEFAULT, func_, data_); }

// The 1.8 file format keeps attributes over 64 KiB (the touchpoint ids of a scenario with
// thousands of touchpoints) in dense storage; the earliest format refuses them ("object header
// message is too large"). h5py and HDF5 1.8 onward read it.
Handle create_file(const std::filesystem::path& file) {
  const Handle access(H5Pcreate(H5P_FILE_ACCESS), H5Pclose, "H5Pcreate file access");
  check(H5Pset_libver_bounds(access, H5F_LIBVER_V18, H5F_LIBVER_LATEST), "H5Pset_libver_bounds");
  // That format stamps the root group with times unless told not to: results must be the same
  // bytes from the same scenario and seed.
  return Handle(H5Fcreate(file.c_str(), H5F_ACC_TRUNC, untimed(H5P_FILE_CREATE), access), H5Fclose,
                "H5Fcreate " + file.string());
}

Handle create_group(hid_t loc, const std::string& name) {
  return Handle(H5Gcreate2(loc, name.c_str(), H5P_DEFAULT, untimed(H5P_GROUP_CREATE), H5P_DEFAULT), H5Gclose,
                "H5Gcreate2 " + name);
}

void write_attribute(hid_t loc, const std::string& name, std::uint64_t value) { write_number_attribute(loc, name, value); }
void write_attribute(hid_t loc, const std::string& name, std::uint32_t value) { write_number_attribute(loc, name, value); }
void write_attribute(hid_t loc, const std::string& name, double value) { write_number_attribute(loc, name, value); }

void write_attribute(hid_t loc, const std::string& name, bool value) {
  const std::int8_t stored = value ? 1 : 0;
  const Handle type = bool_type();
  write_attribute_raw(loc, name, type, type, scalar_space(), &stored);
}

void write_attribute(hid_t loc, const std::string& name, const std::string& value) {
  const char* text = value.c_str();
  const Handle type = utf8_string_type(H5T_VARIABLE);
  write_attribute_raw(loc, name, type, type, scalar_space(), &text);
}

void write_attribute(hid_t loc, const std::string& name, const std::vector<std::string>& values) {
  std::vector<const char*> texts;
  for (const std::string& v : values) texts.push_back(v.c_str());
  const char* none = "";  // HDF5 wants a buffer even for zero elements
  const Handle type = utf8_string_type(H5T_VARIABLE);
  write_attribute_raw(loc, name, type, type, simple_space({values.size()}), texts.empty() ? &none : texts.data());
}

void write_string(hid_t loc, const std::string& name, const std::string& text) {
  const char* data = text.c_str();
  const Handle type = utf8_string_type(H5T_VARIABLE);
  const Handle d = create_dataset(loc, name, type, scalar_space());
  write_dataset(d, name, type, &data, 1);
}

void write_vector(hid_t loc, const std::string& name, const std::vector<std::uint64_t>& values) {
  write_array(loc, name, {values.size()}, values);
}

Handle write_matrix(hid_t loc, const std::string& name, const std::vector<std::vector<std::uint64_t>>& rows,
                    std::size_t cols) {
  return write_rows(loc, name, rows, cols);
}

Handle write_matrix(hid_t loc, const std::string& name, const std::vector<std::vector<double>>& rows,
                    std::size_t cols) {
  return write_rows(loc, name, rows, cols);
}

void write_table(hid_t loc, const std::string& name, const Table& table) {
  const RowLayout layout = row_layout(table);
  const std::vector<std::byte> buffer = pack_rows(table, layout);
  const Handle d = create_dataset(loc, name, compound_type(table, layout, true), simple_space({table.rows}));
  write_dataset(d, name, compound_type(table, layout, false), buffer.data(), table.rows);
}

Handle open_file(const std::filesystem::path& file) {
  return Handle(H5Fopen(file.c_str(), H5F_ACC_RDWR, H5P_DEFAULT), H5Fclose, "H5Fopen " + file.string());
}

AppendableTable::AppendableTable(hid_t loc, const std::string& name, std::size_t row_size,
                                 const std::vector<Field>& fields, std::size_t chunk_rows)
    : name_(name), row_size_(row_size), chunk_rows_(chunk_rows),
      memory_type_(H5Tcreate(H5T_COMPOUND, row_size), H5Tclose, "H5Tcreate " + name),
      dataset_([&] {
        for (const Field& f : fields)
          check(H5Tinsert(memory_type_, f.name.c_str(), f.offset, f.type), "H5Tinsert " + f.name);
        const hsize_t zero = 0, unlimited = H5S_UNLIMITED, chunk = chunk_rows;
        const Handle space(H5Screate_simple(1, &zero, &unlimited), H5Sclose, "H5Screate_simple");
        Handle plist = untimed(H5P_DATASET_CREATE);
        check(H5Pset_chunk(plist, 1, &chunk), "H5Pset_chunk " + name);
        // Declared so that any reader undoes them; applied by write_chunks, in this order.
        check(H5Pset_shuffle(plist), "H5Pset_shuffle " + name);
        check(H5Pset_deflate(plist, kDeflateLevel), "H5Pset_deflate " + name);
        return Handle(H5Dcreate2(loc, name.c_str(), memory_type_, space, H5P_DEFAULT, plist, H5P_DEFAULT), H5Dclose,
                      "H5Dcreate2 " + name);
      }()) {}

void AppendableTable::append(const void* rows, std::size_t count) {
  const auto* bytes = static_cast<const std::byte*>(rows);
  pending_.insert(pending_.end(), bytes, bytes + count * row_size_);
  rows_ += count;
  const std::size_t full = pending_.size() / (chunk_rows_ * row_size_);
  if (full > 0) write_chunks(full);
}

void AppendableTable::finish() {
  if (!pending_.empty()) {
    pending_.resize(chunk_rows_ * row_size_, std::byte{0});  // a chunk is always whole in the file
    write_chunks(1);
  }
}

void AppendableTable::write_chunks(std::size_t chunks) {
  const std::size_t chunk_bytes = chunk_rows_ * row_size_;
  // HDF5's shuffle filter: byte k of every element, then byte k + 1, ...; then zlib (deflate).
  std::vector<std::vector<Bytef>> compressed(chunks);
  tbb::parallel_for(std::size_t{0}, chunks, [&](std::size_t c) {
    const std::byte* in = pending_.data() + c * chunk_bytes;
    std::vector<Bytef> shuffled(chunk_bytes);
    // In tiles of 64 rows, so that both the rows read and the byte planes written stay in cache.
    constexpr std::size_t kTile = 64;
    for (std::size_t i0 = 0; i0 < chunk_rows_; i0 += kTile) {
      const std::size_t i1 = std::min(chunk_rows_, i0 + kTile);
      for (std::size_t b = 0; b < row_size_; ++b)
        for (std::size_t i = i0; i < i1; ++i) shuffled[b * chunk_rows_ + i] = static_cast<Bytef>(in[i * row_size_ + b]);
    }
    uLongf size = compressBound(static_cast<uLong>(chunk_bytes));
    compressed[c].resize(size);
    if (compress2(compressed[c].data(), &size, shuffled.data(), static_cast<uLong>(chunk_bytes), kDeflateLevel) != Z_OK)
      throw Error("zlib could not compress a chunk of " + name_);
    compressed[c].resize(size);
  });
  const hsize_t extent = std::min<hsize_t>(rows_, (written_chunks_ + chunks) * chunk_rows_);
  check(H5Dset_extent(dataset_, &extent), "H5Dset_extent " + name_);
  for (std::size_t c = 0; c < chunks; ++c, ++written_chunks_) {
    const hsize_t offset = written_chunks_ * chunk_rows_;
    check(H5Dwrite_chunk(dataset_, H5P_DEFAULT, 0, &offset, compressed[c].size(), compressed[c].data()),
          "H5Dwrite_chunk " + name_);
  }
  pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(std::min(pending_.size(), chunks * chunk_bytes)));
}

bool exists(hid_t loc, const std::string& name) {
  const htri_t r = H5Lexists(loc, name.c_str(), H5P_DEFAULT);
  return r > 0 && H5Oexists_by_name(loc, name.c_str(), H5P_DEFAULT) > 0;
}

std::vector<std::string> read_string_list_attribute(hid_t loc, const std::string& object, const std::string& name) {
  if (H5Aexists(loc, name.c_str()) <= 0) throw Error(object + " has no attribute \"" + name + "\"");
  Handle a(H5Aopen(loc, name.c_str(), H5P_DEFAULT), H5Aclose, "open attribute " + name);
  Handle space(H5Aget_space(a), H5Sclose, "attribute space " + name);
  const hssize_t n = H5Sget_simple_extent_npoints(space);
  check(static_cast<herr_t>(n < 0 ? -1 : 0), "attribute size " + name);
  Handle type = utf8_string_type(H5T_VARIABLE);
  std::vector<char*> raw(static_cast<std::size_t>(n), nullptr);
  check(H5Aread(a, type, raw.data()), "read attribute " + name + " (expected a list of strings)");
  std::vector<std::string> out;
  for (char* s : raw) out.emplace_back(s ? s : "");
#if H5_VERSION_GE(1, 12, 0)
  H5Treclaim(type, space, H5P_DEFAULT, raw.data());
#else
  H5Dvlen_reclaim(type, space, H5P_DEFAULT, raw.data());
#endif
  return out;
}

namespace {

// The type of `field` in the compound dataset, checked to be of `kind`.
Handle member_type(hid_t dataset, const std::string& object, const std::string& field, H5T_class_t kind,
                   const char* expected) {
  Handle file_type(H5Dget_type(dataset), H5Tclose, "type of " + object);
  const int index = H5Tget_class(file_type) == H5T_COMPOUND ? H5Tget_member_index(file_type, field.c_str()) : -1;
  if (index < 0) throw Error(object + " has no field \"" + field + "\"");
  Handle member(H5Tget_member_type(file_type, static_cast<unsigned>(index)), H5Tclose, "type of " + object + "." + field);
  if (H5Tget_class(member) != kind || (kind == H5T_STRING && H5Tis_variable_str(member) > 0))
    throw Error(object + " field \"" + field + "\" is not " + expected);
  return member;
}

std::size_t rows_of(hid_t dataset, const std::string& object) {
  Handle space(H5Dget_space(dataset), H5Sclose, "space of " + object);
  if (H5Sget_simple_extent_ndims(space) != 1) throw Error(object + " is not a table (a 1-D dataset)");
  const hssize_t n = H5Sget_simple_extent_npoints(space);
  check(static_cast<herr_t>(n < 0 ? -1 : 0), "size of " + object);
  return static_cast<std::size_t>(n);
}

// Reads one field into `out` (rows x width bytes) through a one-member compound memory type.
void read_field(hid_t dataset, const std::string& object, const std::string& field, hid_t mem_member,
                std::size_t width, void* out) {
  Handle mem(H5Tcreate(H5T_COMPOUND, width), H5Tclose, "H5Tcreate");
  check(H5Tinsert(mem, field.c_str(), 0, mem_member), "H5Tinsert " + field);
  check(H5Dread(dataset, mem, H5S_ALL, H5S_ALL, H5P_DEFAULT, out), "read " + object + " field " + field);
}

}  // namespace

std::vector<std::string> read_string_column(hid_t dataset, const std::string& object, const std::string& field) {
  const std::size_t width = H5Tget_size(member_type(dataset, object, field, H5T_STRING, "a fixed-length string"));
  const std::size_t n = rows_of(dataset, object);
  std::vector<char> raw(n * width);
  if (n > 0) read_field(dataset, object, field, utf8_string_type(width), width, raw.data());
  std::vector<std::string> out;
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    const char* s = raw.data() + i * width;
    out.emplace_back(s, ::strnlen(s, width));  // null-padded, and a full-width value has no NUL
  }
  return out;
}

std::vector<std::uint64_t> read_count_column(hid_t dataset, const std::string& object, const std::string& field) {
  static_cast<void>(member_type(dataset, object, field, H5T_INTEGER, "an integer"));
  std::vector<std::uint64_t> out(rows_of(dataset, object));
  if (!out.empty()) read_field(dataset, object, field, H5T_NATIVE_UINT64, sizeof(std::uint64_t), out.data());
  return out;
}

}  // namespace jsim::h5
