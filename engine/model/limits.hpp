#pragma once
// The bounds on every number a user gives JourneySim (docs/scenario-format.md, "Limits"). Each is
// far beyond any real scenario and small enough that the engine's arithmetic stays exact and its
// memory and time finite: a value outside is refused at load (exit 2), never wrapped or run.
#include <cstdint>

namespace jsim::limits {

// Durations (service, delays, patience, horizon, window): 10 years. A horizon longer than that
// is no customer-journey question; it also bounds the per-hour arrival tables (87,600 hours), where
// a horizon of 1e12 s asked for gigabytes before failing.
inline constexpr double kMaxDurationDays = 3650.0;
inline constexpr double kMaxDurationSeconds = kMaxDurationDays * 86400.0;

// Money per order, per visit, per server-hour or per design: 1e9. Revenue is summed in integer
// cents (sim/tally.hpp) in a 128-bit accumulator: an order is at most 1e9 x the persona's
// multiplier (<= 1e3) x 100 cents = 1e14 cents (fits int64 exactly), and a run has at most
// population (<= 1e12) x max_steps (< 2^32) orders, so the sum stays below 1e14 x 4.3e21 = 4.3e35,
// far under 2^128 = 3.4e38. No valid input can make revenue wrap.
inline constexpr double kMaxMoney = 1e9;
inline constexpr double kMaxOrderValueMultiplier = 1e3;
// One order at most: a lognormal's tail is unbounded whatever its moments, so the kernel caps each
// draw here, far beyond any value the moments allow in practice.
inline constexpr double kMaxOrderValue = kMaxMoney * kMaxOrderValueMultiplier;

// Counts: agents or arrivals of one run (10^12 is already days of simulation at millions of agents
// a second, and leaves 64-bit products with replications, 1e5 at most, far from overflow), servers
// of one queue (each is simulated state).
inline constexpr std::uint64_t kMaxPopulation = 1'000'000'000'000;
inline constexpr std::uint64_t kMaxServers = 1'000'000;

// Engine windows over a horizon (horizon / window): the engine skips empty windows, but each one
// with customers in it is a parallel phase and a synchronisation, so a window tiny against the
// horizon makes a run crawl (0.01 s over 28 days, 242 million windows, was reported using 5.5 GB).
// 50 million still allows a year at 1 s windows (tests/timed_engine_test.cpp, "Memory": 31.5 million).
inline constexpr double kMaxWindows = 5e7;

// Files: `extends` chains (each level is a recursion of the loader) and YAML nesting (yaml-cpp
// builds and walks nodes recursively; a deep file would overflow the stack).
inline constexpr int kMaxExtendsDepth = 64;
inline constexpr int kMaxYamlDepth = 256;

// Command line: replications of one design; threads (more than the cores only add switching,
// and beyond this a thread count is a typo).
inline constexpr std::uint64_t kMaxReplications = 100'000;
inline constexpr std::uint64_t kMaxThreads = 4096;

}  // namespace jsim::limits
