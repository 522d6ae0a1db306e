#pragma once
// Walker's alias method: O(1) weighted choice from one 64-bit random word.
#include <cstdint>
#include <span>
#include <vector>

namespace jsim {

struct AliasSlot {
  std::uint64_t threshold;  // keep `primary` when the low 32 bits are below this (scale 2^32)
  std::uint32_t primary;
  std::uint32_t alias;
};

// Builds slots for weights (not all zero); appends them to `out` so many tables share one array.
void build_alias_slots(std::span<const double> weights, std::vector<AliasSlot>& out);

// Picks an index among `count` slots starting at `slots`: high 32 bits choose the slot, low 32 bits the coin.
[[nodiscard]] inline std::uint32_t alias_pick(const AliasSlot* slots, std::uint32_t count, std::uint64_t r) {
  const auto slot = static_cast<std::uint32_t>(((r >> 32) * count) >> 32);
  const AliasSlot& s = slots[slot];
  return (r & 0xFFFFFFFFu) < s.threshold ? s.primary : s.alias;
}

class AliasTable {
 public:
  AliasTable() = default;
  explicit AliasTable(std::span<const double> weights) { build_alias_slots(weights, slots_); }
  [[nodiscard]] std::uint32_t pick(std::uint64_t r) const {
    return alias_pick(slots_.data(), static_cast<std::uint32_t>(slots_.size()), r);
  }
  [[nodiscard]] bool empty() const { return slots_.empty(); }

 private:
  std::vector<AliasSlot> slots_;
};

}  // namespace jsim
