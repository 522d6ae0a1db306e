#include "experiment/concurrent_runs.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/partitioner.h>
#include <tbb/task_arena.h>

#include "cluster/ranks.hpp"
#include "cluster/spread_runs.hpp"

namespace jsim {

namespace {

void check_stop(const RunProgress* progress) {
  if (progress != nullptr && progress->stop.load(std::memory_order_relaxed)) throw Interrupted();
}

// One run of an experiment, wherever it is made: checked for a stop before and after, counted.
RunResult run_one(const RunPlan& plan) {
  check_stop(plan.progress);
  // Isolated: while this run waits for its own parallel loops, its thread helps only with
  // them and never starts another whole run on top of this one (which would hold a second
  // run's memory on the same thread and delay this one until the other ends).
  RunResult result = tbb::this_task_arena::isolate([&] { return simulate(plan); });
  // Until the engine checks `stop` at its own serial points, this is where a run notices it.
  check_stop(plan.progress);
  if (plan.progress != nullptr) plan.progress->runs.fetch_add(1, std::memory_order_relaxed);
  return result;
}

}  // namespace

void run_concurrently(std::size_t count, const std::function<RunPlan(std::size_t)>& plan_of,
                      const std::function<void(std::size_t, RunResult&&)>& keep) {
  for_each_concurrently(count, [&](std::size_t i) { keep(i, run_one(plan_of(i))); });
}

std::vector<std::vector<double>> run_numbers(std::size_t count, const std::function<RunPlan(std::size_t)>& plan_of,
                                             const std::function<std::vector<double>(std::size_t, RunResult&&)>& numbers,
                                             const std::function<bool(std::size_t)>& on_rank_0, FinishedRuns* finished) {
  const auto known = [&](std::size_t i) -> std::optional<std::vector<double>> {
    return finished != nullptr && !on_rank_0(i) ? finished->find(run_key(plan_of(i))) : std::nullopt;
  };
  const auto keep = [&](std::size_t i, const std::vector<double>& v) {
    if (finished != nullptr) finished->add(run_key(plan_of(i)), v);
  };
  if (cluster::size() > 1)
    return cluster::spread_runs(
        count, on_rank_0,
        [&](std::size_t i) {
          try {
            return numbers(i, run_one(plan_of(i)));
          } catch (const Interrupted&) {
            // Ctrl-C reached every rank: the job ends as one process would (exit 130), with the
            // finished runs kept in the checkpoint, if any.
            cluster::abort_job("interrupted", 130);
          }
        },
        known, keep);
  std::vector<std::vector<double>> out(count);
  std::vector<std::size_t> todo;
  for (std::size_t i = 0; i < count; ++i) {
    if (std::optional<std::vector<double>> v = known(i))
      out[i] = std::move(*v);
    else
      todo.push_back(i);
  }
  // Runs end in any order; each writes only its own slot.
  run_concurrently(
      todo.size(), [&](std::size_t k) { return plan_of(todo[k]); },
      [&](std::size_t k, RunResult&& result) {
        out[todo[k]] = numbers(todo[k], std::move(result));
        keep(todo[k], out[todo[k]]);
      });
  return out;
}

void for_each_concurrently(std::size_t count, const std::function<void(std::size_t)>& task) {
  // One task per item (grain 1, simple partitioner): a run is long, so whichever thread is free
  // takes the next; the inner loops balance the cores when runs are few.
  tbb::parallel_for(
      tbb::blocked_range<std::size_t>(0, count, 1),
      [&](const tbb::blocked_range<std::size_t>& range) {
        for (std::size_t i = range.begin(); i != range.end(); ++i) task(i);
      },
      tbb::simple_partitioner());
}

}  // namespace jsim
