#include "model/overlay.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "model/limits.hpp"
#include "model/regular_file.hpp"

namespace jsim {

namespace {

namespace fs = std::filesystem;
using yaml::Field;
using yaml::Origins;
using yaml::Reader;

// How a part of a scenario merges with the base's (docs/scenario-format.md, "Overlays").
struct Shape {
  enum class Kind { Whole, Map, List };
  struct Key {
    std::string_view name;
    const Shape* shape;
  };
  Kind kind = Kind::Whole;  // Whole: the overlay's value replaces the base's
  // Map: merged key by key; these keys merge by a shape of their own, any other is replaced whole.
  std::vector<Key> keys{};
  std::string_view drop{};  // Map: a key of the overlay that is not carried into the result
  // List: items are matched by the value of this key; "" = the overlay's list replaces the base's.
  std::string_view match{};
  std::string_view what{};      // List: what an item is, for messages ("touchpoint", "move to")
  const Shape* item = nullptr;  // List: how a matched item merges
  // List: the key whose value names a touchpoint; an item of the base goes when the overlay
  // removes that touchpoint (moves and entries into it, transitions out of it).
  std::string_view refers{};
};

using Kind = Shape::Kind;
const Shape kWhole{};
const Shape kKeys{.kind = Kind::Map};
const Shape kMoves{.kind = Kind::List, .match = "touchpoint", .what = "move to", .item = &kKeys, .refers = "touchpoint"};
const Shape kTransition{.kind = Kind::Map, .keys = {{"to", &kMoves}}};
const Shape kTransitions{
    .kind = Kind::List, .match = "from", .what = "transitions from", .item = &kTransition, .refers = "from"};
const Shape kEntry{.kind = Kind::List, .match = "touchpoint", .what = "entry at", .item = &kKeys, .refers = "touchpoint"};
// A persona's own entry list is one of its keys, so an overlay replaces it whole; it still loses
// the touchpoints the overlay removes.
const Shape kPersonaEntry{.kind = Kind::List, .refers = "touchpoint"};
const Shape kPersona{.kind = Kind::Map, .keys = {{"entry", &kPersonaEntry}}};
const Shape kPersonas{.kind = Kind::List, .match = "id", .what = "persona", .item = &kPersona};
const Shape kTouchpoints{.kind = Kind::List, .match = "id", .what = "touchpoint", .item = &kKeys};
const Shape kChannels{.kind = Kind::List, .match = "id", .what = "channel", .item = &kKeys};
const Shape kDocument{.kind = Kind::Map,
                      .keys = {{"scenario", &kKeys},
                               {"design", &kKeys},
                               {"arrivals", &kKeys},
                               {"touchpoints", &kTouchpoints},
                               {"channels", &kChannels},
                               {"personas", &kPersonas},
                               {"transitions", &kTransitions},
                               {"entry", &kEntry}},
                      .drop = "extends"};

const Shape& shape_of(const Shape& map, const YAML::Node& key) {
  if (key.IsScalar())
    for (const auto& k : map.keys)
      if (k.name == key.Scalar()) return *k.shape;
  return kWhole;
}

// The scalar value of item.key, when the item is a mapping that has one.
std::optional<std::string> name_of(const YAML::Node& item, std::string_view key) {
  if (!item.IsMap()) return std::nullopt;
  for (const auto& kv : item)
    if (kv.first.IsScalar() && kv.first.Scalar() == key)
      return kv.second.IsScalar() ? std::optional(kv.second.Scalar()) : std::nullopt;
  return std::nullopt;
}

// `true` as the scenario reader reads it.
bool is_true(const std::optional<std::string>& s) { return s && (*s == "true" || *s == "True" || *s == "TRUE"); }

// A new mapping or list made of nodes of several files. Each part is noted with the file it
// came from; the new node itself is reported at `at`, the node whose change it carries.
class Built {
 public:
  Built(Origins& origins, const Reader& r, YAML::NodeType::value type, const Field& at)
      : origins_(origins), field_{YAML::Node(type), at.path, at.file} {
    origins_.note_built(field_.node, r.place(at));
    if (at.node.Type() == type) field_.node.SetStyle(at.node.Style());  // jsim show writes {a: 1} as it was written
  }
  void add(const Field& key, const Field& value) {
    field_.node.force_insert(key.node, value.node);  // the nodes themselves, not copies: they keep their marks
    origins_.note(key.node, key.file);
    origins_.note(value.node, value.file);
  }
  void add(const Field& item) {
    field_.node.push_back(item.node);
    origins_.note(item.node, item.file);
  }
  [[nodiscard]] const Field& field() const { return field_; }

