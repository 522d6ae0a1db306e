// The cluster layer of a build without MPI: one rank, which runs everything itself.
#include "cluster/collectives.hpp"
#include "cluster/ranks.hpp"
#include "cluster/spread_runs.hpp"

#include <cstdio>
#include <cstdlib>

namespace jsim::cluster {

Job::Job(int&, char**&) {}
Job::~Job() = default;
int rank() { return 0; }
int size() { return 1; }
void silence_this_rank() {}

void abort_job(const std::string& message, int status) {
  std::fprintf(stderr, "jsim: %s\n", message.c_str());
  std::exit(status);
}

std::vector<RunValues> spread_runs(std::size_t count, const std::function<bool(std::size_t)>& on_rank_0,
                                   const std::function<RunValues(std::size_t)>& task, const KnownRuns& known,
                                   const FinishedRun& finished) {
  std::vector<RunValues> out(count);
  for (std::size_t i = 0; i < count; ++i) {
    if (std::optional<RunValues> v = !on_rank_0(i) && known ? known(i) : std::nullopt) {
      out[i] = std::move(*v);
      continue;
    }
    out[i] = task(i);
    if (finished) finished(i, out[i]);
  }
  return out;
}

std::vector<std::byte> all_gather(std::span<const std::byte> mine) { return {mine.begin(), mine.end()}; }
std::uint64_t all_min(std::uint64_t mine) { return mine; }
std::vector<std::uint64_t> all_sum(std::span<const std::uint64_t> mine) { return {mine.begin(), mine.end()}; }
std::vector<std::vector<std::uint64_t>> gather_to_rank_0(std::span<const std::uint64_t> mine) {
  return {std::vector<std::uint64_t>(mine.begin(), mine.end())};
}

}  // namespace jsim::cluster
