#include "model/overrides.hpp"

#include <optional>
#include <string>

namespace jsim {

namespace {

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    const auto dot = path.find('.', start);
    parts.push_back(path.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
    if (dot == std::string::npos) return parts;
    start = dot + 1;
  }
}

bool scalar_equals(const YAML::Node& map, const char* key, const std::string& value) {
  for (const auto& kv : map)
    if (kv.first.IsScalar() && kv.first.Scalar() == key) return kv.second.IsScalar() && kv.second.Scalar() == value;
  return false;
}

// The list item named `name`: the one whose id (or from, or touchpoint) is `name`.
std::optional<YAML::Node> find_item(const YAML::Node& list, const std::string& name) {
  for (const auto& item : list) {
    if (!item.IsMap()) continue;
    for (const char* key : {"id", "from", "touchpoint"})
      if (scalar_equals(item, key, name)) return item;
  }
  return std::nullopt;
}

std::string label(const Override& o) { return "--set " + o.path + "=" + o.value; }

// Sets one override; returns what is wrong with its path, or nothing.
std::optional<std::string> apply(YAML::Node node, const Override& o, yaml::Origins& origins) {
  const std::vector<std::string> parts = split_path(o.path);
  std::string walked;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const std::string& part = parts[i];
    if (part.empty()) return "empty part in the path (expected names separated by single dots)";
    const bool last = i + 1 == parts.size();
    if (node.IsSequence()) {
      if (last) return "'" + walked + "' is a list: name an item and then a key, e.g. " + walked + ".ID.KEY";
      auto item = find_item(node, part);
      if (!item) return "'" + walked + "' has no item with id '" + part + "'";
      node.reset(*item);
    } else if (node.IsMap() || node.IsNull() || !node.IsDefined()) {  // undefined: created on the way
      if (last) {
        const YAML::Node value(o.value);
        node[part] = value;
        origins.note_built(value, {label(o), 0, 0});
        return std::nullopt;
      }
      YAML::Node child = node[part];  // created, as a mapping, by the assignment at the end
      node.reset(child);
    } else {
      return "'" + walked + "' is a single value, so it has no '" + part + "'";
    }
    walked += (walked.empty() ? "" : ".") + part;
  }
  return std::nullopt;
}

}  // namespace

void apply_overrides(YAML::Node root, const std::vector<Override>& overrides, yaml::Origins& origins,
                     std::vector<Diagnostic>& out) {
  for (const Override& o : overrides)
    if (const auto problem = apply(root, o, origins)) out.push_back({label(o), 0, 0, "cannot set " + o.path + ": " + *problem});
}

}  // namespace jsim
