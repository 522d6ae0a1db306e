#pragma once
// Several runs of an experiment at once. Each run's own parallel loops nest in the same TBB arena,
// so replications, designs and sweep points share the cores instead of waiting for each other;
// whatever caps the arena (the CLI's --threads) caps them all together.
#include <cstddef>
#include <functional>
#include <vector>

#include "experiment/finished_runs.hpp"
#include "sim/simulation.hpp"

namespace jsim {

// Runs plan_of(i) for every i in [0, count), several at once, and hands each result to
// keep(i, result) as its run ends: in completion order, from any thread, so keep must only touch
// what belongs to i. A thread runs one whole run at a time, so at most as many runs are in
// memory as there are threads.
//
// Before each run starts and after it ends, the plan's RunProgress (if any) is checked: a set
// `stop` throws Interrupted, and a finished run is counted in `runs`. An exception from any run
// is rethrown once the runs in flight have stopped; nothing is kept from an interrupted batch.
void run_concurrently(std::size_t count, const std::function<RunPlan(std::size_t)>& plan_of,
                      const std::function<void(std::size_t, RunResult&&)>& keep);

// The numbers each run gives (its metric values, say) for every i in [0, count), in order: the
// runs on this process's threads (run_concurrently), or in an MPI job spread over the ranks
// (engine/cluster/spread_runs.hpp), every rank getting all of them. `numbers` may keep more of a
// result than its numbers, but only the rank that ran it has it: rank 0 for each i where
// on_rank_0(i) holds, since rank 0 writes.
//
// With `finished` (rank 0's; the other ranks pass none), a run it holds is not made again (unless
// on_rank_0, which needs the whole result) and every run made is added to it as it ends.
[[nodiscard]] std::vector<std::vector<double>> run_numbers(
    std::size_t count, const std::function<RunPlan(std::size_t)>& plan_of,
    const std::function<std::vector<double>(std::size_t, RunResult&&)>& numbers,
    const std::function<bool(std::size_t)>& on_rank_0, FinishedRuns* finished = nullptr);

// The same over a list of independent tasks that each start runs (the designs of a comparison,
// the points of a sweep): task(i) for every i, several at once, nesting like the runs themselves.
void for_each_concurrently(std::size_t count, const std::function<void(std::size_t)>& task);

}  // namespace jsim
