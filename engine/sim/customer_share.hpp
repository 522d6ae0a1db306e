#pragma once
// Which customers of a run this process walks. One process walks them all; the ranks of an MPI
// job sharing one run (docs/scale-out.md, "One run shared by the ranks") each walk those whose id
// is theirs modulo the rank count, and meet once per time window to settle the queues (each owned
// by one rank: sim/timed_run.cpp). Every draw is addressed by (seed, customer, visit, purpose), so
// who walks a customer never changes what it does.
#include <cstdint>

namespace jsim {

struct CustomerShare {
  int rank = 0, ranks = 1;
  [[nodiscard]] bool shared() const { return ranks > 1; }
  [[nodiscard]] bool owns(std::uint64_t customer) const {
    return ranks == 1 || customer % static_cast<std::uint64_t>(ranks) == static_cast<std::uint64_t>(rank);
  }
  // The first customer from `id` on that is this rank's; the next ones follow every `ranks` ids,
  // so a loop over a block of customers steps instead of testing each.
  [[nodiscard]] std::uint64_t first_from(std::uint64_t id) const {
    const auto r = static_cast<std::uint64_t>(ranks);
    return id + (static_cast<std::uint64_t>(rank) + r - id % r) % r;
  }
};

}  // namespace jsim
