#include "data/results_flow.hpp"

#include <hdf5.h>

#include <cstddef>

#include "model/error.hpp"
#include "output/hdf5_util.hpp"

namespace jsim::data {
namespace {

using h5::check;
using h5::Handle;

hsize_t rows_of(hid_t dataset, int rank, const std::string& name, hsize_t* dims) {
  Handle space(H5Dget_space(dataset), H5Sclose, "space of " + name);
  if (H5Sget_simple_extent_ndims(space) != rank) throw Error(name + " has an unexpected shape");
  check(H5Sget_simple_extent_dims(space, dims, nullptr), "size of " + name);
  return dims[0];
}

Handle open_dataset(hid_t file, const std::string& name) {
  if (!h5::exists(file, name)) throw Error("no /" + name + " dataset; expected a results.h5 from `jsim run --out`");
  return Handle(H5Dopen2(file, name.c_str(), H5P_DEFAULT), H5Dclose, "open /" + name);
}

// The counting columns of /touchpoints (a compound table; fields picked by name).
struct TouchpointCounts {
  std::uint64_t visits, abandonments, conversions;
};

void read_touchpoints(hid_t file, FlowCounts& c) {
  Handle d = open_dataset(file, "touchpoints");
  hsize_t dims[1] = {0};
  const hsize_t n = rows_of(d, 1, "/touchpoints", dims);
  Handle file_type(H5Dget_type(d), H5Tclose, "type of /touchpoints");
  Handle t(H5Tcreate(H5T_COMPOUND, sizeof(TouchpointCounts)), H5Tclose, "H5Tcreate");
  for (const auto& [field, offset] : {std::pair{"visits", offsetof(TouchpointCounts, visits)},
                                      std::pair{"abandonments", offsetof(TouchpointCounts, abandonments)},
                                      std::pair{"conversions", offsetof(TouchpointCounts, conversions)}}) {
    if (H5Tget_class(file_type) != H5T_COMPOUND || H5Tget_member_index(file_type, field) < 0)
      throw Error("/touchpoints has no field \"" + std::string(field) + "\"");
    check(H5Tinsert(t, field, offset, H5T_NATIVE_UINT64), "H5Tinsert");
  }
  std::vector<TouchpointCounts> rows(n);
  if (n > 0) check(H5Dread(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, rows.data()), "read /touchpoints");
  for (const TouchpointCounts& r : rows) {
    c.visits.push_back(r.visits);
    c.abandonments.push_back(r.abandonments);
    c.conversions.push_back(r.conversions);
  }
}

void read_flow(hid_t file, FlowCounts& c) {
  Handle d = open_dataset(file, "flow");
  c.touchpoints = h5::read_string_list_attribute(d, "/flow", "touchpoints");
  hsize_t dims[2] = {0, 0};
  rows_of(d, 2, "/flow", dims);
  const std::size_t n = c.touchpoints.size();
  if (dims[0] != n || dims[1] != n) throw Error("/flow is not square in its touchpoints");
  std::vector<std::uint64_t> flat(n * n);
  if (n > 0) check(H5Dread(d, H5T_NATIVE_UINT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, flat.data()), "read /flow");
  for (std::size_t i = 0; i < n; ++i) c.moves.emplace_back(flat.begin() + i * n, flat.begin() + (i + 1) * n);
}

FlowCounts read(const std::filesystem::path& file) {
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) throw Error("file not found; expected a results.h5 from `jsim run --out`");
  if (H5Fis_hdf5(file.c_str()) <= 0) throw Error("not an HDF5 file; expected a results.h5 from `jsim run --out`");
  Handle f(H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose, "open " + file.string());
  FlowCounts c;
  read_flow(f, c);
  read_touchpoints(f, c);
  if (c.visits.size() != c.touchpoints.size())
    throw Error("/touchpoints and /flow disagree on the number of touchpoints");
  return c;
}

}  // namespace

FlowCounts flow_counts(const RunResult& r) {
  FlowCounts c;
  for (const TouchpointRow& t : r.touchpoints) {
    c.touchpoints.push_back(t.id);
    c.visits.push_back(t.visits);
    c.abandonments.push_back(t.abandonments);
    c.conversions.push_back(t.conversions);
  }
  c.moves = r.flow;
  return c;
}

std::filesystem::path results_file(const std::filesystem::path& path) {
  std::error_code ec;
  return std::filesystem::is_directory(path, ec) ? path / "results.h5" : path;
}

FlowCounts read_results_flow(const std::filesystem::path& path) {
  const std::filesystem::path file = results_file(path);
  const h5::QuietErrors quiet;
  try {
    return read(file);
  } catch (const Error& e) {
    // Everything wrong here is about the input file: report it as such (the CLI exits 2).
    throw ScenarioError({Diagnostic{file.string(), 0, 0, e.what()}});
  }
}

}  // namespace jsim::data
