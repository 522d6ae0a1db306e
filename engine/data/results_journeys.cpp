#include "data/results_journeys.hpp"

#include <hdf5.h>

#include <algorithm>
#include <cmath>
#include <cstddef>

#include "model/error.hpp"
#include "output/hdf5_util.hpp"

namespace jsim::data {

namespace {

using h5::check;
using h5::Handle;

// The fields the path rule needs; HDF5 picks them out of the stored compounds by name.
struct EventRow {
  std::uint64_t journey;
  std::uint32_t touchpoint, channel;
  double time, order_value;
};
struct JourneyRow {
  std::uint64_t journey, first_event;
  std::uint32_t events;
};

Handle open_dataset(hid_t group, const std::string& name) {
  if (!h5::exists(group, name)) throw Error("/journeys has no dataset \"" + name + "\"");
  return Handle(H5Dopen2(group, name.c_str(), H5P_DEFAULT), H5Dclose, "open /journeys/" + name);
}

hsize_t length(hid_t dataset, const std::string& name) {
  Handle space(H5Dget_space(dataset), H5Sclose, "space of " + name);
  if (H5Sget_simple_extent_ndims(space) != 1) throw Error("/journeys/" + name + " is not one-dimensional");
  hsize_t n = 0;
  check(H5Sget_simple_extent_dims(space, &n, nullptr), "size of " + name);
  return n;
}

std::vector<std::uint32_t> u32_dataset(hid_t group, const std::string& name) {
  Handle d = open_dataset(group, name);
  std::vector<std::uint32_t> v(length(d, name));
  if (!v.empty()) check(H5Dread(d, H5T_NATIVE_UINT32, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data()), "read " + name);
  return v;
}

// A memory compound of the given fields; each must be present in the dataset's own type.
struct Field {
  const char* name;
  std::size_t offset;
  hid_t type;
};
Handle compound(hid_t dataset, const std::string& name, std::size_t size, std::initializer_list<Field> fields) {
  Handle file_type(H5Dget_type(dataset), H5Tclose, "type of " + name);
  if (H5Tget_class(file_type) != H5T_COMPOUND) throw Error("/journeys/" + name + " is not a compound dataset");
  Handle t(H5Tcreate(H5T_COMPOUND, size), H5Tclose, "H5Tcreate");
  for (const auto& f : fields) {
    if (H5Tget_member_index(file_type, f.name) < 0)
      throw Error("/journeys/" + name + " has no field \"" + std::string(f.name) + "\"");
    check(H5Tinsert(t, f.name, f.offset, f.type), "H5Tinsert");
  }
  return t;
}

// Reads rows [start, start + count) of a 1-D dataset into out.
template <class Row>
void read_rows(hid_t dataset, hid_t mem_type, hsize_t start, hsize_t count, std::vector<Row>& out, const std::string& name) {
  out.resize(count);
  Handle file_space(H5Dget_space(dataset), H5Sclose, "space of " + name);
  check(H5Sselect_hyperslab(file_space, H5S_SELECT_SET, &start, nullptr, &count, nullptr), "select rows of " + name);
  Handle mem_space(H5Screate_simple(1, &count, nullptr), H5Sclose, "H5Screate_simple");
  check(H5Dread(dataset, mem_type, mem_space, file_space, H5P_DEFAULT, out.data()), "read /journeys/" + name);
}

// Hands out the rows of a dataset one at a time, holding one chunk of them.
template <class Row>
class RowStream {
 public:
  RowStream(hid_t dataset, hid_t type, hsize_t rows, hsize_t chunk, std::string name)
      : dataset_(dataset), type_(type), rows_(rows), chunk_(chunk), name_(std::move(name)) {}
  [[nodiscard]] bool done() const { return next_ >= rows_; }
  const Row& next() {
    if (at_ == buffer_.size()) {
      read_rows(dataset_, type_, next_, std::min(chunk_, rows_ - next_), buffer_, name_);
      at_ = 0;
    }
    ++next_;
    return buffer_[at_++];
  }
  [[nodiscard]] hsize_t position() const { return next_; }

 private:
  hid_t dataset_, type_;
  hsize_t rows_, chunk_, next_ = 0;
  std::size_t at_ = 0;
  std::vector<Row> buffer_;
  std::string name_;
};

PathData read(const std::filesystem::path& path, PathLevel level, std::optional<double> half_life, hsize_t chunk) {
  const std::string file = path.string();
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) throw Error("file not found; expected a results.h5 from `jsim run`");
  if (H5Fis_hdf5(file.c_str()) <= 0) throw Error("not an HDF5 file; expected a results.h5 from `jsim run`");
  Handle f(H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose, "open " + file);
  if (!h5::exists(f, "journeys"))
    throw Error("no /journeys group: this run did not record journeys; run `jsim run --journeys` to record them");
  Handle g(H5Gopen2(f, "journeys", H5P_DEFAULT), H5Gclose, "open /journeys");

