#pragma once
// Typed, position-aware reading of yaml-cpp nodes for the scenario loader. Every problem becomes
// a Diagnostic (file, 1-based line and column, message naming what was expected) and the caller
// carries on with a default, so one pass finds all errors. Nothing here throws on bad input.
#include <array>
#include <cstdint>
#include <initializer_list>
#include <unordered_map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include "model/distribution.hpp"
#include "model/error.hpp"
#include "model/value_ranges.hpp"

namespace jsim::yaml {

// A file and a 1-based position in it (line 0: the file as a whole).
struct Place {
  std::string file;
  int line = 0;
  int column = 0;
};

// A node with its path in the document ("touchpoints[3].channel"), which prefixes messages, and
// the file it came from ("": the reader's own file).
struct Field {
  YAML::Node node;
  std::string path;
  std::string file;
};

// Where the nodes of a resolved document came from. An overlay's resolved document mixes nodes
// of several files (docs/scenario-format.md, "Overlays"), and yaml-cpp nodes keep their line and
// column but not their file; the nodes a merge or a --set builds have no position at all.
// Nodes are told apart by identity (YAML::Node::is), so a node of one file never passes for
// another's, whatever their positions. A plain scenario file needs no notes: every node is its own.
class Origins {
 public:
  struct Origin {
    std::string file;         // where the node and what is under it (unless noted itself) came from
    std::optional<Place> at;  // for a built node: where to report it
  };
  // `node` came from `file`, at its own line and column. A node already noted keeps its note.
  void note(const YAML::Node& node, const std::string& file);
  // `node` was built: it is reported at `at`. The latest note of a node counts, so a value that
  // replaces another in place (a --set) is reported as what it now is.
  void note_built(const YAML::Node& node, const Place& at);
  // The latest note of `node`, or nullptr.
  [[nodiscard]] const Origin* find(const YAML::Node& node) const;

 private:
  // Notes by the node's position in its file (-1 for built nodes), to keep look-ups short.
  std::unordered_map<int, std::vector<std::pair<YAML::Node, Origin>>> notes_;
};

// What the numbers of a distribution are: durations (units allowed) or money (plain numbers).
enum class Quantity { Duration, Money };

// Short description of a node for "got ..." in messages: 'text', a list, a mapping, nothing.
[[nodiscard]] std::string describe(const YAML::Node& node);
// "line L, column C" of `first`, naming its file when that is not the file of `here` (in an
// overlay, what clashes may be written in the base).
[[nodiscard]] std::string where(const Place& first, const Place& here);
// "a, b, c" (at most a dozen names, then "...").
[[nodiscard]] std::string join_names(const std::vector<std::string>& names);

class Reader {
 public:
  // `origins`, when given, says where the nodes of a resolved overlay came from; it must outlive
  // the reader, and may gain notes while the reader is in use.
  Reader(std::string file, std::vector<Diagnostic>& sink, const Origins* origins = nullptr)
      : file_(std::move(file)), sink_(sink), origins_(origins) {}

  [[nodiscard]] const std::string& file() const { return file_; }
  [[nodiscard]] Place place(const YAML::Mark& mark) const;  // in the reader's own file
  [[nodiscard]] Place place(const Field& f) const;          // in the file the node came from
  void error(const Place& at, std::string message);
  void error(const Field& at, const std::string& message);  // "PATH: message" at the node
  // The paths of the fields reported so far: their values are defaults now (model/validation.hpp).
  [[nodiscard]] const std::set<std::string>& reported() const { return reported_; }

  // Parses one YAML document; malformed YAML is reported at yaml-cpp's position.
  [[nodiscard]] std::optional<YAML::Node> parse(const std::string& text);
  // The document's root as a field of the reader's file.
  [[nodiscard]] Field root(const YAML::Node& node) const { return {node, "", file_}; }
  // A node found under `parent`, with its path: it came from the parent's file unless noted otherwise.
  [[nodiscard]] Field child(const Field& parent, const YAML::Node& node, std::string path) const;

