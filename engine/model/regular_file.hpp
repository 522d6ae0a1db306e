#pragma once
// Input files must be regular files. A FIFO blocks forever when opened, a device such as
// /dev/zero never ends, a directory is no text: each is refused by its kind, before opening.
#include <filesystem>
#include <optional>
#include <string>

namespace jsim {

// Why `path` cannot be read as an input file ("no such file", "it is a FIFO (named pipe)", ...),
// or std::nullopt when it is a regular file (or a link to one).
[[nodiscard]] std::optional<std::string> not_a_regular_file(const std::filesystem::path& path);

}  // namespace jsim
