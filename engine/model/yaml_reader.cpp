#include "model/yaml_reader.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <sstream>
#include <unordered_set>

#include "model/limits.hpp"
#include "model/loader.hpp"

namespace jsim {

namespace {

// A whole-string finite number, as std::from_chars reads it (plus an optional leading '+').
std::optional<double> parse_number(std::string_view s) {
  if (s.size() > 1 && s.front() == '+' && s[1] != '-') s.remove_prefix(1);
  double v = 0.0;
  const char* end = s.data() + s.size();
  const auto [p, ec] = std::from_chars(s.data(), end, v);
  if (s.empty() || ec != std::errc() || p != end || !std::isfinite(v)) return std::nullopt;
  return v;
}

double unit_seconds(char unit) {
  switch (unit) {
    case 's': return 1.0;
    case 'm': return 60.0;
    case 'h': return 3600.0;
    case 'd': return 86400.0;
    case 'w': return 7 * 86400.0;
    default: return 0.0;  // not a unit
  }
}

}  // namespace

std::optional<double> parse_duration(const std::string& text) {
  std::string_view s = text;
  double scale = 1.0;
  if (!s.empty() && unit_seconds(s.back()) > 0.0) {
    scale = unit_seconds(s.back());
    s.remove_suffix(1);
  }
  const auto v = parse_number(s);
  if (!v || !std::isfinite(*v * scale)) return std::nullopt;  // "1e308w" overflows
  return *v * scale;
}

}  // namespace jsim

namespace jsim::yaml {

namespace {

std::string join_path(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

// Quotes user text for a message, shortened and with control characters masked,
// so that garbage input gives a readable one-line message.
std::string quote(std::string_view s) {
  constexpr std::size_t kMax = 40;
  std::string out = "'";
  for (std::size_t i = 0; i < s.size() && i < kMax; ++i)
    out += (static_cast<unsigned char>(s[i]) < 0x20) ? '?' : s[i];
  if (s.size() > kMax) out += "...";
  return out + "'";
}

bool is_id(std::string_view s) {
  const auto head = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; };
  const auto tail = [&](char c) { return head(c) || (c >= '0' && c <= '9') || c == '.' || c == '-'; };
  return !s.empty() && head(s.front()) && std::all_of(s.begin() + 1, s.end(), tail);
}

}  // namespace

std::string describe(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Scalar: return quote(node.Scalar());
    case YAML::NodeType::Sequence: return "a list";
    case YAML::NodeType::Map:
      // A belief (docs/scenario-format.md, "Uncertain values") is only for jsim uncertainty,
      // which replaces it with sampled numbers; every other command is told so where it stands.
      if (node.size() == 1 && node["uncertain"])
        return "an uncertain value: only `jsim uncertainty` samples it; for other commands give a number "
               "(here, or with --set PATH=VALUE)";
      return "a mapping";
    default: return "nothing";
  }
}

std::string where(const Place& first, const Place& here) {
  std::string s = "line " + std::to_string(first.line) + ", column " + std::to_string(first.column);
  return first.file == here.file ? s : s + " of " + first.file;
}

std::string join_names(const std::vector<std::string>& names) {
  constexpr std::size_t kMax = 12;
  std::string s;
  for (std::size_t i = 0; i < names.size() && i < kMax; ++i) s += (i ? ", " : "") + names[i];
  if (names.size() > kMax) s += ", ...";
  return s;
}

namespace {

Place place_in(const std::string& file, const YAML::Mark& mark) {
  if (mark.is_null() || mark.line < 0) return {file, 0, 0};
  return {file, mark.line + 1, mark.column + 1};
}

}  // namespace

void Origins::note(const YAML::Node& node, const std::string& file) {
  if (!find(node)) notes_[node.Mark().pos].push_back({node, Origin{file, std::nullopt}});
}

void Origins::note_built(const YAML::Node& node, const Place& at) {
  notes_[node.Mark().pos].push_back({node, Origin{at.file, at}});
}

const Origins::Origin* Origins::find(const YAML::Node& node) const {
  const auto bucket = notes_.find(node.Mark().pos);
  if (bucket == notes_.end()) return nullptr;
  const auto& notes = bucket->second;
  for (auto it = notes.rbegin(); it != notes.rend(); ++it)
    if (it->first.is(node)) return &it->second;
  return nullptr;
}

