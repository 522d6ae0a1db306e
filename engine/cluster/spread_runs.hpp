#pragma once
// Runs spread over the ranks of an MPI job, with dynamic load balancing: rank 0 hands out the next
// run to whichever rank asks (a coordinator thread beside its own work), because runs differ in
// cost (sweep points, friction variants). Each run returns a few numbers (a run's metrics); every
// rank gets all of them, in run order, so what follows is the same on every rank and does not
// depend on which rank ran what: results are identical for any rank count.
#include <cstddef>
#include <functional>
#include <vector>

namespace jsim::cluster {

using RunValues = std::vector<double>;

// task(i) for every i in [0, count), each exactly once somewhere in the job; returns every
// task's values on every rank. Tasks for which on_rank_0(i) holds run on rank 0 (their full result
// stays there, for the files it writes), before it joins the others. A task that throws ends the
// job (abort_job). Collective: every rank calls it with the same count, in the same order.
[[nodiscard]] std::vector<RunValues> spread_runs(std::size_t count, const std::function<bool(std::size_t)>& on_rank_0,
                                                 const std::function<RunValues(std::size_t)>& task);

}  // namespace jsim::cluster
