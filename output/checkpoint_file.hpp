#pragma once
// The finished runs of an experiment kept in a file as they end, so that the same command run
// again after a kill (Ctrl-C, a failed node, a job's time limit) makes only the runs still missing
// and writes the same files, byte for byte, as a job that was never stopped
// (experiment/finished_runs.hpp says why the kept numbers are the ones a new run would give).
//
// A text file, one line per run: its key (16 hex digits), how many numbers, and each number as a
// C99 hex float (exact). A line a kill cut short is ignored: that run is made again. The file is
// removed once the results are written (remove()); `jsim sweep --out DIR` keeps it beside DIR
// (ResultsFolder::checkpoint_file()), under DIR's lock.
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <optional>
#include <span>
#include <unordered_map>
#include <vector>

#include "experiment/finished_runs.hpp"

namespace jsim {

class CheckpointFile final : public FinishedRuns {
 public:
  // Reads what an earlier job kept, if anything, and opens the file for more. Throws jsim::Error
  // naming the file if it cannot be read or written.
  explicit CheckpointFile(std::filesystem::path file);
  CheckpointFile(const CheckpointFile&) = delete;
  CheckpointFile& operator=(const CheckpointFile&) = delete;
  ~CheckpointFile() override;

  [[nodiscard]] std::optional<std::vector<double>> find(std::uint64_t key) override;
  // Throws jsim::Error naming the file when it cannot be written (a full disk).
  void add(std::uint64_t key, std::span<const double> numbers) override;

  [[nodiscard]] const std::filesystem::path& file() const { return file_; }
  [[nodiscard]] std::size_t kept_before() const { return kept_.size(); }  // runs read from the file
  [[nodiscard]] std::size_t reused() const { return reused_; }            // of those, found again
  // The results are written: no later job needs the runs.
  void remove();

 private:
  std::filesystem::path file_;
  std::unordered_map<std::uint64_t, std::vector<double>> kept_;
  std::FILE* out_ = nullptr;
  std::mutex mutex_;
  std::size_t reused_ = 0;
};

}  // namespace jsim