  const auto touchpoints = h5::read_string_list_attribute(g, "/journeys", "touchpoints");
  const auto kinds = h5::read_string_list_attribute(g, "/journeys", "touchpoint_kinds");
  const auto channels = h5::read_string_list_attribute(g, "/journeys", "channels");
  const auto tp_channel = u32_dataset(g, "touchpoint_channel");
  if (kinds.size() != touchpoints.size() || tp_channel.size() != touchpoints.size())
    throw Error("/journeys: touchpoints, touchpoint_kinds and touchpoint_channel differ in length");
  for (const auto c : tp_channel)
    if (c >= channels.size()) throw Error("/journeys/touchpoint_channel names channel " + std::to_string(c) + " of " +
                                          std::to_string(channels.size()));

  Handle events = open_dataset(g, "events");
  Handle journeys = open_dataset(g, "journeys");
  Handle event_type = compound(events, "events", sizeof(EventRow),
                               {{"journey", offsetof(EventRow, journey), H5T_NATIVE_UINT64},
                                {"touchpoint", offsetof(EventRow, touchpoint), H5T_NATIVE_UINT32},
                                {"channel", offsetof(EventRow, channel), H5T_NATIVE_UINT32},
                                {"time", offsetof(EventRow, time), H5T_NATIVE_DOUBLE},
                                {"order_value", offsetof(EventRow, order_value), H5T_NATIVE_DOUBLE}});
  Handle journey_type = compound(journeys, "journeys", sizeof(JourneyRow),
                                 {{"journey", offsetof(JourneyRow, journey), H5T_NATIVE_UINT64},
                                  {"first_event", offsetof(JourneyRow, first_event), H5T_NATIVE_UINT64},
                                  {"events", offsetof(JourneyRow, events), H5T_NATIVE_UINT32}});
  const hsize_t n_events = length(events, "events"), n_journeys = length(journeys, "journeys");

  // States are named in the accumulator when first used, so their order is that of first use.
  PathAccumulator acc(level, half_life);
  std::vector<std::optional<State>> tp_state(touchpoints.size()), channel_state(channels.size());
  std::vector<State> touches;
  std::vector<double> times;
  RowStream<EventRow> ev(events, event_type, n_events, chunk, "events");
  RowStream<JourneyRow> js(journeys, journey_type, n_journeys, chunk, "journeys");
  while (!js.done()) {
    const hsize_t row = js.position();
    const JourneyRow j = js.next();
    if (j.first_event != ev.position() || j.events > n_events - ev.position())
      throw Error("/journeys/journeys row " + std::to_string(row) + " says its events start at row " +
                  std::to_string(j.first_event) + " (" + std::to_string(j.events) +
                  " of them); expected them right after the previous journey's, at row " + std::to_string(ev.position()));
    touches.clear();
    times.clear();
    bool converted = false;
    double value = 0.0, conversion_time = 0.0;
    // Every event of the journey is consumed, even after its conversion, to stay in step.
    for (std::uint32_t k = 0; k < j.events; ++k) {
      const EventRow& e = ev.next();
      if (e.journey != row)
        throw Error("/journeys/events row " + std::to_string(ev.position() - 1) + " belongs to journey " +
                    std::to_string(e.journey) + "; expected journey " + std::to_string(row));
      if (converted) continue;
      if (e.touchpoint >= touchpoints.size() || e.channel >= channels.size())
        throw Error("/journeys/events row " + std::to_string(ev.position() - 1) + " names touchpoint " +
                    std::to_string(e.touchpoint) + " / channel " + std::to_string(e.channel) + " beyond the lists");
      const std::string& kind = kinds[e.touchpoint];
      if (kind == "conversion") {
        converted = true;
        value = e.order_value;
        conversion_time = e.time;
        continue;
      }
      if (kind == "exit") continue;
      State s;
      if (level == PathLevel::Channel) {
        auto& cs = channel_state[e.channel];
        if (!cs) cs = acc.state(channels[e.channel]);
        s = *cs;
      } else {
        auto& ts = tp_state[e.touchpoint];
        if (!ts) ts = acc.state(touchpoints[e.touchpoint], channels[tp_channel[e.touchpoint]]);
        s = *ts;
      }
      touches.push_back(s);
      times.push_back(e.time);
    }
    acc.add(touches, converted, value, 1, times, conversion_time);
  }
  if (!ev.done())
    throw Error("/journeys/events has " + std::to_string(n_events - ev.position()) +
                " rows after the last journey's events; expected none");
  return acc.take();
}

}  // namespace

PathData read_results_journeys(const std::filesystem::path& file, PathLevel level, std::optional<double> half_life,
                               std::size_t chunk_rows) {
  if (half_life && !(*half_life > 0.0 && std::isfinite(*half_life)))
    throw Error("half-life must be a positive number of seconds");
  const h5::QuietErrors quiet;
  try {
    return read(file, level, half_life, std::max<hsize_t>(chunk_rows, 1));
  } catch (const ScenarioError&) {
    throw;
  } catch (const Error& e) {
    // Everything wrong here is about the input file: report it as such (the CLI exits 2).
    throw ScenarioError({Diagnostic{file.string(), 0, 0, e.what()}});
  }
}

}  // namespace jsim::data
