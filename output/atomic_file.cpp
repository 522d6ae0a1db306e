#include "output/atomic_file.hpp"

#include <fstream>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <system_error>

#include "model/error.hpp"

namespace jsim {
namespace {

[[noreturn]] void fail(const std::filesystem::path& path, const std::string& why) {
  throw Error("cannot write " + path.string() + ": " + why);
}

// Without this, a crash shortly after the rename can leave an empty file at the target on
// file systems with delayed allocation: the rename reaches the disk before the data does.
void flush_to_disk(const std::filesystem::path& file) {
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw std::system_error(errno, std::generic_category(), "open " + file.string());
  const int rc = ::fsync(fd);
  const int saved = errno;
  ::close(fd);
  if (rc != 0) throw std::system_error(saved, std::generic_category(), "fsync " + file.string());
}

}  // namespace

void write_file_atomically(const std::filesystem::path& path,
                           const std::function<void(const std::filesystem::path& tmp)>& write) {
  const std::filesystem::path tmp = temporary_path(path);
  const auto discard_tmp = [&] {
    std::error_code ignored;  // best effort: the original failure is the one worth reporting
    std::filesystem::remove(tmp, ignored);
  };
  try {
    write(tmp);
    flush_to_disk(tmp);
    std::filesystem::rename(tmp, path);
  } catch (const std::exception& e) {
    discard_tmp();
    fail(path, e.what());
  } catch (...) {
    discard_tmp();
    fail(path, "unknown error");
  }
}

std::filesystem::path temporary_path(const std::filesystem::path& path) {
  std::filesystem::path tmp = path;
  tmp += ".tmp." + std::to_string(::getpid());
  return tmp;
}

void commit_file_atomically(const std::filesystem::path& tmp, const std::filesystem::path& path) {
  try {
    flush_to_disk(tmp);
    std::filesystem::rename(tmp, path);
  } catch (const std::exception& e) {
    std::error_code ignored;
    std::filesystem::remove(tmp, ignored);
    fail(path, e.what());
  }
}

void write_text_atomically(const std::filesystem::path& path, const std::string& text) {
  write_file_atomically(path, [&](const std::filesystem::path& tmp) {
    std::ofstream out(tmp, std::ios::binary);
    if (!out) throw Error("cannot open " + tmp.string());
    out << text;
    out.close();
    if (!out) throw Error("write error on " + tmp.string());
  });
}

void make_directory(const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw Error("cannot create directory " + dir.string() + ": " + ec.message());
}

}  // namespace jsim
