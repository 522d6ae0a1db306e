// The cluster layer of a build without MPI: one rank, which runs everything itself.
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

std::vector<RunValues> spread_runs(std::size_t count, const std::function<bool(std::size_t)>&,
                                   const std::function<RunValues(std::size_t)>& task) {
  std::vector<RunValues> out(count);
  for (std::size_t i = 0; i < count; ++i) out[i] = task(i);
  return out;
}

}  // namespace jsim::cluster
