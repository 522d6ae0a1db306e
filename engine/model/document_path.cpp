#include "model/document_path.hpp"

#include <algorithm>
#include <span>
#include <string_view>

#include "model/loader.hpp"
#include "model/nearest_name.hpp"
#include "model/override_grammar.hpp"
#include "model/scenario_keys.hpp"

namespace jsim {

namespace {

using yaml::Field;

std::vector<std::string> names_of(std::span<const std::string_view> keys) {
  return {keys.begin(), keys.end()};
}

// The name of a list item: its id (or from, or touchpoint), as the overlay and the loader name it.
std::optional<std::string> item_name(const YAML::Node& item) {
  if (!item.IsMap()) return std::nullopt;
  for (const char* key : {"id", "from", "touchpoint"})
    for (const auto& kv : item)
      if (kv.first.IsScalar() && kv.first.Scalar() == key && kv.second.IsScalar()) return kv.second.Scalar();
  return std::nullopt;
}

// The keys the format allows in the mapping at `at` (list items written "*"), or nothing where it
// does not fix them. A persona's affinity is keyed by the document's channel ids.
std::optional<std::vector<std::string>> allowed_keys(const std::vector<std::string>& at, const YAML::Node& root) {
  const auto is = [&](std::initializer_list<std::string_view> place) {
    return std::equal(at.begin(), at.end(), place.begin(), place.end());
  };
  if (is({})) return names_of(keys::kTop);
  if (is({"scenario"})) return names_of(keys::kSettings);
  if (is({"channels", "*"})) return names_of(keys::kChannel);
  if (is({"touchpoints", "*"})) return names_of(keys::kTouchpoint);
  if (is({"touchpoints", "*", "hours"})) return names_of(keys::kHours);
  if (is({"transitions", "*"})) return names_of(keys::kTransition);
  if (is({"transitions", "*", "to", "*"})) return names_of(keys::kTarget);
  if (is({"entry", "*"}) || is({"personas", "*", "entry", "*"})) return names_of(keys::kEntry);
  if (is({"personas", "*"})) return names_of(keys::kPersona);
  if (is({"arrivals"})) return names_of(keys::kArrivals);
  if (is({"design"})) return names_of(design_keys());
  if (is({"touchpoints", "*", "service"}) || is({"touchpoints", "*", "order_value"}) ||
      is({"transitions", "*", "to", "*", "delay"}) || is({"personas", "*", "patience"}) ||
      is({"personas", "*", "retry_delay"}) || is({"personas", "*", "repeat_delay"}))
    return names_of(keys::kDistribution);
  if (is({"personas", "*", "affinity"})) {
    std::vector<std::string> channels;
    if (root["channels"].IsSequence())
      for (const auto& c : root["channels"])
        if (auto id = item_name(c)) channels.push_back(*id);
    return channels;
  }
  return std::nullopt;
}

// "; did you mean 'x'?" for a near name, else the names there are.
std::string suggestion(const std::string& name, const std::vector<std::string>& known) {
  if (const auto near = nearest_name(name, known)) return "; did you mean '" + *near + "'?";
  if (known.empty()) return " (there are none)";
  return " (expected one of: " + yaml::join_names(known) + ")";
}

struct PathProblem {
  std::string message;
};

// One path set in one document, rebuilding the mappings and lists along it (set_document_path).
class PathSetter {
 public:
  PathSetter(const YAML::Node& root, const std::string& file, const std::vector<std::string>& parts,
             const std::string& value, const yaml::Place& value_at, yaml::Origins& origins)
      : root_(root), parts_(parts), value_(value), value_at_(value_at), origins_(origins), reader_(file, sink_, &origins) {}

  [[nodiscard]] YAML::Node set_root() { return set(reader_.root(root_), 0); }

 private:
  // The node replacing f.node, with parts_[i...] set under it.
  YAML::Node set(const Field& f, std::size_t i) {
    if (i == parts_.size()) {
      if (f.node.IsSequence())
        throw PathProblem{"'" + walked(i) + "' is a list: name an item and then a key, e.g. " + walked(i) + ".ID.KEY"};
      YAML::Node value(value_);
      origins_.note_built(value, value_at_);
      return value;
    }
    if (f.node.IsSequence()) return set_in_list(f, i);
    if (f.node.IsMap() || f.node.IsNull() || !f.node.IsDefined()) return set_in_map(f, i);
    throw PathProblem{"'" + walked(i) + "' is a single value, so it has no '" + parts_[i] + "'"};
  }

