#pragma once
// Writes a file so that no reader ever sees it half-written: the content goes to a temporary
// sibling first and is renamed over the target only once complete.
#include <filesystem>
#include <functional>
#include <string>

namespace jsim {

// Calls write(tmp) with tmp = "<path>.tmp.<pid>" (same directory, so the rename cannot cross
// file systems), flushes tmp to disk, then renames it to path, replacing any existing file whole.
// On any failure (write throws, tmp missing, rename fails) tmp is removed and jsim::Error naming
// path is thrown; an existing file at path is then left untouched.
void write_file_atomically(const std::filesystem::path& path,
                           const std::function<void(const std::filesystem::path& tmp)>& write);

// For files streamed to a temporary while a run goes (journey exports): flushes tmp to disk and
// renames it to path. On failure tmp is removed and jsim::Error naming path is thrown.
void commit_file_atomically(const std::filesystem::path& tmp, const std::filesystem::path& path);

// A text file written atomically.
void write_text_atomically(const std::filesystem::path& path, const std::string& text);

// Creates a directory and its parents; jsim::Error naming it on failure.
void make_directory(const std::filesystem::path& dir);

// "<path>.tmp.<pid>": the temporary name every atomic write uses.
[[nodiscard]] std::filesystem::path temporary_path(const std::filesystem::path& path);

}  // namespace jsim
