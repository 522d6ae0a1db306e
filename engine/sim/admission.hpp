#pragma once
// What a touchpoint's admission policy decided for one customer arriving there. Today one
// policy exists, the FIFO queue with reneging (ServerPool::admit, capacity_queue.hpp); the
// kernel applies an outcome with one switch (JourneyKernel::after_queue), so a new mechanism is
// a new policy function producing an outcome, plus its case there.
#include <cstdint>

namespace jsim {

enum class Admission : std::uint8_t {
  Served,     // waited (maybe 0) and was served
  Reneged,    // waited, lost patience and left unserved
  // Reserved for policies not written yet; no mechanism produces them today. Until one does
  // (with its own counters), the kernel and CapacityQueue treat them as Reneged: not served.
  Balked,     // saw the queue and did not join it
  Deflected,  // sent elsewhere (a chatbot answering instead of an agent)
};

struct QueueOutcome {
  Admission admission = Admission::Reneged;  // every policy sets it
  double wait = 0.0;   // time spent queueing (patience when reneged)
  double leave = 0.0;  // end of service, or time of leaving unserved
  [[nodiscard]] bool served() const { return admission == Admission::Served; }
  friend bool operator==(const QueueOutcome&, const QueueOutcome&) = default;
};

}  // namespace jsim
