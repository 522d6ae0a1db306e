#include "model/uncertain_inputs.hpp"

#include <fmt/format.h>

#include "model/error.hpp"
#include "model/overlay.hpp"

namespace jsim {

namespace {

// The name overrides address a list item by (model/overrides.cpp: id, then from, then touchpoint).
std::string item_name(const YAML::Node& item) {
  if (item.IsMap())
    for (const char* key : {"id", "from", "touchpoint"})
      if (item[key] && item[key].IsScalar()) return item[key].Scalar();
  return "";
}

class Finder {
 public:
  Finder(const std::string& file, const yaml::Origins& origins) : file_(file), origins_(origins) {}

  void walk(const YAML::Node& node, const std::string& path) {
    if (node.IsMap()) {
      if (node.size() == 1 && node["uncertain"]) return found(node, path);
      for (const auto& kv : node)
        if (kv.first.IsScalar()) walk(kv.second, path.empty() ? kv.first.Scalar() : path + "." + kv.first.Scalar());
    } else if (node.IsSequence()) {
      for (const auto& item : node) {
        const std::string name = item_name(item);
        if (name.empty()) {
          if (holds_uncertain(item)) fail(item, "an uncertain value in a list item without an id cannot be addressed");
          continue;
        }
        walk(item, path + "." + name);
      }
    }
  }

  std::vector<UncertainInput> inputs;
  std::vector<Diagnostic> problems;

 private:
  static bool holds_uncertain(const YAML::Node& node) {
    if (node.IsMap() && node.size() == 1 && node["uncertain"]) return true;
    if (node.IsMap())
      for (const auto& kv : node)
        if (holds_uncertain(kv.second)) return true;
    if (node.IsSequence())
      for (const auto& item : node)
        if (holds_uncertain(item)) return true;
    return false;
  }

  void found(const YAML::Node& node, const std::string& path) {
    std::string why;
    if (const auto belief = belief_from_yaml(node["uncertain"], why))
      inputs.push_back({path, *belief});
    else
      fail(node["uncertain"], path + ": " + why);
  }

  void fail(const YAML::Node& node, const std::string& message) {
    const yaml::Origins::Origin* origin = origins_.find(node);
    const std::string file = origin && !origin->file.empty() ? origin->file : file_;
    problems.push_back({file, node.Mark().line + 1, node.Mark().column + 1, message});
  }

  const std::string& file_;
  const yaml::Origins& origins_;
};

}  // namespace

std::vector<UncertainInput> uncertain_inputs(const std::filesystem::path& file) {
  std::string why;
  const auto text = read_text(file, why);
  if (!text) throw ScenarioError({Diagnostic{file.string(), 0, 0, "cannot read file: " + why}});
  yaml::Origins origins;
  std::vector<Diagnostic> problems;
  const auto doc = resolve_document(*text, file.string(), file.parent_path(), file, origins, problems);
  if (!doc) throw ScenarioError(std::move(problems));
  Finder finder(file.string(), origins);
  finder.walk(doc->root.node, "");
  if (!finder.problems.empty()) throw ScenarioError(std::move(finder.problems));
  return finder.inputs;
}

UncertainInput parse_uncertain(const std::string& spec) {
  const auto eq = spec.find('=');
  std::string why = "expected PATH=DIST(...), e.g. touchpoints.landing.friction=uniform(0.1,0.3)";
  if (eq != std::string::npos && eq > 0)
    if (const auto belief = parse_belief(spec.substr(eq + 1), why)) return {spec.substr(0, eq), *belief};
  throw ScenarioError({Diagnostic{"--uncertain " + spec, 0, 0, why}});
}

std::vector<UncertainInput> with_inputs(std::vector<UncertainInput> inputs, const std::vector<UncertainInput>& extra) {
  for (const UncertainInput& e : extra) {
    bool replaced = false;
    for (UncertainInput& i : inputs)
      if (i.path == e.path) {
        i = e;
        replaced = true;
      }
    if (!replaced) inputs.push_back(e);
  }
  return inputs;
}

std::vector<Override> sample_overrides(const std::vector<UncertainInput>& inputs, const std::vector<double>& u) {
  std::vector<Override> out;
  for (std::size_t i = 0; i < inputs.size(); ++i)
    out.push_back({inputs[i].path, fmt::format("{:.17g}", inputs[i].belief.quantile(u[i]))});
  return out;
}

}  // namespace jsim
