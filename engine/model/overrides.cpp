#include "model/overrides.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <set>
#include <optional>

#include "model/document_path.hpp"

namespace jsim {

namespace {

constexpr double kShareTolerance = 1e-6;  // as the loader checks the sum

std::string label(const Override& o) { return "--set " + o.text(); }

std::optional<double> number(const std::string& text) {
  double x = 0.0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), x);
  if (ec != std::errc() || ptr != text.data() + text.size() || !std::isfinite(x)) return std::nullopt;
  return x;
}

// The persona whose share `o` sets, if it sets one: personas.ID.share.
std::optional<std::string> share_of(const Override& o) {
  const std::vector<std::string> parts = override_path_parts(o.path, label(o));
  if (parts.size() == 3 && parts[0] == "personas" && parts[2] == "share") return parts[1];
  return std::nullopt;
}

// Rescales the shares of the personas no setting names so that all shares sum to 1 again
// (model/overrides.hpp). Anything it cannot read is left for the loader to report.
void rescale_shares(YAML::Node root, const std::string& file, const std::vector<Override>& overrides,
                    yaml::Origins& origins, std::vector<Diagnostic>& out, std::vector<std::string>& notes) {
  std::set<std::string> set;  // the personas whose share a setting gives
  const Override* last = nullptr;  // the last such setting, which the messages name
  for (const Override& o : overrides)
    if (const auto id = share_of(o)) {
      set.insert(*id);
      last = &o;
    }
  const YAML::Node& doc = root;  // read through a const handle: looking up must not add keys
  if (set.empty() || !doc["personas"].IsSequence()) return;
  double given = 0.0, rest = 0.0;
  std::vector<std::pair<std::string, double>> others;  // in persona order
  for (const auto& p : doc["personas"]) {
    if (!p.IsMap() || !p["id"].IsScalar()) return;
    const auto share = p["share"].IsScalar() ? number(p["share"].Scalar()) : std::nullopt;
    if (!share || *share < 0.0 || *share > 1.0) return;  // the loader says what is wrong with it
    if (set.count(p["id"].Scalar())) {
      given += *share;
    } else {
      rest += *share;
      others.emplace_back(p["id"].Scalar(), *share);
    }
  }
  if (std::abs(given + rest - 1.0) <= kShareTolerance) return;  // still a mix: nothing to rescale
  if (given > 1.0 + kShareTolerance) {
    out.push_back({label(*last), 0, 0, fmt::format("the shares set sum to {:.12g}, above 1: persona shares are a mix", given)});
    return;
  }
  if (rest <= 0.0) {
    out.push_back({label(*last), 0, 0,
                   fmt::format("the shares set sum to {:.12g}, and the other personas have none to rescale to make 1",
                               given)});
    return;
  }
  const double factor = (1.0 - given) / rest;
  for (const auto& [id, share] : others) {
    const std::string value = fmt::format("{:.12g}", share * factor);
    const std::vector<std::string> parts{"personas", id, "share"};
    (void)set_document_path(root, file, parts, value, {label(*last) + " (rescaled " + override_path_text(parts) + ")", 0, 0},
                            origins);
    notes.push_back(fmt::format("{} {:.12g} -> {} (rescaled so that persona shares sum to 1)", override_path_text(parts),
                                share, value));
  }
}

}  // namespace

void apply_overrides(YAML::Node root, const std::string& file, const std::vector<Override>& overrides,
                     yaml::Origins& origins, std::vector<Diagnostic>& out, std::vector<std::string>& notes) {
  bool all_set = true;
  for (const Override& o : overrides) {
    const auto problem =
        set_document_path(root, file, override_path_parts(o.path, label(o)), o.value, {label(o), 0, 0}, origins);
    if (problem) out.push_back({label(o), 0, 0, *problem});
    all_set = all_set && !problem;
  }
  if (all_set) rescale_shares(root, file, overrides, origins, out, notes);
}

}  // namespace jsim
