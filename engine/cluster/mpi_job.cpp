// The cluster layer of an MPI build (JSIM_MPI=ON): ranks from MPI_COMM_WORLD, and runs spread over
// them by a coordinator on rank 0 that hands out the next run to whichever rank asks.
#include <fcntl.h>
#include <mpi.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <thread>

#include "cluster/ranks.hpp"
#include "cluster/spread_runs.hpp"

namespace jsim::cluster {
namespace {

int g_rank = 0, g_size = 1;
int g_stderr = STDERR_FILENO;  // where abort_job's message goes, also on a silenced rank

constexpr int kAsk = 1;   // a rank asks rank 0 for the next run
constexpr int kGive = 2;  // rank 0 answers with a run index, or -1: no more

bool mpi_running() {
  int started = 0, finished = 0;
  MPI_Initialized(&started);
  MPI_Finalized(&finished);
  return started && !finished;
}

// Rank 0's coordinator: answers every other rank's requests until each has been told "no more".
// It polls (MPI_Iprobe, then a short sleep) rather than blocking in MPI_Recv, which would spin
// and take a core from rank 0's own runs.
void coordinate(const std::vector<std::size_t>& pool, std::atomic<std::size_t>& next) {
  int finished = 0;
  while (finished < g_size - 1) {
    int waiting = 0;
    MPI_Status status;
    MPI_Iprobe(MPI_ANY_SOURCE, kAsk, MPI_COMM_WORLD, &waiting, &status);
    if (!waiting) {
      std::this_thread::sleep_for(std::chrono::microseconds(200));
      continue;
    }
    char ask = 0;
    MPI_Recv(&ask, 1, MPI_CHAR, status.MPI_SOURCE, kAsk, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    const std::size_t k = next.fetch_add(1);
    long long give = -1;
    if (k < pool.size())
      give = static_cast<long long>(pool[k]);
    else
      ++finished;
    MPI_Send(&give, 1, MPI_LONG_LONG, status.MPI_SOURCE, kGive, MPI_COMM_WORLD);
  }
}

}  // namespace

// Started by a launcher (mpirun, mpiexec, srun)? Each says so in the environment it gives the
// processes. A jsim started on its own does not start MPI at all: singleton MPI_Init would start
// a runtime daemon for a job of one, which costs time and fails where the daemon's files cannot
// be made (a small `ulimit -f`, a read-only /tmp).
bool launched_by_mpi() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE"})
    if (std::getenv(name) != nullptr) return true;
  return false;
}

Job::Job(int& argc, char**& argv) {
  if (!launched_by_mpi()) return;
  int provided = 0;
  MPI_Init_thread(&argc, &argv, MPI_THREAD_SERIALIZED, &provided);
  MPI_Comm_rank(MPI_COMM_WORLD, &g_rank);
  MPI_Comm_size(MPI_COMM_WORLD, &g_size);
  if (g_size > 1 && provided < MPI_THREAD_SERIALIZED)
    abort_job("this MPI library cannot take calls from a second thread (MPI_THREAD_SERIALIZED)", 1);
}

Job::~Job() {
  if (mpi_running()) MPI_Finalize();
}

int rank() { return g_rank; }
int size() { return g_size; }

void silence_this_rank() {
  if (g_rank == 0) return;
  std::fflush(stdout);
  std::fflush(stderr);
  g_stderr = ::dup(STDERR_FILENO);
  const int null = ::open("/dev/null", O_WRONLY);
  if (null < 0) return;
  ::dup2(null, STDOUT_FILENO);
  ::dup2(null, STDERR_FILENO);
  ::close(null);
}

void abort_job(const std::string& message, int status) {
  if (!message.empty()) {
    const std::string line = "jsim: rank " + std::to_string(g_rank) + " of " + std::to_string(g_size) + ": " + message + "\n";
    [[maybe_unused]] const auto written = ::write(g_stderr, line.data(), line.size());
  }
  if (mpi_running() && g_size > 1) MPI_Abort(MPI_COMM_WORLD, status);
  std::_Exit(status);
}

std::vector<RunValues> spread_runs(std::size_t count, const std::function<bool(std::size_t)>& on_rank_0,
                                   const std::function<RunValues(std::size_t)>& task) {
  std::vector<std::pair<std::size_t, RunValues>> mine;
  const auto run = [&](std::size_t i) {
    try {
      mine.emplace_back(i, task(i));
    } catch (const std::exception& e) {
      abort_job("run " + std::to_string(i) + " failed: " + e.what(), 1);
    }
  };
  if (g_size == 1) {  // also where MPI was never started
    std::vector<RunValues> out(count);
    for (std::size_t i = 0; i < count; ++i) out[i] = task(i);
    return out;
  }
  std::vector<std::size_t> pool;  // the runs any rank may take, in order
  for (std::size_t i = 0; i < count; ++i)
    if (!on_rank_0(i)) pool.push_back(i);

  if (g_rank == 0) {
    std::atomic<std::size_t> next{0};
    std::thread coordinator;
    if (g_size > 1) coordinator = std::thread(coordinate, std::cref(pool), std::ref(next));
    for (std::size_t i = 0; i < count; ++i)
      if (on_rank_0(i)) run(i);
    for (std::size_t k = next.fetch_add(1); k < pool.size(); k = next.fetch_add(1)) run(pool[k]);
    if (coordinator.joinable()) coordinator.join();
  } else {
    for (;;) {
      const char ask = 1;
      long long give = -1;
      MPI_Send(&ask, 1, MPI_CHAR, 0, kAsk, MPI_COMM_WORLD);
      MPI_Recv(&give, 1, MPI_LONG_LONG, 0, kGive, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
      if (give < 0) break;
      run(static_cast<std::size_t>(give));
    }
  }

  // Every rank gets every run's values: [index, n, values...] per run, gathered from all ranks.
  std::vector<double> packed;
  for (const auto& [i, values] : mine) {
    packed.push_back(static_cast<double>(i));
    packed.push_back(static_cast<double>(values.size()));
    packed.insert(packed.end(), values.begin(), values.end());
  }
  int length = static_cast<int>(packed.size());
  std::vector<int> lengths(static_cast<std::size_t>(g_size)), offsets(static_cast<std::size_t>(g_size));
  MPI_Allgather(&length, 1, MPI_INT, lengths.data(), 1, MPI_INT, MPI_COMM_WORLD);
  long long total = 0;
  for (int r = 0; r < g_size; ++r) {
    offsets[static_cast<std::size_t>(r)] = static_cast<int>(total);
    total += lengths[static_cast<std::size_t>(r)];
  }
  std::vector<double> all(static_cast<std::size_t>(total));
  MPI_Allgatherv(packed.data(), length, MPI_DOUBLE, all.data(), lengths.data(), offsets.data(), MPI_DOUBLE,
                 MPI_COMM_WORLD);
  std::vector<RunValues> out(count);
  std::vector<bool> seen(count, false);
  for (std::size_t at = 0; at < all.size();) {
    const auto i = static_cast<std::size_t>(all[at]);
    const auto n = static_cast<std::size_t>(all[at + 1]);
    if (i >= count || seen[i]) abort_job("run " + std::to_string(i) + " came back twice or out of range", 1);
    seen[i] = true;
    out[i].assign(all.begin() + static_cast<std::ptrdiff_t>(at + 2), all.begin() + static_cast<std::ptrdiff_t>(at + 2 + n));
    at += 2 + n;
  }
  for (std::size_t i = 0; i < count; ++i)
    if (!seen[i]) abort_job("run " + std::to_string(i) + " never came back", 1);
  return out;
}

}  // namespace jsim::cluster