Place Reader::place(const YAML::Mark& mark) const { return place_in(file_, mark); }

Place Reader::place(const Field& f) const {
  if (origins_)
    if (const auto* origin = origins_->find(f.node); origin && origin->at) return *origin->at;
  return place_in(f.file.empty() ? file_ : f.file, f.node.Mark());
}

Field Reader::child(const Field& parent, const YAML::Node& node, std::string path) const {
  const auto* origin = origins_ ? origins_->find(node) : nullptr;
  return {node, std::move(path), origin ? origin->file : parent.file};
}

void Reader::error(const Place& at, std::string message) {
  sink_.push_back({at.file, at.line, at.column, std::move(message)});
}

void Reader::error(const Field& at, const std::string& message) {
  reported_.insert(at.path);
  error(place(at), at.path.empty() ? message : at.path + ": " + message);
}

namespace {

// Walks a document without building it, remembering where it starts and where it first nests
// deeper than limits::kMaxYamlDepth (whatever walks the built tree recursively stays shallow).
class DocumentProbe : public YAML::EventHandler {
 public:
  YAML::Mark start = YAML::Mark::null_mark();
  std::optional<YAML::Mark> too_deep;
  void OnDocumentStart(const YAML::Mark& mark) override { start = mark; }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
    enter(mark);
  }
  void OnSequenceEnd() override { --depth_; }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
    enter(mark);
  }
  void OnMapEnd() override { --depth_; }

 private:
  void enter(const YAML::Mark& mark) {
    if (++depth_ > limits::kMaxYamlDepth && !too_deep) too_deep = mark;
  }
  int depth_ = 0;
};

}  // namespace

std::optional<YAML::Node> Reader::parse(const std::string& text) {
  // Not YAML::LoadAll: in yaml-cpp 0.7 it loops forever, allocating, on a stray ',' at block
  // level (jbeder/yaml-cpp#1040). YAML::Load builds the first document; a bounded probe of
  // the stream tells whether there is a second one, which would otherwise be silently ignored.
  // The probe goes first: a document nested too deep is refused before a tree is built of it.
  const std::string too_deep = "nested deeper than " + std::to_string(limits::kMaxYamlDepth) +
                               " levels of lists and mappings, which no scenario is";
  DocumentProbe probe;
  try {
    std::istringstream in(text);
    YAML::Parser parser(in);
    if (!parser.HandleNextDocument(probe)) {
      error(Place{file_, 0, 0}, "the file is empty (expected a YAML mapping)");
      return std::nullopt;
    }
    if (probe.too_deep) {
      error(place(*probe.too_deep), too_deep);
      return std::nullopt;
    }
    YAML::Node root = YAML::Load(text);
    if (parser.HandleNextDocument(probe))
      error(place(probe.start), "expected a single YAML document, found more (a second document or a stray ',')");
    return root;
  } catch (const YAML::DeepRecursion& e) {  // yaml-cpp's own guard, far deeper than ours
    error(place(probe.too_deep.value_or(e.mark)), too_deep);
    return std::nullopt;
  } catch (const YAML::Exception& e) {
    error(place(e.mark), "malformed YAML: " + e.msg);
    return std::nullopt;
  }
}

std::optional<std::vector<std::pair<Field, Field>>> Reader::entries(const Field& f) {
  if (!f.node.IsMap()) {
    error(f, "expected a mapping, got " + describe(f.node));
    return std::nullopt;
  }
  std::vector<std::pair<Field, Field>> out;
  std::unordered_set<std::string> seen;
  for (const auto& kv : f.node) {
    const Field key = child(f, kv.first, f.path);
    if (!kv.first.IsScalar()) {
      error(key, "expected a key name, got " + describe(kv.first));
      continue;
    }
    const std::string& name = kv.first.Scalar();
    if (!seen.insert(name).second) {
      error(key, "duplicate key " + quote(name));
      continue;
    }
    out.push_back({key, child(f, kv.second, join_path(f.path, name))});
  }
  return out;
}

