#include "output/journey_export.hpp"

#include <cmath>
#include <cstddef>
#include <system_error>

#include <fmt/compile.h>
#include <fmt/format.h>
#include <tbb/parallel_for.h>
#include <tbb/task_group.h>

#include "model/calendar_time.hpp"
#include "model/error.hpp"
#include "output/atomic_file.hpp"
#include "output/csv_writer.hpp"
#include "output/hdf5_util.hpp"
#include "sim/tally.hpp"

namespace jsim {
namespace {

// One row of /journeys/events and of /journeys/journeys, as stored: the file keeps this layout (no
// conversion on write), so the members are ordered to leave no padding and the spare bytes are
// explicit and zero; otherwise whatever memory held would be written and files would differ.
struct VisitRow {
  std::uint64_t journey, customer;
  std::uint32_t journey_number, step, persona, touchpoint, channel, stage;
  double time, wait, service, order_value;
  std::int8_t silence, context_lost, reneged;
  std::int8_t spare[5];
};
struct JourneyRow {
  std::uint64_t journey, customer;
  std::uint32_t journey_number, persona;
  double order_value, start, end;
  std::uint64_t first_event;
  std::uint32_t events;
  std::uint8_t outcome;
  std::uint8_t spare[3];
};
// The sums of the members' sizes: no padding anywhere.
static_assert(sizeof(VisitRow) == 2 * 8 + 6 * 4 + 4 * 8 + 3 + 5 && sizeof(JourneyRow) == 2 * 8 + 2 * 4 + 3 * 8 + 8 + 4 + 1 + 3,
              "rows must have no padding: every byte is written to the file");

constexpr const char* kOutcomeNames[] = {"converted", "abandoned", "exited", "step_guard", "unfinished"};
constexpr std::size_t kRowsPerWrite = 1 << 14;

std::vector<h5::AppendableTable::Field> visit_fields() {
  return {{"journey", offsetof(VisitRow, journey), H5T_NATIVE_UINT64},
          {"customer", offsetof(VisitRow, customer), H5T_NATIVE_UINT64},
          {"journey_number", offsetof(VisitRow, journey_number), H5T_NATIVE_UINT32},
          {"step", offsetof(VisitRow, step), H5T_NATIVE_UINT32},
          {"persona", offsetof(VisitRow, persona), H5T_NATIVE_UINT32},
          {"touchpoint", offsetof(VisitRow, touchpoint), H5T_NATIVE_UINT32},
          {"channel", offsetof(VisitRow, channel), H5T_NATIVE_UINT32},
          {"stage", offsetof(VisitRow, stage), H5T_NATIVE_UINT32},
          {"time", offsetof(VisitRow, time), H5T_NATIVE_DOUBLE},
          {"wait", offsetof(VisitRow, wait), H5T_NATIVE_DOUBLE},
          {"service", offsetof(VisitRow, service), H5T_NATIVE_DOUBLE},
          {"order_value", offsetof(VisitRow, order_value), H5T_NATIVE_DOUBLE},
          {"silence", offsetof(VisitRow, silence), H5T_NATIVE_INT8},
          {"context_lost", offsetof(VisitRow, context_lost), H5T_NATIVE_INT8},
          {"reneged", offsetof(VisitRow, reneged), H5T_NATIVE_INT8}};
}

std::vector<h5::AppendableTable::Field> journey_fields() {
  return {{"journey", offsetof(JourneyRow, journey), H5T_NATIVE_UINT64},
          {"customer", offsetof(JourneyRow, customer), H5T_NATIVE_UINT64},
          {"journey_number", offsetof(JourneyRow, journey_number), H5T_NATIVE_UINT32},
          {"persona", offsetof(JourneyRow, persona), H5T_NATIVE_UINT32},
          {"outcome", offsetof(JourneyRow, outcome), H5T_NATIVE_UINT8},
          {"order_value", offsetof(JourneyRow, order_value), H5T_NATIVE_DOUBLE},
          {"start", offsetof(JourneyRow, start), H5T_NATIVE_DOUBLE},
          {"end", offsetof(JourneyRow, end), H5T_NATIVE_DOUBLE},
          {"events", offsetof(JourneyRow, events), H5T_NATIVE_UINT32},
          {"first_event", offsetof(JourneyRow, first_event), H5T_NATIVE_UINT64}};
}

}  // namespace

// The HDF5 part: the file, its /journeys group and the two growing tables with their buffers.
struct JourneyExport::Hdf5Part {
  h5::QuietErrors quiet;
  h5::Handle file, group;
  h5::AppendableTable visits, journeys;
  std::vector<VisitRow> visit_rows;
  std::vector<JourneyRow> journey_rows;

