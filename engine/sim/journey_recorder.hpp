#pragma once
// The journey recorder: turns the threads' raw traces into complete journeys, in an order that
// depends only on the scenario and seed, and streams them to a JourneySink.
//
// The simulation drains every trace at points that do not depend on the thread count (after
// each block of customers in untimed runs, after each time window in timed runs). A drain sorts
// the new visits by (customer, visit), holds them until their journey ends, and emits the
// journeys that ended in that drain ordered by (customer, journey number). Memory therefore
// follows journeys in flight, not journeys written.
#include <cstdint>
#include <span>
#include <unordered_map>
#include <vector>

#include "model/scenario.hpp"
#include "sim/journey_trace.hpp"

namespace jsim {

// One visit of a recorded journey, as written.
struct RecordedVisit {
  std::uint64_t customer = 0;
  std::uint32_t journey_number = 0;  // 1-based per customer
  std::uint32_t step = 0;            // 0-based visit index within the journey
  Index persona = 0, touchpoint = 0;
  double time = 0.0, wait = 0.0, service = 0.0;
  double order_value = 0.0;          // 0 except at a purchase
  std::uint8_t flags = 0;            // TracedVisit::kSilence | kContextLost | kReneged
};

struct RecordedJourney {
  std::uint64_t customer = 0;
  std::uint32_t journey_number = 0;
  Index persona = 0;
  std::uint8_t outcome = 0;          // Tally::kConverted ... kUnfinished
  double order_value = 0.0;          // sum of its purchases
  double start = 0.0, end = 0.0;
  std::size_t first_visit = 0, visits = 0;  // its visits: [first_visit, first_visit + visits) of the batch
};

// Where recorded journeys go (files, a path counter, a test). Called from one thread.
class JourneySink {
 public:
  virtual ~JourneySink() = default;
  virtual void write(std::span<const RecordedJourney> journeys, std::span<const RecordedVisit> visits) = 0;
};

// The run's journey collection settings (off when sink is null).
struct JourneyCollection {
  JourneySink* sink = nullptr;
  double sample = 1.0;             // share of customers recorded, chosen by customer id
  std::uint64_t max_journeys = 0;  // stop after this many journeys; 0 = no limit
};

// Whether a customer is in the sample: a hash of the id alone, so every design and every seed
// records the same customers.
[[nodiscard]] bool in_journey_sample(std::uint64_t customer, double sample);

class JourneyRecorder {
 public:
  explicit JourneyRecorder(const JourneyCollection& c) : c_(c) {}

  // Takes (and clears) the records of these traces; emits the journeys that ended.
  void drain(std::span<JourneyTrace* const> traces);
  [[nodiscard]] std::uint64_t written() const { return written_; }
  [[nodiscard]] bool full() const { return c_.max_journeys > 0 && written_ >= c_.max_journeys; }

 private:
  JourneyCollection c_;
  std::uint64_t written_ = 0;
  std::unordered_map<std::uint64_t, std::vector<TracedVisit>> open_;  // customer -> visits of its open journey(s)
  std::vector<TracedVisit> visits_;
  std::vector<TracedOrder> orders_;
  std::vector<TracedJourneyEnd> ends_;
  std::vector<RecordedJourney> out_journeys_;
  std::vector<RecordedVisit> out_visits_;
  std::unordered_map<std::uint64_t, std::vector<TracedOrder>> open_orders_;  // purchases of open journeys
};

}  // namespace jsim