 private:
  Origins& origins_;
  Field field_;
};

// Merges one overlay onto its (resolved) base. Parsed nodes are never changed: what differs is
// built anew out of them, so a node shared through a YAML alias changes nowhere else.
class Merger {
 public:
  Merger(Reader& r, Origins& origins, std::unordered_set<std::string> removed_touchpoints)
      : r_(r), origins_(origins), removed_(std::move(removed_touchpoints)) {}

  // Both documents resolved, the overlay without its `extends`; std::nullopt when the base is not
  // a scenario mapping (reported in the base's file).
  std::optional<Field> document(const Field& base, const Field& overlay) {
    if (!base.node.IsMap()) {
      (void)r_.entries(base);  // reports what it is instead
      return std::nullopt;
    }
    return merge(kDocument, base, overlay);
  }

 private:
  Field merge(const Shape& shape, const Field& base, const Field& over) {
    if (shape.kind == Kind::Map && base.node.IsMap() && over.node.IsMap()) return merge_map(shape, base, over);
    if (shape.kind == Kind::List && !shape.match.empty() && base.node.IsSequence() && over.node.IsSequence())
      return merge_list(shape, base, over);
    return fresh(shape, over);  // replaced whole (a value of the wrong kind is reported by the reader)
  }

  // Overlay content with nothing under it in the base: merged with an empty base, so that a
  // `remove: true` in it is reported as naming nothing in the base.
  Field fresh(const Shape& shape, const Field& over) {
    if (shape.kind == Kind::Map && !shape.keys.empty() && over.node.IsMap())
      return merge_map(shape, {YAML::Node(YAML::NodeType::Map), over.path, over.file}, over);
    if (shape.kind == Kind::List && !shape.match.empty() && over.node.IsSequence())
      return merge_list(shape, {YAML::Node(YAML::NodeType::Sequence), over.path, over.file}, over);
    return over;
  }

  Field merge_map(const Shape& shape, const Field& base, const Field& over) {
    // Both are mappings: entries() lists their keys, reporting (and leaving out) a key written twice.
    const auto base_entries = r_.entries(base).value_or(std::vector<std::pair<Field, Field>>{});
    const auto over_entries = r_.entries(over).value_or(std::vector<std::pair<Field, Field>>{});
    const auto find = [](const auto& entries, const std::string& key) -> const std::pair<Field, Field>* {
      for (const auto& e : entries)
        if (e.first.node.Scalar() == key) return &e;
      return nullptr;
    };
    Built out(origins_, r_, YAML::NodeType::Map, over);
    for (const auto& [key, value] : base_entries) {
      const Shape& sub = shape_of(shape, key.node);
      if (const auto* o = find(over_entries, key.node.Scalar()))
        out.add(o->first, merge(sub, value, o->second));  // the overlay's key: that is where the change is written
      else
        out.add(key, prune(sub, value));
    }
    for (const auto& [key, value] : over_entries)
      if (key.node.Scalar() != shape.drop && !find(base_entries, key.node.Scalar()))
        out.add(key, fresh(shape_of(shape, key.node), value));
    return out.field();
  }