  // --- Structure. Each reports a wrong shape and returns false / nullopt.
  // The key/value pairs of a mapping (keys must be distinct scalars); value paths are "path.key".
  [[nodiscard]] std::optional<std::vector<std::pair<Field, Field>>> entries(const Field& f);
  // A mapping whose keys are all among `allowed` (unknown keys are reported, reading goes on).
  bool map(const Field& f, std::span<const std::string_view> allowed);
  bool map(const Field& f, std::initializer_list<std::string_view> allowed) {
    return map(f, std::span(allowed.begin(), allowed.size()));
  }
  // The items of a list, with paths "path[i]"; at least min_size of them.
  [[nodiscard]] std::optional<std::vector<Field>> list(const Field& f, std::size_t min_size = 0);
  // map.key if present (no report when absent), or reported as missing at the map.
  [[nodiscard]] std::optional<Field> field(const Field& map, std::string_view key) const;
  [[nodiscard]] std::optional<Field> required(const Field& map, std::string_view key);

  // --- Scalars.
  [[nodiscard]] std::optional<std::string> text(const Field& f);  // null reads as ""
  [[nodiscard]] std::optional<std::string> id(const Field& f);
  [[nodiscard]] std::optional<double> number(const Field& f);  // any finite number
  [[nodiscard]] std::optional<double> non_negative(const Field& f);
  [[nodiscard]] std::optional<double> probability(const Field& f);
  [[nodiscard]] std::optional<double> number_in(const Field& f, double lo, double hi);
  [[nodiscard]] std::optional<double> number_in(const Field& f, Range r);  // a plain number in r
  [[nodiscard]] std::optional<double> duration(const Field& f);  // seconds, in [0, 10 years]
  [[nodiscard]] std::optional<double> positive_duration(const Field& f);  // seconds, > 0
  [[nodiscard]] std::optional<double> duration_in(const Field& f, Range r);  // seconds, in r
  [[nodiscard]] std::optional<bool> boolean(const Field& f);  // true or false
  [[nodiscard]] std::optional<double> money(const Field& f);  // currency units, in [0, limits::kMaxMoney]
  [[nodiscard]] std::optional<double> amount(const Field& f, Quantity q);  // duration or money, >= 0 and bounded
  [[nodiscard]] std::optional<std::uint64_t> integer(const Field& f, std::uint64_t min, std::uint64_t max);
  // One of a fixed set of names; `what` names the set in the message ("unknown kind 'x' ...").
  template <class E, std::size_t N>
  [[nodiscard]] std::optional<E> choice(const Field& f, std::string_view what,
                                        const std::array<std::pair<std::string_view, E>, N>& options);

  // --- Compound values.
  [[nodiscard]] std::optional<Distribution> distribution(const Field& f, Quantity q);
  // A list of numbers >= 0, not all zero, of exactly `count` items when given.
  [[nodiscard]] std::optional<std::vector<double>> weights(const Field& f, std::optional<std::size_t> count);
  // Reports (at the list) a list of weights that has no positive weight.
  bool not_all_zero(const Field& list, const std::vector<double>& weights);

 private:
  // v, or nothing when `why` (out_of_range's answer) says it is outside: reported with the value as written.
  [[nodiscard]] std::optional<double> within(const Field& f, double v, const std::optional<std::string>& why);
  [[nodiscard]] std::optional<double> amount_field(const Field& map, std::string_view key, Quantity q,
                                                   bool positive);
  [[nodiscard]] std::optional<Distribution> lognormal(const Field& f, Quantity q);
  [[nodiscard]] std::optional<Distribution> empirical(const Field& f, Quantity q);

  std::string file_;
  std::vector<Diagnostic>& sink_;
  const Origins* origins_;
  std::set<std::string> reported_;
};

template <class E, std::size_t N>
std::optional<E> Reader::choice(const Field& f, std::string_view what,
                                const std::array<std::pair<std::string_view, E>, N>& options) {
  std::vector<std::string> names;
  for (const auto& [name, value] : options) {
    if (f.node.IsScalar() && f.node.Scalar() == name) return value;
    names.emplace_back(name);
  }
  if (f.node.IsScalar())
    error(f, "unknown " + std::string(what) + " " + describe(f.node) + " (expected one of: " + join_names(names) + ")");
  else
    error(f, "expected a " + std::string(what) + " (one of: " + join_names(names) + "), got " + describe(f.node));
  return std::nullopt;
}

}  // namespace jsim::yaml
