// Fuzz target: a path file in ChannelAttribution's layout through read_path_file.
#include <cstddef>
#include <cstdint>

#include "data/path_file.hpp"
#include "fuzz_input_file.hpp"
#include "model/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    (void)jsim::data::read_path_file(jsim::fuzz::input_file(data, size, ".paths.csv"));
  } catch (const jsim::Error&) {
  }
  return 0;
}