  YAML::Node set_in_map(const Field& f, std::size_t i) {
    const std::string& part = parts_[i];
    YAML::Node out = rebuilt(f, YAML::NodeType::Map);
    bool found = false;
    if (f.node.IsMap())
      for (const auto& kv : f.node) {
        const bool here = !found && kv.first.IsScalar() && kv.first.Scalar() == part;
        found = found || here;
        out.force_insert(kv.first, here ? descend(reader_.child(f, kv.second, f.path + "." + part), i, part) : kv.second);
      }
    if (!found) {
      if (const auto known = allowed_keys(at_, root_); known && std::find(known->begin(), known->end(), part) == known->end())
        throw PathProblem{"no '" + part + "' " + (i == 0 ? "at the top level" : "under '" + walked(i) + "'") +
                          suggestion(part, *known)};
      YAML::Node key(part);
      origins_.note_built(key, value_at_);
      out.force_insert(key, descend({YAML::Node(), f.path + "." + part, f.file}, i, part));  // created
    }
    return out;
  }

  YAML::Node set_in_list(const Field& f, std::size_t i) {
    const std::string& part = parts_[i];
    const std::size_t index = item_index(f.node, i);
    YAML::Node out = rebuilt(f, YAML::NodeType::Sequence);
    std::size_t k = 0;
    for (const auto& entry : f.node) {
      const YAML::Node& item = entry;  // a list entry is a node
      out.push_back(k == index ? descend(reader_.child(f, item, f.path + "." + part), i, "*") : item);
      ++k;
    }
    return out;
  }

  // Sets parts_[i + 1...] under the child named parts_[i], which is `place` in the format.
  YAML::Node descend(const Field& child, std::size_t i, const std::string& place) {
    at_.push_back(place);
    YAML::Node out = set(child, i + 1);
    at_.pop_back();
    return out;
  }

  // A new, empty container standing for f.node: reported where f.node was, written in its style.
  YAML::Node rebuilt(const Field& f, YAML::NodeType::value type) {
    YAML::Node out(type);
    if (f.node.Type() == type) {
      out.SetStyle(f.node.Style());
      origins_.note_built(out, reader_.place(f));
    } else {
      origins_.note_built(out, value_at_);  // made by the --set
    }
    return out;
  }

  // The position in `list` of the item parts_[i] names: by id (or from, touchpoint) in a list of
  // mappings, by 0-based position in a list of plain values.
  std::size_t item_index(const YAML::Node& list, std::size_t i) const {
    const std::string& part = parts_[i];
    std::vector<std::string> names;
    bool plain = list.size() > 0;
    for (const auto& item : list) {
      plain = plain && !item.IsMap();
      if (const auto name = item_name(item)) {
        if (*name == part) return names.size();
        names.push_back(*name);
      } else {
        names.emplace_back();  // keeps positions aligned
      }
    }
    if (plain) {
      const bool digits = !part.empty() && part.find_first_not_of("0123456789") == std::string::npos;
      if (digits && part.size() < 10 && std::stoul(part) < list.size()) return std::stoul(part);
      throw PathProblem{"'" + walked(i) + "' is a list of " + std::to_string(list.size()) +
                        " values: name one by its position, 0 to " + std::to_string(list.size() - 1)};
    }
    std::erase(names, std::string());
    throw PathProblem{"no '" + part + "' in '" + walked(i) + "'" + suggestion(part, names)};
  }

  [[nodiscard]] std::string walked(std::size_t i) const {
    return override_path_text(std::vector<std::string>(parts_.begin(), parts_.begin() + static_cast<std::ptrdiff_t>(i)));
  }

  const YAML::Node& root_;
  const std::vector<std::string>& parts_;
  const std::string& value_;
  const yaml::Place& value_at_;
  yaml::Origins& origins_;
  std::vector<Diagnostic> sink_;  // the reader only places nodes here; it reports nothing
  yaml::Reader reader_;
  std::vector<std::string> at_;  // where in the format the walk is: keys, "*" for a list item
};

}  // namespace

std::optional<std::string> set_document_path(YAML::Node root, const std::string& file,
                                             const std::vector<std::string>& parts, const std::string& value,
                                             const yaml::Place& value_at, yaml::Origins& origins) {
  try {
    YAML::Node updated = PathSetter(root, file, parts, value, value_at, origins).set_root();
    root = updated;  // the root handle now holds the rebuilt document (the root is never an alias)
    return std::nullopt;
  } catch (const PathProblem& p) {
    return p.message;
  }
}

}  // namespace jsim
