#include "output/checkpoint_file.hpp"

#include <cerrno>
#include <cinttypes>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>

#include "model/error.hpp"

namespace jsim {

namespace {

constexpr const char* kHeader = "# jsim run checkpoint 1: key, count, numbers (hex floats); see output/checkpoint_file.hpp\n";

// One whole line: key, count, exactly that many numbers and nothing else. Anything else (a line cut
// short, an edited one) is not a run.
bool read_line(const std::string& line, std::uint64_t& key, std::vector<double>& numbers) {
  const char* p = line.c_str();
  char* end = nullptr;
  errno = 0;
  key = std::strtoull(p, &end, 16);
  if (end == p || errno != 0) return false;
  p = end;
  const unsigned long long count = std::strtoull(p, &end, 10);
  if (end == p || errno != 0 || count > line.size()) return false;
  p = end;
  numbers.clear();
  for (unsigned long long k = 0; k < count; ++k) {
    const double x = std::strtod(p, &end);
    if (end == p) return false;
    numbers.push_back(x);
    p = end;
  }
  while (*p == ' ') ++p;
  return *p == '\0';
}

// "key count x1 x2 ...\n", each number a hex float: read back exactly by strtod.
std::string line_of(std::uint64_t key, std::span<const double> numbers) {
  char field[40];
  std::snprintf(field, sizeof field, "%016" PRIx64 " %zu", key, numbers.size());
  std::string line = field;
  for (double x : numbers) {
    std::snprintf(field, sizeof field, " %a", x);
    line += field;
  }
  return line + '\n';
}

}  // namespace

CheckpointFile::CheckpointFile(std::filesystem::path file) : file_(std::move(file)) {
  std::error_code ec;
  if (std::filesystem::exists(file_, ec)) {
    std::ifstream in(file_, std::ios::binary);
    if (!in) throw Error("cannot read the checkpoint " + file_.string() + ": " + std::strerror(errno));
    std::ostringstream text;
    text << in.rdbuf();
    const std::string all = text.str();
    std::size_t at = 0;
    std::uint64_t key = 0;
    std::vector<double> numbers;
    // Only lines that end with a newline: the last one may have been cut short by a kill.
    for (std::size_t nl; (nl = all.find('\n', at)) != std::string::npos; at = nl + 1) {
      const std::string line = all.substr(at, nl - at);
      if (!line.empty() && line.front() != '#' && read_line(line, key, numbers)) kept_[key] = numbers;
    }
  }
  // Rewritten from what was read (into a new file renamed over the old one, so that a kill now
  // loses nothing), so that a line cut short does not stay in the middle of the file.
  const std::filesystem::path fresh = file_.string() + ".new";
  const auto fail = [&](const std::filesystem::path& f) {
    return Error("cannot write the checkpoint " + f.string() + ": " + std::strerror(errno));
  };
  std::FILE* rewrite = std::fopen(fresh.c_str(), "w");
  if (rewrite == nullptr) throw fail(fresh);
  std::fputs(kHeader, rewrite);
  for (const auto& [key, numbers] : kept_) std::fputs(line_of(key, numbers).c_str(), rewrite);
  const bool written = std::fflush(rewrite) == 0;
  std::fclose(rewrite);
  if (!written || std::rename(fresh.c_str(), file_.c_str()) != 0) throw fail(fresh);
  out_ = std::fopen(file_.c_str(), "a");
  if (out_ == nullptr) throw fail(file_);
}

CheckpointFile::~CheckpointFile() {
  if (out_ != nullptr) std::fclose(out_);
}

std::optional<std::vector<double>> CheckpointFile::find(std::uint64_t key) {
  const std::lock_guard<std::mutex> lock(mutex_);
  const auto it = kept_.find(key);
  if (it == kept_.end()) return std::nullopt;
  ++reused_;
  return it->second;
}

void CheckpointFile::add(std::uint64_t key, std::span<const double> numbers) {
  // The whole line in one write, flushed at once: a killed process loses at most the run it was
  // writing, and the kernel keeps what was written when the process dies.
  const std::string line = line_of(key, numbers);
  const std::lock_guard<std::mutex> lock(mutex_);
  if (out_ == nullptr) return;
  if (std::fwrite(line.data(), 1, line.size(), out_) != line.size() || std::fflush(out_) != 0)
    throw Error("cannot write the checkpoint " + file_.string() + ": " + std::strerror(errno));
}

void CheckpointFile::remove() {
  const std::lock_guard<std::mutex> lock(mutex_);
  if (out_ != nullptr) std::fclose(out_);
  out_ = nullptr;
  std::error_code ec;
  std::filesystem::remove(file_, ec);
}

}  // namespace jsim
