#pragma once
// Runs the built jsim command for end-to-end tests, capturing exit status, stdout and stderr.
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "test_files.hpp"

#include <sys/wait.h>
#include <unistd.h>

namespace jsim::testing {

struct Outcome {
  int status;
  std::string out, err;
};

// Runs `jsim ARGS` from the source directory; under `timeout` when timeout_s > 0 (a hang: status 124).
inline Outcome jsim(const std::string& args, int timeout_s = 0) {
  static int call = 0;
  const std::filesystem::path err = std::filesystem::temp_directory_path() /
                                    ("jsim_test_err_" + std::to_string(::getpid()) + "_" + std::to_string(call++));
  const std::string cmd = std::string("cd ") + JSIM_SOURCE_DIR + " && " + (timeout_s > 0 ? "timeout " + std::to_string(timeout_s) + " " : std::string()) + JSIM_BINARY + " " + args + " 2>" + err.string();
  FILE* pipe = ::popen(cmd.c_str(), "r");
  std::string out;
  std::array<char, 4096> buf{};
  while (std::size_t n = std::fread(buf.data(), 1, buf.size(), pipe)) out.append(buf.data(), n);
  const int raw = ::pclose(pipe);
  Outcome o{WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, out, slurp(err)};
  std::filesystem::remove(err);
  return o;
}

}  // namespace jsim::testing