  Field merge_list(const Shape& shape, const Field& base, const Field& over) {
    const auto base_items = r_.list(base).value_or(std::vector<Field>{});
    const auto over_items = r_.list(over).value_or(std::vector<Field>{});
    std::unordered_map<std::string, std::size_t> index;  // the base's items by name (a name's first item)
    std::vector<std::string> names;                      // in the base's order, for messages
    for (std::size_t i = 0; i < base_items.size(); ++i)
      if (const auto name = name_of(base_items[i].node, shape.match); name && index.emplace(*name, i).second)
        names.push_back(*name);

    std::vector<std::optional<Field>> merged(base_items.size());  // set: the overlay changed the item
    std::vector<bool> removed(base_items.size(), false);
    std::unordered_map<std::string, Field> listed;  // the overlay's items by name: one listed twice is ambiguous
    std::vector<Field> added;
    for (const Field& item : over_items) {
      const auto name = name_of(item.node, shape.match);
      if (name) {
        const auto [first, is_first] = listed.emplace(*name, item);
        if (!is_first) {
          r_.error(item, std::string(shape.what) + " '" + *name + "' is listed twice in this overlay (first at line " +
                             std::to_string(r_.place(first->second).line) + ")");
          continue;
        }
      }
      const auto at = name ? index.find(*name) : index.end();
      const std::optional<std::size_t> i = at == index.end() ? std::nullopt : std::optional(at->second);
      if (const auto remove = r_.field(item, "remove")) {
        if (removal_ok(shape, item, *remove, i.has_value(), names)) removed[*i] = true;
      } else if (i) {
        merged[*i] = merge(*shape.item, base_items[*i], item);
      } else {
        added.push_back(fresh(*shape.item, item));
      }
    }

    Built out(origins_, r_, YAML::NodeType::Sequence, over);
    for (std::size_t i = 0; i < base_items.size(); ++i) {
      if (removed[i]) continue;
      if (merged[i])
        out.add(*merged[i]);
      else if (!goes(shape, base_items[i]))
        out.add(prune(*shape.item, base_items[i]));
    }
    for (const Field& item : added) out.add(item);
    return out.field();
  }

  // Checks an item with a `remove` key: `remove: true`, the item's name and nothing else, naming
  // an item of the base. Reports what is wrong; true when the base's item is to be removed.
  bool removal_ok(const Shape& shape, const Field& item, const Field& remove, bool in_base,
                  const std::vector<std::string>& names) {
    bool ok = true;
    if (!is_true(remove.node.IsScalar() ? std::optional(remove.node.Scalar()) : std::nullopt)) {
      r_.error(remove, "expected true (remove: true removes the item), got " + yaml::describe(remove.node));
      ok = false;
    }
    // remove: true says all there is to say: any other key would be silently ignored.
    for (const auto& [key, value] : r_.entries(item).value_or(std::vector<std::pair<Field, Field>>{})) {
      const std::string& k = key.node.Scalar();
      if (k == shape.match || k == "remove") continue;
      r_.error(key, "an item with remove: true takes no other key than '" + std::string(shape.match) + "', got '" + k + "'");
      ok = false;
    }
    const auto name = r_.required(item, shape.match);
    if (!name) return false;
    if (!in_base) {
      r_.error(*name, "no " + std::string(shape.what) + " " + yaml::describe(name->node) + " in the base to remove (" +
                          (names.empty() ? std::string("the base has none") : "the base has: " + yaml::join_names(names)) +
                          ")");
      return false;
    }
    return ok;
  }

  // An item of the base that refers to a touchpoint this overlay removes.
  bool goes(const Shape& shape, const Field& item) const {
    if (shape.refers.empty() || removed_.empty()) return false;
    const auto name = name_of(item.node, shape.refers);
    return name && removed_.contains(*name);
  }

  // The base's `base` without what refers to a touchpoint the overlay removes (itself if nothing does).
  Field prune(const Shape& shape, const Field& base) {
    if (removed_.empty()) return base;
    if (shape.kind == Kind::Map && !shape.keys.empty() && base.node.IsMap()) return prune_map(shape, base);
    if (shape.kind == Kind::List && base.node.IsSequence()) return prune_list(shape, base);
    return base;
  }