bool Reader::map(const Field& f, std::span<const std::string_view> allowed) {
  const auto items = entries(f);
  if (!items) return false;
  for (const auto& [key, value] : *items) {
    if (std::find(allowed.begin(), allowed.end(), key.node.Scalar()) != allowed.end()) continue;
    error(key, "unknown key " + quote(key.node.Scalar()) + " (expected one of: " +
                   join_names(std::vector<std::string>(allowed.begin(), allowed.end())) + ")");
  }
  return true;
}

std::optional<std::vector<Field>> Reader::list(const Field& f, std::size_t min_size) {
  if (!f.node.IsSequence()) {
    error(f, "expected a list, got " + describe(f.node));
    return std::nullopt;
  }
  if (f.node.size() < min_size) {
    error(f, min_size == 1 ? "expected a non-empty list"
                           : "expected at least " + std::to_string(min_size) + " items, got " + std::to_string(f.node.size()));
    return std::nullopt;
  }
  std::vector<Field> items;
  for (const auto& n : f.node) items.push_back(child(f, n, f.path + "[" + std::to_string(items.size()) + "]"));
  return items;
}

std::optional<Field> Reader::field(const Field& map, std::string_view key) const {
  if (!map.node.IsMap()) return std::nullopt;
  for (const auto& kv : map.node)
    if (kv.first.IsScalar() && kv.first.Scalar() == key) return child(map, kv.second, join_path(map.path, key));
  return std::nullopt;
}

std::optional<Field> Reader::required(const Field& map, std::string_view key) {
  auto f = field(map, key);
  if (!f && map.node.IsMap()) error(map, "missing required key " + quote(key));
  return f;
}

std::optional<std::string> Reader::text(const Field& f) {
  if (f.node.IsNull()) return std::string();
  if (f.node.IsScalar()) return f.node.Scalar();
  error(f, "expected a string, got " + describe(f.node));
  return std::nullopt;
}

std::optional<std::string> Reader::id(const Field& f) {
  if (f.node.IsScalar() && is_id(f.node.Scalar())) return f.node.Scalar();
  error(f, "expected an id (a letter or '_', then letters, digits, '_', '.' or '-'), got " + describe(f.node));
  return std::nullopt;
}

std::optional<double> Reader::number(const Field& f) {
  if (f.node.IsScalar())
    if (auto v = parse_number(f.node.Scalar())) return v;
  error(f, "expected a number, got " + describe(f.node));
  return std::nullopt;
}

// The number at f if it lies in r (model/value_ranges.hpp says the words), else reported.
std::optional<double> Reader::number_in(const Field& f, Range r) {
  const auto v = number(f);
  return v ? within(f, *v, out_of_range(*v, r)) : v;
}

std::optional<double> Reader::within(const Field& f, double v, const std::optional<std::string>& why) {
  if (!why) return v;
  error(f, *why + ", got " + describe(f.node));
  return std::nullopt;
}

std::optional<double> Reader::non_negative(const Field& f) { return number_in(f, Range::NonNegative); }

std::optional<double> Reader::probability(const Field& f) { return number_in(f, Range::Probability); }

std::optional<double> Reader::number_in(const Field& f, double lo, double hi) {
  const auto v = number(f);
  return v ? within(f, *v, out_of_range(*v, lo, hi)) : v;
}

std::optional<bool> Reader::boolean(const Field& f) {
  if (f.node.IsScalar()) {
    const std::string& s = f.node.Scalar();
    if (s == "true" || s == "True" || s == "TRUE") return true;
    if (s == "false" || s == "False" || s == "FALSE") return false;
  }
  error(f, "expected true or false, got " + describe(f.node));
  return std::nullopt;
}

// A duration (units allowed), then its range.
std::optional<double> Reader::duration_in(const Field& f, Range r) {
  const auto v = f.node.IsScalar() ? parse_duration(f.node.Scalar()) : std::nullopt;
  if (!v) {
    error(f, "expected a duration (seconds, or a number with unit s, m, h, d or w such as 90s, 5m, 2.5h), got " +
                 describe(f.node));
    return std::nullopt;
  }
  return within(f, *v, out_of_range(*v, r));
}

