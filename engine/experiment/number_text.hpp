#pragma once
// Numbers as people read them, shared by the console, the experiment reports and the HTML report:
// thousands separators, and durations in the unit that keeps them short. Files keep plain numbers
// (CSV, JSON, HDF5: seconds, no separators); this is only for text meant to be read.
#include <string>

namespace jsim {

// Inserts thousands separators into the integer part of an already formatted number: "-1234.5" -> "-1,234.5".
[[nodiscard]] std::string group_thousands(const std::string& formatted);

// x with `decimals` decimals and thousands separators; "n/a" when not finite; never "-0.00".
[[nodiscard]] std::string grouped_number(double x, int decimals);

// "9.5 s", "42 s", "2.8 min", "20.2 h", "4.3 d"; "n/a" when not finite.
[[nodiscard]] std::string duration_text(double seconds);

}  // namespace jsim
