#pragma once
// An observer that keeps nothing, with Tally's interface: the timed engine walks a customer's
// continuation after a queue with it to learn where the customer goes next, before the queue's
// order is final (sim/timed_run.cpp). The walk that counts is repeated with a real Tally.
#include <cstdint>

#include "model/scenario.hpp"

namespace jsim {

struct NullTally {
  void on_agent(Index) {}
  void on_journey(Index, double) {}
  void on_visit(Index, Index) {}
  void on_move(std::uint32_t) {}
  void on_switch(Index) {}
  void on_repeat(Index, bool) {}
  void on_silence(Index, Index) {}
  void on_abandon(Index, Index, double, bool) {}
  void on_order(Index, Index, std::int64_t, double, double) {}
  void on_exit(Index, Index) {}
  void on_journey_end(Index, int, double) {}
  void on_survey(Index, int) {}
  void on_agent_end(Index, unsigned) {}
};

}  // namespace jsim
