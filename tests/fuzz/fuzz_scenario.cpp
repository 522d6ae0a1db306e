// Fuzz target: scenario YAML text through the loader, the overlay resolver (`extends`, resolved
// against tests/data/, where the overlay fixtures are) and validation. Bad input must end in jsim::Error, never a crash.
#include <cstddef>
#include <cstdint>
#include <string>

#include "model/error.hpp"
#include "model/loader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    (void)jsim::load_scenario_text(text, "fuzz.yaml", JSIM_SOURCE_DIR "/tests/data");
  } catch (const jsim::Error&) {  // ScenarioError included: reported, as the CLI would
  }
  return 0;
}
