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

bool personas_included(const YAML::Node& root) {
  if (!root.IsMap()) return false;
  for (const auto& kv : root)
    if (kv.first.IsScalar() && kv.first.Scalar() == "personas") return kv.second.IsMap();
  return false;
}

// Sets one override; returns what is wrong with its path, or nothing.
std::optional<std::string> apply(YAML::Node node, const Override& o) {
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
        node[part] = YAML::Node(o.value);
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

std::vector<Override> apply_overrides(YAML::Node root, const std::vector<Override>& overrides,
                                      std::vector<Diagnostic>& out) {
  std::vector<Override> deferred;
  const bool included = personas_included(root);
  for (const Override& o : overrides) {
    if (included && o.path.starts_with("personas.") && o.path != "personas.include") {
      deferred.push_back(o);
      continue;
    }
    if (const auto problem = apply(root, o))
      out.push_back({"--set " + o.path + "=" + o.value, 0, 0, "cannot set " + o.path + ": " + *problem});
  }
  return deferred;
}

}  // namespace jsim
