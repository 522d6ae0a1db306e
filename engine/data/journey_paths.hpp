#pragma once
// Journeys reduced to what attribution needs: the ordered touches before the journey's first
// conversion (or its end), whether it converted, and the value of that conversion. Touches are
// states: channels or touchpoints (the "level"). Journeys with the same touches are aggregated
// into one distinct path, as in ChannelAttribution's path files (path, total_conversions,
// total_conversion_value, total_null).
//
// Readers (path files, event logs, results.h5, the simulator's journey recorder) all feed a
// PathAccumulator, so there is one definition of "a path" for every input.
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace jsim::data {

using State = std::uint32_t;

enum class PathLevel { Channel, Touchpoint };

// One distinct path and the journeys that followed it.
struct DistinctPath {
  std::vector<State> touches;        // in order, repeats kept as observed
  std::uint64_t conversions = 0;     // journeys on this path that converted
  std::uint64_t nulls = 0;           // journeys on this path that did not
  double value = 0.0;                // total conversion value of those conversions
  // Time decay (only when every journey on the path had timestamps and a half-life was given):
  // per touch, the sum over converted journeys of that touch's normalised decay weight
  // 2^(-(t_conversion - t_touch) / half_life) / sum of the journey's weights; and the same
  // weighted by each journey's conversion value. Empty otherwise.
  std::vector<double> decay_conversions, decay_value;
};

struct PathData {
  PathLevel level = PathLevel::Channel;
  std::vector<std::string> states;      // state id -> name
  // Touchpoint level only: the channel of each state (index into `channels`); empty otherwise.
  std::vector<State> state_channel;
  std::vector<std::string> channels;
  std::vector<DistinctPath> paths;      // in order of first appearance
  bool timed = false;                   // decay_* are filled for every path

  [[nodiscard]] std::uint64_t total_conversions() const;
  [[nodiscard]] std::uint64_t total_nulls() const;
  [[nodiscard]] double total_value() const;
};

// Builds PathData from journeys one at a time; memory grows with distinct paths, not journeys.
class PathAccumulator {
 public:
  // half_life in seconds; nullopt: no time decay kept.
  PathAccumulator(PathLevel level, std::optional<double> half_life = std::nullopt);

  // Names a state (returns its id, adding it if new). At touchpoint level `channel` names its channel.
  State state(const std::string& name, const std::string& channel = {});

  // One journey. times: empty (no timestamps) or one per touch, seconds on any common origin.
  // conversion_time: when it converted (converted journeys with times only).
  void add(const std::vector<State>& touches, bool converted, double value, std::uint64_t count = 1,
           const std::vector<double>& times = {}, double conversion_time = 0.0);

  [[nodiscard]] PathData take();

 private:
  PathData data_;
  std::optional<double> half_life_;
  std::unordered_map<std::string, State> state_ids_, channel_ids_;
  std::unordered_map<std::string, std::size_t> path_index_;  // key: touches as bytes
  bool any_untimed_ = false;
};

// "a > b > c" with the given separator token.
[[nodiscard]] std::string path_text(const PathData& d, const DistinctPath& p, const std::string& separator = " > ");

}  // namespace jsim::data
