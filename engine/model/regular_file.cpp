#include "model/regular_file.hpp"

#include <cstring>

namespace jsim {

std::optional<std::string> not_a_regular_file(const std::filesystem::path& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);  // follows links: a link to a regular file is fine
  switch (st.type()) {
    case fs::file_type::regular: return std::nullopt;
    case fs::file_type::not_found: return std::string("no such file");
    case fs::file_type::directory: return std::string("it is a directory, not a file");
    case fs::file_type::fifo: return std::string("it is a FIFO (named pipe), not a regular file");
    case fs::file_type::socket: return std::string("it is a socket, not a regular file");
    case fs::file_type::block:
    case fs::file_type::character: return std::string("it is a device, not a regular file");
    default: return ec ? ec.message() : std::string("not a regular file");
  }
}

}  // namespace jsim
