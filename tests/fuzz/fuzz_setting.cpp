// Fuzz target: the --set grammar (parse_setting) and the sweep axis grammar (parse_axis, as --set
// and as --zip), each fed the whole input as one spec.
#include <cstddef>
#include <cstdint>
#include <string>

#include "experiment/sweep_grid.hpp"
#include "model/error.hpp"
#include "model/override_grammar.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string spec(reinterpret_cast<const char*>(data), size);
  try {
    (void)jsim::parse_setting(spec);
  } catch (const jsim::Error&) {
  }
  for (const char* option : {"--set", "--zip"}) {
    try {
      (void)jsim::parse_axis(spec, option);
    } catch (const jsim::Error&) {
    }
  }
  return 0;
}
