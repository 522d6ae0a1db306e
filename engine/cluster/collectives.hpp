#pragma once
// What the ranks of an MPI job exchange when they share one run's customers (a sharded run,
// docs/scale-out.md): plain bytes and counts, so that this layer knows nothing of what they mean.
// Every call is collective: every rank makes it, in the same order. With one rank each returns
// its own input.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace jsim::cluster {

// Every rank's bytes, concatenated in rank order, on every rank (MPI_Allgatherv).
[[nodiscard]] std::vector<std::byte> all_gather(std::span<const std::byte> mine);

// The smallest of the ranks' values, on every rank.
[[nodiscard]] std::uint64_t all_min(std::uint64_t mine);

// Element-wise sums of the ranks' equally long arrays, on every rank.
[[nodiscard]] std::vector<std::uint64_t> all_sum(std::span<const std::uint64_t> mine);

// On rank 0: every rank's array (equally long), in rank order; elsewhere: nothing.
[[nodiscard]] std::vector<std::vector<std::uint64_t>> gather_to_rank_0(std::span<const std::uint64_t> mine);

}  // namespace jsim::cluster