  explicit Hdf5Part(const std::filesystem::path& path)
      : file(h5::create_file(path)), group(h5::create_group(file, "journeys")),
        visits(group, "events", sizeof(VisitRow), visit_fields()),
        journeys(group, "journeys", sizeof(JourneyRow), journey_fields()) {}

  void flush() {
    visits.append(visit_rows.data(), visit_rows.size());
    journeys.append(journey_rows.data(), journey_rows.size());
    visit_rows.clear(), journey_rows.clear();
  }
};

JourneyExport::JourneyExport(const Scenario& s, const std::filesystem::path& dir, const JourneyExportOptions& options)
    : s_(s), dir_(dir), paths_(options.path_level) {
  std::filesystem::create_directories(dir);
  h5_tmp_ = temporary_path(dir / "results.h5");
  events_tmp_ = temporary_path(dir / "events.csv");
  h5_ = std::make_unique<Hdf5Part>(h5_tmp_);

  const hid_t g = h5_->group;
  std::vector<std::string> tps, kinds, channels, stages, personas;
  std::vector<std::uint64_t> tp_channel, tp_stage;
  for (const Touchpoint& tp : s.touchpoints) {
    tps.push_back(tp.id), kinds.push_back(to_string(tp.kind));
    tp_channel.push_back(tp.channel), tp_stage.push_back(tp.stage);
  }
  for (const Channel& c : s.channels) channels.push_back(c.id);
  for (const Persona& p : s.personas) personas.push_back(p.id);
  h5::write_attribute(g, "touchpoints", tps);
  h5::write_attribute(g, "touchpoint_kinds", kinds);
  h5::write_attribute(g, "channels", channels);
  h5::write_attribute(g, "stages", s.stages);
  h5::write_attribute(g, "personas", personas);
  h5::write_attribute(g, "outcomes", std::vector<std::string>(std::begin(kOutcomeNames), std::end(kOutcomeNames)));
  h5::write_attribute(g, "start", format_iso8601(s.start));
  h5::write_attribute(g, "sample_fraction", options.sample);
  h5::write_attribute(g, "max_journeys", options.max_journeys);
  h5::write_attribute(g, "path_level", options.path_level == data::PathLevel::Channel ? "channel" : "touchpoint");
  h5::write_vector(g, "touchpoint_channel", tp_channel);
  h5::write_vector(g, "touchpoint_stage", tp_stage);

  events_ = std::fopen(events_tmp_.c_str(), "wb");
  if (events_ == nullptr) throw Error("cannot create " + events_tmp_.string());
  write_events(
      "case:concept:name,concept:name,time:timestamp,customer,journey_number,step,persona,channel,stage,wait,service,"
      "order_value,silence,context_lost,reneged,touchpoint_kind,case:outcome,case:order_value\n");

  for (const Touchpoint& tp : s.touchpoints) {
    touchpoint_text_.push_back(csv_field(tp.id));
    channel_text_.push_back(csv_field(s.channels[tp.channel].id));
    stage_text_.push_back(csv_field(s.stages[tp.stage]));
    kind_text_.push_back(to_string(tp.kind));
  }
  for (const Persona& p : s.personas) persona_text_.push_back(csv_field(p.id));

  // Path states in scenario order, so state ids do not depend on which journey came first.
  for (const Touchpoint& tp : s.touchpoints)
    path_state_.push_back(options.path_level == data::PathLevel::Channel
                              ? paths_.state(s.channels[tp.channel].id)
                              : paths_.state(tp.id, s.channels[tp.channel].id));
}

JourneyExport::~JourneyExport() {
  if (events_ != nullptr) std::fclose(events_);
  h5_.reset();
  if (finished_) return;
  std::error_code ignored;
  std::filesystem::remove(h5_tmp_, ignored);
  std::filesystem::remove(events_tmp_, ignored);
}

void JourneyExport::write(std::span<const RecordedJourney> journeys, std::span<const RecordedVisit> visits) {
  for (const RecordedJourney& j : journeys) {
    const std::uint64_t id = journeys_++;
    h5_->journey_rows.push_back(JourneyRow{id, j.customer, j.journey_number, j.persona, j.order_value, j.start, j.end,
                                           visits_, static_cast<std::uint32_t>(j.visits), j.outcome, {}});
    // The path: touches before the first purchase, conversion and exit touchpoints skipped.
    touches_.clear();
    bool converted = false;
    double value = 0.0;
    for (std::size_t i = j.first_visit; i < j.first_visit + j.visits; ++i) {
      const RecordedVisit& v = visits[i];
      const Touchpoint& tp = s_.touchpoints[v.touchpoint];
      h5_->visit_rows.push_back(VisitRow{id, v.customer, v.journey_number, v.step, v.persona, v.touchpoint,
                                                  tp.channel, tp.stage, v.time, v.wait, v.service, v.order_value,
                                                  static_cast<std::int8_t>((v.flags & TracedVisit::kSilence) != 0),
                                                  static_cast<std::int8_t>((v.flags & TracedVisit::kContextLost) != 0),
                                                  static_cast<std::int8_t>((v.flags & TracedVisit::kReneged) != 0), {}});
      ++visits_;
      if (converted) continue;
      if (tp.kind == TouchpointKind::Conversion) {
        converted = true;
        value = v.order_value;
      } else if (tp.kind == TouchpointKind::Regular) {
        touches_.push_back(path_state_[v.touchpoint]);
      }
    }
    paths_.add(touches_, converted, value);
  }

  // events.csv text is the costly part: blocks of journeys are formatted in parallel into their
  // own buffers and appended in order, so the file does not depend on the thread count.
  constexpr std::size_t kJourneysPerBlock = 2048;
  const std::size_t blocks = (journeys.size() + kJourneysPerBlock - 1) / kJourneysPerBlock;
  text_blocks_.resize(std::max(text_blocks_.size(), blocks));
  // HDF5 (not thread-safe, so one task) compresses its rows while the other threads format text.
  tbb::task_group hdf5;
  if (h5_->visit_rows.size() >= kRowsPerWrite || h5_->journey_rows.size() >= kRowsPerWrite) hdf5.run([&] { h5_->flush(); });
  tbb::parallel_for(std::size_t{0}, blocks, [&](std::size_t b) {
    fmt::memory_buffer& out = text_blocks_[b];
    out.clear();
    char stamp[kIso8601Length];
    const auto end = std::min(journeys.size(), (b + 1) * kJourneysPerBlock);
    for (std::size_t k = b * kJourneysPerBlock; k < end; ++k) {
      const RecordedJourney& j = journeys[k];
      const std::string_view outcome = kOutcomeNames[j.outcome];
      const std::string& persona = persona_text_[j.persona];
      for (std::size_t i = j.first_visit; i < j.first_visit + j.visits; ++i) {
        const RecordedVisit& v = visits[i];
        write_iso8601(s_.start + v.time, stamp);
        fmt::format_to(std::back_inserter(out), FMT_COMPILE("c{}-j{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n"),
                       j.customer, j.journey_number, touchpoint_text_[v.touchpoint],
                       std::string_view(stamp, kIso8601Length), v.customer, v.journey_number, v.step, persona,
                       channel_text_[v.touchpoint], stage_text_[v.touchpoint], v.wait, v.service, v.order_value,
                       (v.flags & TracedVisit::kSilence) ? 1 : 0, (v.flags & TracedVisit::kContextLost) ? 1 : 0,
                       (v.flags & TracedVisit::kReneged) ? 1 : 0, kind_text_[v.touchpoint], outcome, j.order_value);
      }
    }
  });
  hdf5.wait();
  for (std::size_t b = 0; b < blocks; ++b) write_events({text_blocks_[b].data(), text_blocks_[b].size()});
}

void JourneyExport::write_events(std::string_view text) {
  if (std::fwrite(text.data(), 1, text.size(), events_) != text.size())
    throw Error("write error on " + events_tmp_.string());
}

std::filesystem::path JourneyExport::finish() {
  h5_->flush();
  h5_->visits.finish();
  h5_->journeys.finish();
  h5_->file.close();
  h5_.reset();
  const bool closed = std::fclose(events_) == 0;
  events_ = nullptr;
  if (!closed) throw Error("write error on " + events_tmp_.string());
  commit_file_atomically(events_tmp_, dir_ / "events.csv");

  path_data_ = paths_.take();
  const data::PathData& d = path_data_;
  std::string text = "path,total_conversions,total_conversion_value,total_null\n";
  // Journeys with no touch before they ended (entered at a conversion or exit touchpoint) keep
  // an empty path, as in /journeys: attribution reports their conversions as unassigned.
  for (const data::DistinctPath& p : d.paths)
    fmt::format_to(std::back_inserter(text), "{},{},{},{}\n", csv_field(data::path_text(d, p)), p.conversions,
                   std::round(p.value * 100.0) / 100.0, p.nulls);  // money to the cent
  write_text_atomically(dir_ / "paths.csv", text);
  finished_ = true;
  return h5_tmp_;
}

}  // namespace jsim
