// Fuzz target: an event log (CSV) through both readers: read_event_log (attribution paths) and
// read_journey_log (whole journeys), with the options `jsim attribute` / `jsim discover` use on
// the simulator's events.csv layout.
#include <cstddef>
#include <cstdint>
#include <filesystem>

#include "data/event_log.hpp"
#include "data/journey_log.hpp"
#include "fuzz_input_file.hpp"
#include "model/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::filesystem::path file = jsim::fuzz::input_file(data, size, ".events.csv");
  try {
    jsim::data::EventLogOptions options;
    options.kind_column = "touchpoint_kind";
    options.outcome_column = "case:outcome";
    options.value_column = "order_value";
    (void)jsim::data::read_event_log(file, options);
  } catch (const jsim::Error&) {
  }
  try {
    (void)jsim::data::read_journey_log(file, jsim::data::JourneyLogOptions{});
  } catch (const jsim::Error&) {
  }
  return 0;
}
