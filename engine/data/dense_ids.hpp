#pragma once
// Dense ids 0, 1, 2, ... for 64-bit keys, in order of first sight. Open addressing with linear
// probing over flat arrays: the order-k Markov index does tens of millions of look-ups on a
// million paths, and std::unordered_map would allocate a node for every key.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "sim/random.hpp"

namespace jsim::data::detail {

class DenseIds {
 public:
  explicit DenseIds(std::size_t expected = 16) {
    std::size_t cap = 16;
    while (cap < 2 * expected) cap *= 2;
    slot_key_.assign(cap, 0);
    slot_id_.assign(cap, kEmpty);
  }

  // The key's id, adding the key if it is new.
  std::uint32_t id(std::uint64_t key) {
    std::size_t i = slot(key);
    if (slot_id_[i] != kEmpty) return slot_id_[i];
    if (2 * (keys_.size() + 1) > slot_key_.size()) {
      grow();
      i = slot(key);
    }
    const auto fresh = static_cast<std::uint32_t>(keys_.size());
    slot_key_[i] = key;
    slot_id_[i] = fresh;
    keys_.push_back(key);
    return fresh;
  }

  [[nodiscard]] std::size_t size() const { return keys_.size(); }
  [[nodiscard]] const std::vector<std::uint64_t>& keys() const { return keys_; }  // by id

 private:
  static constexpr std::uint32_t kEmpty = ~std::uint32_t{0};

  // The slot holding `key`, or the empty slot where it would go.
  [[nodiscard]] std::size_t slot(std::uint64_t key) const {
    const std::size_t mask = slot_key_.size() - 1;
    std::size_t i = mix64(key) & mask;  // packed tuples are far from uniform
    while (slot_id_[i] != kEmpty && slot_key_[i] != key) i = (i + 1) & mask;
    return i;
  }

  void grow() {
    const std::size_t cap = slot_key_.size() * 2;
    slot_key_.assign(cap, 0);
    slot_id_.assign(cap, kEmpty);
    for (std::uint32_t id = 0; id < keys_.size(); ++id) {
      const std::size_t i = slot(keys_[id]);
      slot_key_[i] = keys_[id];
      slot_id_[i] = id;
    }
  }

  std::vector<std::uint64_t> slot_key_;
  std::vector<std::uint32_t> slot_id_;
  std::vector<std::uint64_t> keys_;
};

}  // namespace jsim::data::detail
