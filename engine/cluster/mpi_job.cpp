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
#include <limits>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "cluster/collectives.hpp"
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

// Rank 0's coordinator: takes in each run's values as a rank asks for its next run, and answers
// with that run's index, until every other rank has been told "no more". It polls (MPI_Iprobe,
// then a short sleep) rather than blocking in MPI_Recv, which would spin and take a core from
// rank 0's own runs.
void coordinate(const std::vector<std::size_t>& pool, std::atomic<std::size_t>& next,
                const std::function<void(std::size_t, RunValues&&)>& record) {
  int finished = 0;
  while (finished < g_size - 1) {
    int waiting = 0;
    MPI_Status status;
    MPI_Iprobe(MPI_ANY_SOURCE, kAsk, MPI_COMM_WORLD, &waiting, &status);
    if (!waiting) {
      std::this_thread::sleep_for(std::chrono::microseconds(200));
      continue;
    }
    int length = 0;
    MPI_Get_count(&status, MPI_DOUBLE, &length);
    std::vector<double> done(static_cast<std::size_t>(length));  // [index, values...] of its last run, or nothing
    MPI_Recv(done.data(), length, MPI_DOUBLE, status.MPI_SOURCE, kAsk, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    if (!done.empty()) record(static_cast<std::size_t>(done.front()), RunValues(done.begin() + 1, done.end()));
    const std::size_t k = next.fetch_add(1);
    long long give = -1;
    if (k < pool.size())
      give = static_cast<long long>(pool[k]);
    else
      ++finished;
    MPI_Send(&give, 1, MPI_LONG_LONG, status.MPI_SOURCE, kGive, MPI_COMM_WORLD);
  }
}

// Started by a launcher (mpirun, mpiexec, srun)? Each says so in the environment it gives the
// processes. A jsim started on its own does not start MPI at all: singleton MPI_Init would start
// a runtime daemon for a job of one, which costs time and fails where the daemon's files cannot
// be made (a small `ulimit -f`, a read-only /tmp).
bool launched_by_mpi() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE"})
    if (std::getenv(name) != nullptr) return true;
  return false;
}

