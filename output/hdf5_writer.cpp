#include "output/hdf5_writer.hpp"

#include <system_error>

#include "output/atomic_file.hpp"
#include "output/hdf5_util.hpp"
#include "output/result_tables.hpp"

namespace jsim {
namespace {

std::vector<std::string> touchpoint_ids(const RunResult& r) {
  std::vector<std::string> ids;
  for (const TouchpointRow& t : r.touchpoints) ids.push_back(t.id);
  return ids;
}

// How the run ran (threads, wall time) is deliberately absent (run_info.json has it): the file is
// then byte-for-byte reproducible from scenario and seed, whatever the thread count.
void write_root_attributes(hid_t root, const RunResult& r) {
  h5::write_attribute(root, "scenario", r.scenario);
  h5::write_attribute(root, "source_file", r.source_file);
  h5::write_attribute(root, "settings", r.settings);
  h5::write_attribute(root, "seed", r.seed);
  h5::write_attribute(root, "agents", r.agents);
  h5::write_attribute(root, "jsim_version", kJsimVersion);
  h5::write_attribute(root, "format_version", kResultsFormatVersion);
  h5::write_attribute(root, "timed", r.timed);
  h5::write_attribute(root, "horizon_seconds", r.horizon_seconds);
}

void write_persona_visits(hid_t root, const RunResult& r) {
  std::vector<std::vector<std::uint64_t>> visits;
  std::vector<std::string> persona_ids;
  for (const PersonaRow& p : r.personas) {
    visits.push_back(p.visits);
    persona_ids.push_back(p.id);
  }
  const h5::Handle d = h5::write_matrix(root, "persona_visits", visits, r.touchpoints.size());
  h5::write_attribute(d, "personas", persona_ids);
  h5::write_attribute(d, "touchpoints", touchpoint_ids(r));
}

void write_time_series(hid_t root, const TimeSeries& s) {
  const h5::Handle g = h5::create_group(root, "time_series");
  h5::write_attribute(g, "period_seconds", s.period);
  h5::write_vector(g, "arrivals", s.arrivals);
  h5::write_vector(g, "conversions", s.conversions);
  h5::write_vector(g, "abandonments", s.abandonments);
  const h5::Handle q = h5::write_matrix(g, "queue_length", s.queue_length, s.arrivals.size());
  h5::write_attribute(q, "touchpoints", s.queue_touchpoints);
}

void write_contents(const RunResult& r, const std::filesystem::path& tmp, bool add_to_existing, const Table* replications) {
  const h5::QuietErrors quiet;
  h5::Handle file = add_to_existing ? h5::open_file(tmp) : h5::create_file(tmp);
  write_root_attributes(file, r);
  h5::write_string(file, "scenario_yaml", r.source_text);
  h5::write_table(file, "summary", summary_table(r));
  h5::write_table(file, "touchpoints", touchpoint_table(r));
  h5::write_table(file, "personas", persona_table(r));
  h5::write_table(file, "channels", channel_table(r));
  write_persona_visits(file, r);
  h5::write_table(file, "flow", flow_table(r));
  if (r.timed) write_time_series(file, r.series);
  if (replications != nullptr) h5::write_table(file, "replications", *replications);
  file.close();  // every other handle is closed by now, so this really releases the file
}

}  // namespace

void write_hdf5(const RunResult& r, const std::filesystem::path& file, const Table* replications) {
  write_file_atomically(file, [&](const std::filesystem::path& tmp) {
    check_shape(r);
    write_contents(r, tmp, false, replications);
  });
}

void write_hdf5(const RunResult& r, const std::filesystem::path& file, const std::filesystem::path& part,
                const Table* replications) {
  try {
    write_file_atomically(file, [&](const std::filesystem::path& tmp) {
      check_shape(r);
      if (tmp != part) std::filesystem::rename(part, tmp);
      write_contents(r, tmp, true, replications);
    });
  } catch (...) {
    std::error_code ignored;
    std::filesystem::remove(part, ignored);
    throw;
  }
}

}  // namespace jsim
