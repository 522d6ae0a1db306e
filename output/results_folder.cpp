#include "output/results_folder.hpp"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

#include "model/error.hpp"

namespace jsim {

namespace fs = std::filesystem;

namespace {

constexpr const char* kStagingTag = ".jsim-staging.";

[[noreturn]] void fail(const fs::path& dir, const std::string& why) {
  throw Error("cannot write results to " + dir.string() + ": " + why);
}

std::string errno_text(int e) { return std::strerror(e); }

void sync_directory(const fs::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;  // best effort: the rename itself has happened
  ::fsync(fd);
  ::close(fd);
}

// Staging folders of processes that no longer exist (killed mid-run): nothing else removes them.
void remove_stale_staging(const fs::path& dir) {
  const std::string prefix = "." + dir.filename().string() + kStagingTag;
  std::error_code ec;
  for (const fs::directory_entry& e : fs::directory_iterator(dir.parent_path(), ec)) {
    const std::string name = e.path().filename().string();
    if (name.rfind(prefix, 0) != 0) continue;
    const std::string pid_text = name.substr(prefix.size());
    char* end = nullptr;
    const long pid = std::strtol(pid_text.c_str(), &end, 10);
    if (end == pid_text.c_str() || *end != '\0' || pid <= 0) continue;
    if (::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM) continue;  // still running
    std::error_code ignored;
    fs::remove_all(e.path(), ignored);
  }
}

}  // namespace

ResultsFolder::ResultsFolder(fs::path dir) : dir_(std::move(dir)) {
  if (dir_.filename().empty()) dir_ = dir_.parent_path();  // "out/" names the folder "out"
  if (dir_.empty()) dir_ = ".";
  std::error_code ec;
  if (fs::exists(dir_, ec) && !fs::is_directory(dir_, ec)) fail(dir_, "it exists and is not a folder");
  fs::create_directories(dir_, ec);
  if (ec) fail(dir_, ec.message());
  dir_ = fs::absolute(dir_);
  lock_fd_ = ::open(dir_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (lock_fd_ < 0) fail(dir_, errno_text(errno));
  if (::flock(lock_fd_, LOCK_EX | LOCK_NB) != 0) {
    const int e = errno;
    ::close(lock_fd_);
    lock_fd_ = -1;
    fail(dir_, e == EWOULDBLOCK ? "another jsim is writing results there now; wait for it or use another --out"
                                : errno_text(e));
  }
  remove_stale_staging(dir_);
  staging_ = dir_.parent_path() / ("." + dir_.filename().string() + kStagingTag + std::to_string(::getpid()));
  fs::remove_all(staging_, ec);
  if (::mkdir(staging_.c_str(), 0777) != 0) {
    const int e = errno;
    ::close(lock_fd_);
    lock_fd_ = -1;
    fail(dir_, "cannot create " + staging_.string() + " next to it: " + errno_text(e));
  }
}

ResultsFolder::~ResultsFolder() {
  if (!committed_) {
    std::error_code ignored;
    fs::remove_all(staging_, ignored);
  }
  if (lock_fd_ >= 0) ::close(lock_fd_);  // releases the lock
}

void ResultsFolder::commit() {
  try {
    // Keep the folder's other files: hard links cost nothing and leave the originals in place
    // until the exchange.
    for (const fs::directory_entry& e : fs::directory_iterator(dir_)) {
      const std::string name = e.path().filename().string();
      if (dropped_.count(name) > 0 || fs::exists(staging_ / name)) continue;
      if (name.find(".tmp.") != std::string::npos) continue;  // another writer's leftovers are not results
      if (e.is_directory()) {
        fs::copy(e.path(), staging_ / name, fs::copy_options::recursive | fs::copy_options::create_hard_links);
      } else {
        fs::create_hard_link(e.path(), staging_ / name);
      }
    }
    sync_directory(staging_);
    if (::renameat2(AT_FDCWD, staging_.c_str(), AT_FDCWD, dir_.c_str(), RENAME_EXCHANGE) != 0) {
      // File systems without the exchange (some network ones): two renames, with a moment
      // between them when DIR is absent but never one when it holds a mix.
      if (errno != EINVAL && errno != ENOSYS)
        throw std::system_error(errno, std::generic_category(), "exchanging " + staging_.string() + " with it");
      const fs::path old = staging_.string() + ".old";
      fs::rename(dir_, old);
      fs::rename(staging_, dir_);
      fs::rename(old, staging_);
    }
  } catch (const std::exception& e) {
    fail(dir_, e.what());
  }
  committed_ = true;
  sync_directory(dir_.parent_path());
  std::error_code ignored;
  fs::remove_all(staging_, ignored);  // now the old set
}

}  // namespace jsim
