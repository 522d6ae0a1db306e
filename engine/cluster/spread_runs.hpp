#pragma once
// Runs spread over the ranks of an MPI job, with dynamic load balancing: rank 0 hands out the next
// run to whichever rank asks (a coordinator thread beside its own work), because runs differ in
// cost (sweep points, friction variants). Each run returns a few numbers (a run's metrics), sent
// to rank 0 with the rank's next request, so rank 0 sees each run as it ends (and can keep it in
// a checkpoint); at the end every rank gets all of them, in run order, so what follows is the same
// on every rank and does not depend on which rank ran what: results are identical for any rank
// count.
#include <cstddef>
#include <functional>
#include <optional>
#include <vector>

namespace jsim::cluster {

using RunValues = std::vector<double>;
// Rank 0 only: the values of a run made before (by a killed job), which then is not made again.
using KnownRuns = std::function<std::optional<RunValues>(std::size_t)>;
// Rank 0 only: each run's values as they come in, one at a time (from any thread).
using FinishedRun = std::function<void(std::size_t, const RunValues&)>;

// task(i) for every i in [0, count), each exactly once somewhere in the job; returns every
// task's values on every rank. Tasks for which on_rank_0(i) holds run on rank 0 (their full result
// stays there, for the files it writes), before it joins the others. A task that throws ends the
// job (abort_job), as does a `finished` that throws. Collective: every rank calls it with the same
// count, in the same order.
[[nodiscard]] std::vector<RunValues> spread_runs(std::size_t count, const std::function<bool(std::size_t)>& on_rank_0,
                                                 const std::function<RunValues(std::size_t)>& task,
                                                 const KnownRuns& known = {}, const FinishedRun& finished = {});

}  // namespace jsim::cluster
