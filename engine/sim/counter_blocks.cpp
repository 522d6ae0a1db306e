#include "sim/counter_blocks.hpp"

#include "model/error.hpp"

namespace jsim {

const CounterBlocks::Block& CounterBlocks::find(const std::string& name) const {
  for (const Block& b : blocks_)
    if (b.name == name) return b;
  throw Error("no counter block named '" + name + "'");
}

}  // namespace jsim
