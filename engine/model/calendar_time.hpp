#pragma once
// Calendar instants for people and other tools: ISO 8601 in, ISO 8601 out (UTC).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace jsim {

// Seconds since 1970-01-01T00:00:00Z of "YYYY-MM-DD", "YYYY-MM-DDThh:mm[:ss[.fff]]" with an
// optional "Z" or "±hh:mm" offset (a space may replace the T); nullopt if it is none of these.
[[nodiscard]] std::optional<double> parse_iso8601(std::string_view text);

// "YYYY-MM-DDThh:mm:ss.fffZ" (milliseconds, UTC).
[[nodiscard]] std::string format_iso8601(double unix_seconds);
inline constexpr std::size_t kIso8601Length = 24;
// The same into out[0..24), without allocating (event logs write millions).
void write_iso8601(double unix_seconds, char* out);

}  // namespace jsim