// Rank 0's values of every run, to every rank: [n, values...] per run, in run order.
std::vector<RunValues> share_from_rank_0(std::vector<RunValues> out) {
  std::vector<double> packed;
  if (g_rank == 0)
    for (const RunValues& v : out) {
      packed.push_back(static_cast<double>(v.size()));
      packed.insert(packed.end(), v.begin(), v.end());
    }
  long long length = static_cast<long long>(packed.size());
  MPI_Bcast(&length, 1, MPI_LONG_LONG, 0, MPI_COMM_WORLD);
  packed.resize(static_cast<std::size_t>(length));
  MPI_Bcast(packed.data(), static_cast<int>(length), MPI_DOUBLE, 0, MPI_COMM_WORLD);
  if (g_rank == 0) return out;
  std::size_t at = 0;
  for (RunValues& v : out) {
    const auto n = static_cast<std::size_t>(packed.at(at));
    v.assign(packed.begin() + static_cast<std::ptrdiff_t>(at + 1), packed.begin() + static_cast<std::ptrdiff_t>(at + 1 + n));
    at += 1 + n;
  }
  return out;
}

}  // namespace

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
                                   const std::function<RunValues(std::size_t)>& task, const KnownRuns& known,
                                   const FinishedRun& finished) {
  const auto attempt = [&](std::size_t i) {
    try {
      return task(i);
    } catch (const std::exception& e) {
      abort_job("run " + std::to_string(i) + " failed: " + e.what(), 1);
    }
  };
  std::vector<RunValues> out(count);
  if (g_rank > 0) {
    std::vector<double> done;  // sent with each request for the next run
    for (;;) {
      long long give = -1;
      MPI_Send(done.data(), static_cast<int>(done.size()), MPI_DOUBLE, 0, kAsk, MPI_COMM_WORLD);
      MPI_Recv(&give, 1, MPI_LONG_LONG, 0, kGive, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
      if (give < 0) break;
      const RunValues v = attempt(static_cast<std::size_t>(give));
      done.assign(1, static_cast<double>(give));
      done.insert(done.end(), v.begin(), v.end());
    }
    return share_from_rank_0(std::move(out));
  }

  // Rank 0: the runs already known, its own, and those it hands out, all recorded here.
  std::vector<bool> have(count, false);
  std::mutex recording;
  const auto record = [&](std::size_t i, RunValues&& v) {
    const std::lock_guard<std::mutex> lock(recording);
    if (i >= count || have[i]) abort_job("run " + std::to_string(i) + " came back twice or out of range", 1);
    try {
      if (finished) finished(i, v);
    } catch (const std::exception& e) {
      abort_job(std::string("keeping a finished run failed: ") + e.what(), 1);
    }
    out[i] = std::move(v);
    have[i] = true;
  };
  std::vector<std::size_t> pool;  // the runs any rank may take, in order
  for (std::size_t i = 0; i < count; ++i) {
    if (on_rank_0(i)) continue;
    if (std::optional<RunValues> v = known ? known(i) : std::nullopt) {
      out[i] = std::move(*v);
      have[i] = true;
    } else {
      pool.push_back(i);
    }
  }
  std::atomic<std::size_t> next{0};
  std::thread coordinator;
  if (g_size > 1) coordinator = std::thread(coordinate, std::cref(pool), std::ref(next), std::cref(record));
  for (std::size_t i = 0; i < count; ++i)
    if (on_rank_0(i)) record(i, attempt(i));
  for (std::size_t k = next.fetch_add(1); k < pool.size(); k = next.fetch_add(1)) record(pool[k], attempt(pool[k]));
  if (coordinator.joinable()) coordinator.join();
  for (std::size_t i = 0; i < count; ++i)
    if (!have[i]) abort_job("run " + std::to_string(i) + " never came back", 1);
  return g_size > 1 ? share_from_rank_0(std::move(out)) : out;
}

std::vector<std::byte> all_gather(std::span<const std::byte> mine) {
  if (g_size == 1) return {mine.begin(), mine.end()};
  const int length = static_cast<int>(mine.size());
  std::vector<int> lengths(static_cast<std::size_t>(g_size)), offsets(static_cast<std::size_t>(g_size));
  MPI_Allgather(&length, 1, MPI_INT, lengths.data(), 1, MPI_INT, MPI_COMM_WORLD);
  long long total = 0;
  for (std::size_t r = 0; r < lengths.size(); ++r) {
    offsets[r] = static_cast<int>(total);
    total += lengths[r];
  }
  if (total > std::numeric_limits<int>::max()) abort_job("a window's exchange is over 2 GB; use a shorter window", 1);
  std::vector<std::byte> all(static_cast<std::size_t>(total));
  MPI_Allgatherv(mine.data(), length, MPI_BYTE, all.data(), lengths.data(), offsets.data(), MPI_BYTE, MPI_COMM_WORLD);
  return all;
}

std::uint64_t all_min(std::uint64_t mine) {
  if (g_size == 1) return mine;
  std::uint64_t least = mine;
  MPI_Allreduce(&mine, &least, 1, MPI_UINT64_T, MPI_MIN, MPI_COMM_WORLD);
  return least;
}

std::vector<std::uint64_t> all_sum(std::span<const std::uint64_t> mine) {
  std::vector<std::uint64_t> sum(mine.begin(), mine.end());
  if (g_size > 1)
    MPI_Allreduce(mine.data(), sum.data(), static_cast<int>(mine.size()), MPI_UINT64_T, MPI_SUM, MPI_COMM_WORLD);
  return sum;
}

std::vector<std::vector<std::uint64_t>> gather_to_rank_0(std::span<const std::uint64_t> mine) {
  if (g_size == 1) return {std::vector<std::uint64_t>(mine.begin(), mine.end())};
  std::vector<std::uint64_t> all(g_rank == 0 ? mine.size() * static_cast<std::size_t>(g_size) : 0);
  MPI_Gather(mine.data(), static_cast<int>(mine.size()), MPI_UINT64_T, all.data(), static_cast<int>(mine.size()),
             MPI_UINT64_T, 0, MPI_COMM_WORLD);
  std::vector<std::vector<std::uint64_t>> out;
  for (int r = 0; g_rank == 0 && r < g_size; ++r)
    out.emplace_back(all.begin() + static_cast<std::ptrdiff_t>(mine.size() * static_cast<std::size_t>(r)),
                     all.begin() + static_cast<std::ptrdiff_t>(mine.size() * static_cast<std::size_t>(r + 1)));
  return out;
}

}  // namespace jsim::cluster