std::optional<double> Reader::duration(const Field& f) { return duration_in(f, Range::Duration); }

std::optional<double> Reader::positive_duration(const Field& f) { return duration_in(f, Range::PositiveDuration); }

std::optional<double> Reader::money(const Field& f) { return number_in(f, Range::Money); }

std::optional<double> Reader::amount(const Field& f, Quantity q) {
  return q == Quantity::Duration ? duration(f) : money(f);
}

std::optional<std::uint64_t> Reader::integer(const Field& f, std::uint64_t min, std::uint64_t max) {
  const std::string range = max == std::numeric_limits<std::uint64_t>::max()
                                ? "an integer >= " + std::to_string(min)
                                : "an integer in [" + std::to_string(min) + ", " + std::to_string(max) + "]";
  if (!f.node.IsScalar()) {
    error(f, "expected " + range + ", got " + describe(f.node));
    return std::nullopt;
  }
  std::string_view s = f.node.Scalar();
  const bool negative = s.size() > 1 && s.front() == '-';
  if (negative) s.remove_prefix(1);
  std::uint64_t v = 0;
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  const bool digits_only = ec != std::errc::invalid_argument && p == s.data() + s.size();
  if (!digits_only) {
    error(f, "expected an integer, got " + describe(f.node));
    return std::nullopt;
  }
  const bool too_large = ec == std::errc::result_out_of_range;
  if (too_large && !negative) {
    error(f, "expected an integer no larger than " + std::to_string(max) + ", got " + describe(f.node));
    return std::nullopt;
  }
  if (too_large || (negative && v != 0) || v < min || v > max) {  // "-0" is zero
    error(f, "expected " + range + ", got " + describe(f.node));
    return std::nullopt;
  }
  return v;
}

bool Reader::not_all_zero(const Field& list, const std::vector<double>& weights) {
  if (std::any_of(weights.begin(), weights.end(), [](double w) { return w > 0; })) return true;
  error(list, weights.empty() ? "expected at least one weight" : "all weights are zero (at least one must be > 0)");
  return false;
}

std::optional<std::vector<double>> Reader::weights(const Field& f, std::optional<std::size_t> count) {
  const auto items = list(f);
  if (!items) return std::nullopt;
  if (count && items->size() != *count) {
    error(f, "expected " + std::to_string(*count) + " numbers, got " + std::to_string(items->size()));
    return std::nullopt;
  }
  std::vector<double> out;
  for (const auto& item : *items)
    if (auto w = non_negative(item)) out.push_back(*w);
  if (out.size() != items->size() || !not_all_zero(f, out)) return std::nullopt;
  return out;
}

// --- Distributions

namespace {

using Kind = Distribution::Kind;
constexpr std::array<std::pair<std::string_view, Kind>, 5> kDistKinds{{
    {"fixed", Kind::Fixed},
    {"exponential", Kind::Exponential},
    {"lognormal", Kind::Lognormal},
    {"uniform", Kind::Uniform},
    {"empirical", Kind::Empirical},
}};

}  // namespace

std::optional<double> Reader::amount_field(const Field& map, std::string_view key, Quantity q, bool positive) {
  const auto f = required(map, key);
  if (!f) return std::nullopt;
  const auto v = amount(*f, q);
  if (v && positive && *v <= 0) {
    error(*f, "expected a value > 0, got " + describe(f->node));
    return std::nullopt;
  }
  return v;
}

