#include "model/setting_differences.hpp"

#include <yaml-cpp/yaml.h>

#include <map>
#include <utility>

namespace jsim {
namespace {

constexpr const char* kAbsent = "(absent)";

// The name an item of a list is addressed by, as --set finds it (model/overrides.cpp).
std::string item_name(const YAML::Node& item, std::size_t index) {
  if (item.IsMap())
    for (const char* key : {"id", "from", "touchpoint"})
      if (item[key] && item[key].IsScalar()) return item[key].Scalar();
  return std::to_string(index);
}

std::string text_of(const YAML::Node& n) {
  if (n.IsScalar()) return n.Scalar();
  YAML::Emitter out;
  out << YAML::Flow << n;
  return out.c_str();
}

// Leaves in document order; a list of scalars is one leaf, the way it is written.
void flatten(const YAML::Node& n, const std::string& path, std::vector<std::pair<std::string, std::string>>& out) {
  if (n.IsMap()) {
    for (const auto& kv : n) flatten(kv.second, path.empty() ? kv.first.Scalar() : path + "." + kv.first.Scalar(), out);
  } else if (n.IsSequence() && n.size() > 0 && (n[0].IsMap() || n[0].IsSequence())) {
    for (std::size_t i = 0; i < n.size(); ++i) flatten(n[i], path + "." + item_name(n[i], i), out);
  } else {
    out.emplace_back(path, text_of(n));
  }
}

YAML::Node last_document(const std::string& text) {
  const std::vector<YAML::Node> docs = YAML::LoadAll(text);
  return docs.empty() ? YAML::Node() : docs.back();
}

}  // namespace

std::vector<SettingDifference> differing_settings(const std::string& base_text, const std::string& what_if_text) {
  std::vector<std::pair<std::string, std::string>> base, what_if;
  try {
    flatten(last_document(base_text), "", base);
    flatten(last_document(what_if_text), "", what_if);
  } catch (const YAML::Exception& e) {
    return {{"(scenario)", "", std::string("could not be compared: ") + e.what()}};
  }
  std::map<std::string, std::string> other(what_if.begin(), what_if.end());
  std::vector<SettingDifference> out;
  for (const auto& [path, value] : base) {
    const auto it = other.find(path);
    const std::string theirs = it == other.end() ? kAbsent : it->second;
    if (theirs != value) out.push_back({path, value, theirs});
    if (it != other.end()) other.erase(it);
  }
  for (const auto& [path, value] : what_if)
    if (other.count(path) > 0) out.push_back({path, kAbsent, value});
  return out;
}

}  // namespace jsim
