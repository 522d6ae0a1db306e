#include "data/journey_paths.hpp"

#include <cmath>
#include <cstring>

namespace jsim::data {

std::uint64_t PathData::total_conversions() const {
  std::uint64_t n = 0;
  for (const auto& p : paths) n += p.conversions;
  return n;
}

std::uint64_t PathData::total_nulls() const {
  std::uint64_t n = 0;
  for (const auto& p : paths) n += p.nulls;
  return n;
}

double PathData::total_value() const {
  double v = 0.0;
  for (const auto& p : paths) v += p.value;
  return v;
}

PathAccumulator::PathAccumulator(PathLevel level, std::optional<double> half_life) : half_life_(half_life) {
  data_.level = level;
}

State PathAccumulator::state(const std::string& name, const std::string& channel) {
  const auto [it, added] = state_ids_.try_emplace(name, static_cast<State>(data_.states.size()));
  if (added) {
    data_.states.push_back(name);
    if (data_.level == PathLevel::Touchpoint) {
      const auto [ch, new_channel] = channel_ids_.try_emplace(channel, static_cast<State>(data_.channels.size()));
      if (new_channel) data_.channels.push_back(channel);
      data_.state_channel.push_back(ch->second);
    }
  }
  return it->second;
}

void PathAccumulator::add(const std::vector<State>& touches, bool converted, double value, std::uint64_t count,
                          const std::vector<double>& times, double conversion_time) {
  std::string key(touches.size() * sizeof(State), '\0');
  if (!touches.empty()) std::memcpy(key.data(), touches.data(), key.size());
  const auto [it, added] = path_index_.try_emplace(std::move(key), data_.paths.size());
  if (added) {
    DistinctPath p;
    p.touches = touches;
    if (half_life_) p.decay_conversions.assign(touches.size(), 0.0), p.decay_value.assign(touches.size(), 0.0);
    data_.paths.push_back(std::move(p));
  }
  DistinctPath& p = data_.paths[it->second];
  if (!converted) {
    p.nulls += count;
    return;
  }
  p.conversions += count;
  p.value += value;
  // A conversion with no touches has nothing to weigh; it leaves the decay of others intact.
  if (!half_life_ || touches.empty()) return;
  if (times.size() != touches.size()) {
    any_untimed_ = true;
    return;
  }
  double total = 0.0;
  std::vector<double> w(touches.size());
  for (std::size_t i = 0; i < touches.size(); ++i) total += w[i] = std::exp2(-(conversion_time - times[i]) / *half_life_);
  for (std::size_t i = 0; i < touches.size(); ++i) {
    const double share = total > 0.0 ? w[i] / total : 1.0 / static_cast<double>(touches.size());
    p.decay_conversions[i] += share * static_cast<double>(count);
    p.decay_value[i] += share * value;
  }
}

PathData PathAccumulator::take() {
  data_.timed = half_life_.has_value() && !any_untimed_;
  if (!data_.timed)
    for (auto& p : data_.paths) p.decay_conversions.clear(), p.decay_value.clear();
  path_index_.clear();
  return std::move(data_);
}

std::string path_text(const PathData& d, const DistinctPath& p, const std::string& separator) {
  std::string s;
  for (std::size_t i = 0; i < p.touches.size(); ++i) {
    if (i) s += separator;
    s += d.states[p.touches[i]];
  }
  return s;
}

}  // namespace jsim::data
