#include "data/results_flow.hpp"

#include <hdf5.h>

#include <algorithm>
#include <cstddef>
#include <unordered_map>
#include <utility>

#include "model/error.hpp"
#include "output/hdf5_util.hpp"

namespace jsim::data {
namespace {

using h5::Handle;

Handle open_dataset(hid_t file, const std::string& name) {
  if (!h5::exists(file, name)) throw Error("no /" + name + " dataset; expected a results.h5 from `jsim run --out`");
  return Handle(H5Dopen2(file, name.c_str(), H5P_DEFAULT), H5Dclose, "open /" + name);
}

void read_touchpoints(hid_t file, FlowCounts& c) {
  Handle d = open_dataset(file, "touchpoints");
  c.touchpoints = h5::read_string_column(d, "/touchpoints", "id");
  c.visits = h5::read_count_column(d, "/touchpoints", "visits");
  c.abandonments = h5::read_count_column(d, "/touchpoints", "abandonments");
  c.conversions = h5::read_count_column(d, "/touchpoints", "conversions");
}

// /flow names touchpoints by id; the moves become indices into /touchpoints, in (from, to) order.
void read_flow(hid_t file, FlowCounts& c) {
  Handle d = open_dataset(file, "flow");
  const std::vector<std::string> from = h5::read_string_column(d, "/flow", "from");
  const std::vector<std::string> to = h5::read_string_column(d, "/flow", "to");
  const std::vector<std::uint64_t> count = h5::read_count_column(d, "/flow", "count");
  std::unordered_map<std::string, std::uint32_t> index;
  for (std::size_t i = 0; i < c.touchpoints.size(); ++i) index.emplace(c.touchpoints[i], static_cast<std::uint32_t>(i));
  const auto at = [&](const std::string& id) {
    const auto found = index.find(id);
    if (found == index.end()) throw Error("/flow names touchpoint \"" + id + "\", which /touchpoints does not list");
    return found->second;
  };
  for (std::size_t i = 0; i < count.size(); ++i) c.moves.push_back({at(from[i]), at(to[i]), count[i]});
  std::sort(c.moves.begin(), c.moves.end());
}

FlowCounts read(const std::filesystem::path& file) {
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) throw Error("file not found; expected a results.h5 from `jsim run --out`");
  if (H5Fis_hdf5(file.c_str()) <= 0) throw Error("not an HDF5 file; expected a results.h5 from `jsim run --out`");
  Handle f(H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose, "open " + file.string());
  FlowCounts c;
  read_touchpoints(f, c);
  read_flow(f, c);
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
