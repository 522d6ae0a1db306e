#include "output/channel_colours.hpp"

#include <array>
#include <cstdint>
#include <utility>

namespace jsim::html {
namespace {

// The bundled scenarios' channels (scenarios/*.yaml). Names that never meet in one scenario may
// share a colour (phone and call_centre are one channel by two names); tests check that every
// bundled scenario's channels are told apart.
constexpr std::array<std::pair<std::string_view, const char*>, 23> kFixed{{
    {"web", "#7fb2e5"},     {"app", "#b39ddb"},      {"store", "#f2b35a"},       {"social", "#6cc4a1"},
    {"email", "#e89ac7"},   {"support", "#e8d05a"},  {"call_centre", "#e8d05a"}, {"phone", "#e8d05a"},
    {"chat", "#86d0d6"},    {"sms", "#b9d870"},      {"branch", "#f4a582"},      {"clinic", "#c2b280"},
    {"airport", "#b0b7c3"}, {"advisor", "#f7c8a0"},  {"advice", "#b0b7c3"},      {"video", "#9fd9b4"},
    {"webinar", "#9fd9b4"}, {"portal", "#a3c4f3"},   {"meta", "#c5b0d5"},        {"search", "#aec7e8"},
    {"mail", "#dbdb8d"},    {"marketplace", "#ffbb78"}, {"partner", "#c49c94"},
}};

// For any other name; none of these is a fixed entry's colour.
constexpr std::array<const char*, 8> kExtra{"#c7e9c0", "#fdd0a2", "#dadaeb", "#fcbba1",
                                            "#c6dbef", "#f2f0a1", "#d9d9d9", "#f7b6d2"};

// FNV-1a (64 bit): specified, unlike std::hash, so a name maps to the same colour everywhere.
std::uint64_t fnv1a(std::string_view text) {
  std::uint64_t h = 14695981039346656037ull;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

}  // namespace

const char* channel_colour(std::string_view channel) {
  for (const auto& [name, colour] : kFixed)
    if (name == channel) return colour;
  return kExtra[fnv1a(channel) % kExtra.size()];
}

}  // namespace jsim::html