  Field prune_map(const Shape& shape, const Field& base) {
    // Not entries(): a mapping left as it is must not have its duplicate keys reported twice.
    std::vector<std::pair<Field, Field>> parts;
    bool changed = false;
    for (const auto& kv : base.node) {
      const Field value = r_.child(base, kv.second, base.path);
      Field pruned = prune(shape_of(shape, kv.first), value);
      changed = changed || !pruned.node.is(value.node);
      parts.push_back({r_.child(base, kv.first, base.path), std::move(pruned)});
    }
    if (!changed) return base;
    Built out(origins_, r_, YAML::NodeType::Map, base);
    for (const auto& [key, value] : parts) out.add(key, value);
    return out.field();
  }

  Field prune_list(const Shape& shape, const Field& base) {
    std::vector<Field> kept;
    bool changed = false;
    for (const auto& n : base.node) {
      const Field item = r_.child(base, n, base.path);
      if (goes(shape, item)) {
        changed = true;
        continue;
      }
      Field pruned = shape.item ? prune(*shape.item, item) : item;
      changed = changed || !pruned.node.is(item.node);
      kept.push_back(std::move(pruned));
    }
    if (!changed) return base;
    Built out(origins_, r_, YAML::NodeType::Sequence, base);
    for (const Field& item : kept) out.add(item);
    return out.field();
  }

  Reader& r_;
  Origins& origins_;
  std::unordered_set<std::string> removed_;  // touchpoints the overlay removes
};

// The ids of the touchpoints an overlay removes, read before merging because every section loses
// what refers to them. Only well-formed removals ({id: ID, remove: true}) count: a malformed one
// is reported by the merge and removes nothing, so it must not take moves and entries with it.
std::unordered_set<std::string> removed_touchpoints(const Reader& r, const Field& overlay) {
  std::unordered_set<std::string> out;
  const auto list = r.field(overlay, "touchpoints");
  if (!list || !list->node.IsSequence()) return out;
  for (const auto& item : list->node) {
    const auto id = name_of(item, "id");
    const bool only_id_and_remove = item.IsMap() && item.size() == 2;
    if (id && only_id_and_remove && is_true(name_of(item, "remove"))) out.insert(*id);
  }
  return out;
}

// A file's identity for finding cycles: the same file however its path is written.
fs::path identity(const fs::path& path) {
  std::error_code ec;
  const fs::path canonical = fs::weakly_canonical(path, ec);
  return ec ? path.lexically_normal() : canonical;
}

class Resolver {
 public:
  Resolver(Origins& origins, std::vector<Diagnostic>& sink) : origins_(origins), sink_(sink) {}

  // Starts the chain of files being resolved with the top file, when it is one.
  void enter(const fs::path& file, const std::string& label) { chain_.push_back({identity(file), label}); }

  std::optional<ResolvedDocument> document(const std::string& text, const std::string& label, const fs::path& dir) {
    Reader r(label, sink_, &origins_);
    const auto root = r.parse(text);
    if (!root) return std::nullopt;
    // The include first: an overlay merges persona lists, whichever file each is written in.
    const Field own = r.root(*root);
    const Field doc = with_included_personas(r, own, dir);
    const auto extends = r.field(doc, "extends");
    if (!extends) return ResolvedDocument{doc, !doc.node.is(own.node)};
    const auto base = base_of(r, *extends, dir);
    if (!base) return std::nullopt;
    const auto merged = Merger(r, origins_, removed_touchpoints(r, doc)).document(*base, doc);
    if (!merged) return std::nullopt;
    return ResolvedDocument{*merged, true};
  }

 private:
  // The resolved document that `extends` names (a path relative to `dir`).
  std::optional<Field> base_of(Reader& r, const Field& extends, const fs::path& dir) {
    const auto relative = r.text(extends);
    if (!relative) return std::nullopt;
    if (relative->empty()) {
      r.error(extends, "expected the path of the base scenario (relative to this file), got nothing");
      return std::nullopt;
    }
    const fs::path path = (dir / *relative).lexically_normal();
    const fs::path id = identity(path);
    const auto cycle = std::find_if(chain_.begin(), chain_.end(), [&](const Link& l) { return l.identity == id; });
    if (cycle != chain_.end()) {
      std::string files;
      for (auto it = cycle; it != chain_.end(); ++it) files += it->label + " -> ";
      r.error(extends, "cycle: " + files + path.string() + " (a scenario cannot extend itself, even through others)");
      return std::nullopt;
    }
    // Each base is one more level of recursion here: a chain of thousands would overflow the stack.
    if (bases_ >= limits::kMaxExtendsDepth) {
      r.error(extends, "more than " + std::to_string(limits::kMaxExtendsDepth) + " bases in a chain from " +
                           chain_.front().label + " (no what-if needs so many): '" + path.string() + "' is not read");
      return std::nullopt;
    }
    std::string why;
    const auto text = read_text(path, why);
    if (!text) {
      r.error(extends, "cannot read base scenario '" + path.string() + "': " + why);
      return std::nullopt;
    }
    chain_.push_back({id, path.string()});
    ++bases_;
    const auto base = document(*text, path.string(), path.parent_path());
    --bases_;
    chain_.pop_back();
    if (!base) return std::nullopt;
    return base->root;
  }

