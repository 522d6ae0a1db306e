#pragma once
// The readers under fuzzing take a file path, so each input is written to one file per process
// in tmpfs (/dev/shm): no disk I/O per execution, and -jobs/-workers do not share a file.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

namespace jsim::fuzz {

inline std::filesystem::path input_file(const std::uint8_t* data, std::size_t size, const char* suffix) {
  const std::filesystem::path dir = std::filesystem::exists("/dev/shm") ? "/dev/shm" : std::filesystem::temp_directory_path();
  std::filesystem::path file = dir / ("jsim-fuzz-" + std::to_string(::getpid()) + suffix);
  std::ofstream(file, std::ios::binary | std::ios::trunc).write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  return file;
}

}  // namespace jsim::fuzz
