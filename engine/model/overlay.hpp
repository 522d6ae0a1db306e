#pragma once
// Resolving a scenario document before it is read (docs/scenario-format.md): the persona include
// and `extends` (overlays: what-if files that name a base and change only what differs).
// The result is one YAML tree mixing nodes of several files; yaml::Origins says which file each
// came from, so that every diagnostic names the file, line and column the user wrote.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "model/error.hpp"
#include "model/yaml_reader.hpp"

namespace jsim {

struct ResolvedDocument {
  yaml::Field root;      // the document to read
  bool other_files = false;  // `extends` or a persona include was followed: the text alone is not what runs
};

// Resolves `text`, the contents of `label` (a file, or a name for text that is not one);
// relative paths in it are taken from `dir`. `own_path`, when the text is a file, starts the
// chain of files being resolved, in which a file met again is an `extends` cycle.
// Problems go to `sink`; nodes are noted in `origins`, which must outlive the result.
// std::nullopt when nothing can be read (the reason is in `sink`).
[[nodiscard]] std::optional<ResolvedDocument> resolve_document(const std::string& text, const std::string& label,
                                                               const std::filesystem::path& dir,
                                                               const std::optional<std::filesystem::path>& own_path,
                                                               yaml::Origins& origins, std::vector<Diagnostic>& sink);

// The text of a file, or std::nullopt with why it could not be read.
[[nodiscard]] std::optional<std::string> read_text(const std::filesystem::path& path, std::string& why);

}  // namespace jsim
