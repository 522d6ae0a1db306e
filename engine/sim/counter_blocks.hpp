#pragma once
// Counters as named, flat blocks of one array. Every observer that counts registers its blocks
// once; merging two threads' counters (and, later, reducing ranks) is then one loop (one call)
// over one array, so no counter can be forgotten in a merge.
//
// Everything is an unsigned 64-bit integer. Signed quantities (money in cents, frustration in
// thousandths) are stored in two's complement: modular addition is exact, associative and
// commutative, so sums do not depend on the order of merging and read back exactly as int64.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace jsim {

class CounterBlocks {
 public:
  struct Block {
    std::string name;
    std::size_t offset = 0, size = 0;
  };

  // Registers a block of `size` zeroed counters; returns its offset into values().
  std::size_t add(std::string name, std::size_t size) {
    const std::size_t offset = values_.size();
    blocks_.push_back({std::move(name), offset, size});
    values_.resize(offset + size, 0);
    return offset;
  }

  // Adds another set with the same blocks (a thread's or a rank's counters).
  void merge(const CounterBlocks& o) {
    for (std::size_t i = 0; i < values_.size(); ++i) values_[i] += o.values_[i];
  }

  [[nodiscard]] std::span<const std::uint64_t> block(const Block& b) const { return {values_.data() + b.offset, b.size}; }
  [[nodiscard]] const std::vector<Block>& blocks() const { return blocks_; }
  [[nodiscard]] std::span<std::uint64_t> values() { return values_; }
  [[nodiscard]] std::span<const std::uint64_t> values() const { return values_; }

 private:
  std::vector<Block> blocks_;
  std::vector<std::uint64_t> values_;
};

}  // namespace jsim
