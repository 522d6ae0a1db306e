#pragma once
// The processes of an MPI job (engine/cluster: scale-out, docs/scale-out.md). Every rank runs the
// same command on the same inputs (SPMD); the runs of an experiment are spread over the ranks
// (spread_runs.hpp), and rank 0 alone prints and writes. A build without MPI (JSIM_MPI off), or a
// jsim started without mpirun, is one rank and behaves exactly as a single process.
#include <string>

namespace jsim::cluster {

// Starts MPI for the life of the process (MPI_Init_thread, MPI_THREAD_SERIALIZED: rank 0's
// coordinator thread and its main thread take turns) and ends it (MPI_Finalize). Without MPI: nothing.
class Job {
 public:
  Job(int& argc, char**& argv);
  ~Job();
  Job(const Job&) = delete;
  Job& operator=(const Job&) = delete;
};

[[nodiscard]] int rank();
[[nodiscard]] int size();
// Rank 0 prints and writes; the others compute their share and stay silent.
[[nodiscard]] inline bool writes() { return rank() == 0; }

// Ends the whole job at once with `status` after printing `message` (unless empty) on this rank's
// stderr (kept even where a silent rank's stderr is closed): a rank that fails must not leave the others
// waiting for it, and nothing is written (rank 0 writes only after every run is in).
[[noreturn]] void abort_job(const std::string& message, int status);

// For ranks other than 0: stdout and stderr go to /dev/null, so a job prints one report.
void silence_this_rank();

}  // namespace jsim::cluster