  // `doc` with `personas: {include: PATH}` replaced by the list in that file; `doc` itself when
  // there is no include, or when it cannot be followed (reported).
  Field with_included_personas(Reader& r, const Field& doc, const fs::path& dir) {
    const auto personas = r.field(doc, "personas");
    if (!personas || !personas->node.IsMap()) return doc;
    const auto list = included_personas(r, *personas, dir);
    if (!list) return doc;
    Built out(origins_, r, YAML::NodeType::Map, doc);
    for (const auto& kv : doc.node)
      out.add(r.child(doc, kv.first, ""), kv.second.is(personas->node) ? *list : r.child(doc, kv.second, ""));
    return out.field();
  }

  // The `personas` list of the file that {include: PATH} names (PATH relative to `dir`).
  std::optional<Field> included_personas(Reader& r, const Field& f, const fs::path& dir) {
    if (!r.map(f, {"include"})) return std::nullopt;
    const auto include = r.required(f, "include");
    const auto relative = include ? r.text(*include) : std::nullopt;
    if (!relative) return std::nullopt;
    if (relative->empty()) {
      r.error(*include, "expected the path of a persona file, got nothing");
      return std::nullopt;
    }
    const fs::path path = (dir / *relative).lexically_normal();
    std::string why;
    const auto text = read_text(path, why);
    if (!text) {
      r.error(*include, "cannot read persona file '" + path.string() + "': " + why);
      return std::nullopt;
    }
    Reader included(path.string(), sink_, &origins_);
    const auto root = included.parse(*text);
    if (!root) return std::nullopt;
    const Field top = included.root(*root);
    if (!included.map(top, {"personas"})) return std::nullopt;
    return included.required(top, "personas");
  }

  struct Link {
    fs::path identity;
    std::string label;
  };
  Origins& origins_;
  std::vector<Diagnostic>& sink_;
  std::vector<Link> chain_;  // the files being resolved, outermost first
  int bases_ = 0;            // `extends` followed so far in the chain
};

}  // namespace

std::optional<std::string> read_text(const fs::path& path, std::string& why) {
  // Far beyond any scenario; it stops a path like /dev/zero from being read forever.
  constexpr std::size_t kMaxBytes = std::size_t{64} << 20;
  if (auto refused = not_a_regular_file(path)) {
    why = std::move(*refused);
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    why = std::strerror(errno);
    return std::nullopt;
  }
  std::string text;
  std::array<char, 65536> buffer{};
  while (in.read(buffer.data(), buffer.size()) || in.gcount() > 0) {
    text.append(buffer.data(), static_cast<std::size_t>(in.gcount()));
    if (text.size() > kMaxBytes) {
      why = "larger than 64 MiB, which no scenario is";
      return std::nullopt;
    }
  }
  if (in.bad()) {
    why = "read error";
    return std::nullopt;
  }
  return text;
}

std::optional<ResolvedDocument> resolve_document(const std::string& text, const std::string& label, const fs::path& dir,
                                                 const std::optional<fs::path>& own_path, Origins& origins,
                                                 std::vector<Diagnostic>& sink) {
  Resolver resolver(origins, sink);
  if (own_path) resolver.enter(*own_path, label);
  return resolver.document(text, label, dir);
}

}  // namespace jsim