std::optional<Distribution> Reader::distribution(const Field& f, Quantity q) {
  // A bare duration or number means {dist: fixed, value: X}.
  if (f.node.IsScalar()) {
    const auto v = amount(f, q);
    return v ? std::optional(Distribution::fixed(*v)) : std::nullopt;
  }
  if (!f.node.IsMap()) {
    error(f, std::string("expected a distribution (a ") + (q == Quantity::Duration ? "duration" : "number") +
                 " or a mapping with 'dist'), got " + describe(f.node));
    return std::nullopt;
  }
  const auto kind_field = required(f, "dist");
  const auto kind = kind_field ? choice(*kind_field, "distribution", kDistKinds) : std::nullopt;
  if (!kind) return std::nullopt;
  switch (*kind) {
    case Kind::Fixed: {
      map(f, {"dist", "value"});
      const auto v = amount_field(f, "value", q, false);
      return v ? std::optional(Distribution::fixed(*v)) : std::nullopt;
    }
    case Kind::Exponential: {
      map(f, {"dist", "mean"});
      const auto mean = amount_field(f, "mean", q, true);
      return mean ? std::optional(Distribution::exponential(*mean)) : std::nullopt;
    }
    case Kind::Lognormal: return lognormal(f, q);
    case Kind::Uniform: {
      map(f, {"dist", "min", "max"});
      const auto lo = amount_field(f, "min", q, false);
      const auto hi = amount_field(f, "max", q, false);
      if (!lo || !hi) return std::nullopt;
      if (*lo > *hi) {
        error(*field(f, "max"), "expected max >= min (" + number_text(*lo) + "), got " + number_text(*hi));
        return std::nullopt;
      }
      return Distribution::uniform(*lo, *hi);
    }
    case Kind::Empirical: return empirical(f, q);
    case Kind::None: break;
  }
  return std::nullopt;
}

namespace {

// A lognormal's mean or sd as a duration of any size (> 0 for the mean).
std::optional<double> lognormal_moment(Reader& r, const Field& map, std::string_view key, bool positive) {
  const auto f = r.required(map, key);
  const auto v = f ? r.duration_in(*f, Range::AnyDuration) : std::nullopt;
  if (v && positive && *v <= 0) {
    r.error(*f, "expected a value > 0, got " + describe(f->node));
    return std::nullopt;
  }
  return v;
}

}  // namespace

std::optional<Distribution> Reader::lognormal(const Field& f, Quantity q) {
  map(f, {"dist", "mean", "sd"});
  // Moments fitted to heavy-tailed data (jsim discover) can be vast where the typical duration is
  // seconds, so a duration's lognormal is bounded by its median, not by its mean and sd. Money
  // keeps bounded moments (and the kernel caps each order: sim/journey_kernel.hpp).
  const bool by_median = q == Quantity::Duration;
  const auto mean = by_median ? lognormal_moment(*this, f, "mean", true) : amount_field(f, "mean", q, true);
  const auto sd = by_median ? lognormal_moment(*this, f, "sd", false) : amount_field(f, "sd", q, false);
  if (!mean || !sd) return std::nullopt;
  const Distribution d = Distribution::lognormal(*mean, *sd);
  const double median = std::exp(d.log_mu);
  if (!std::isfinite(d.log_sigma) || !std::isfinite(d.log_mu)) {
    error(*field(f, "sd"), "the sd is too large against the mean (the distribution has no finite shape)");
    return std::nullopt;
  }
  if (by_median && median > limits::kMaxDurationSeconds) {
    error(*field(f, "mean"), "this mean and sd make a median of " + number_text(median / 86400.0) +
                                 "d, more than 3650d (10 years)");
    return std::nullopt;
  }
  return d;
}

std::optional<Distribution> Reader::empirical(const Field& f, Quantity q) {
  map(f, {"dist", "values", "weights"});
  const auto values_field = required(f, "values");
  const auto items = values_field ? list(*values_field, 1) : std::nullopt;
  Distribution d;
  d.kind = Kind::Empirical;
  if (items)
    for (const auto& item : *items)
      if (auto v = amount(item, q)) d.values.push_back(*v);
  const bool values_ok = items && d.values.size() == items->size();

  // Weights are optional (equal weights); their count is only checked against good values.
  std::optional<std::vector<double>> w = std::vector<double>(d.values.size(), 1.0);
  if (const auto wf = field(f, "weights")) w = weights(*wf, values_ok ? std::optional(d.values.size()) : std::nullopt);
  if (!values_ok || !w) return std::nullopt;

  double total = 0.0;
  for (double x : *w) total += x;
  if (!std::isfinite(total)) {
    error(*field(f, "weights"), "weights are too large (their sum overflows)");
    return std::nullopt;
  }
  double running = 0.0;
  for (double x : *w) d.cumulative.push_back((running += x) / total);
  d.cumulative.back() = 1.0;  // exactly, whatever the rounding
  return d;
}

}  // namespace jsim::yaml
