#pragma once
// The one `--set` grammar of every command (docs/scenario-format.md, "Command-line overrides"):
//
//   SETTING  = PATH "=" VALUE          whitespace around PATH and VALUE is trimmed
//   PATH     = PART ("." PART)*        a PART with dots (or quotes, '=', spaces) is written in
//                                      double quotes, touchpoints."web.home".servers, or with
//                                      backslash escapes, touchpoints.web\.home.servers
//   VALUE    = the rest, verbatim      for a single setting: commas and quotes are kept
//
// A sweep reads the same PATH "=" and then a list or a range (experiment/sweep_grid.hpp), whose
// items split at commas outside double quotes: "Hello, world",Bye is two values.
// Every error is a ScenarioError naming "--set SPEC" (exit 2).
#include <string>
#include <vector>

namespace jsim {

// One `--set PATH=VALUE` setting, applied to the scenario's YAML before it is read and validated.
// `path` is the PATH as written (trimmed; override_path_parts splits it); `value` the text of a
// YAML scalar, read like one written in the file.
struct Override {
  std::string path;
  std::string value;
  [[nodiscard]] std::string text() const { return path + "=" + value; }  // "PATH=VALUE", as recorded in results
  bool operator==(const Override&) const = default;
};

// PATH (canonical: override_path_text of its parts) and what follows '=' (trimmed), split at the
// first '=' outside quotes; throws ScenarioError naming "OPTION SPEC" (option: --set, --zip) for
// no '=', an empty or malformed PATH.
struct SettingText {
  std::string path;
  std::string rhs;
};
[[nodiscard]] SettingText split_setting(const std::string& spec, const std::string& option = "--set");

// The parts of a PATH, quotes and escapes removed; throws ScenarioError naming `label`
// ("--set SPEC") for an empty part, an unterminated quote or unquoted whitespace.
[[nodiscard]] std::vector<std::string> override_path_parts(const std::string& path, const std::string& label);

// A PATH from its parts, quoting the parts that need it: the inverse of override_path_parts.
[[nodiscard]] std::string override_path_text(const std::vector<std::string>& parts);

// A single setting PATH=VALUE (VALUE verbatim, may be empty), and a command's list of them.
[[nodiscard]] Override parse_setting(const std::string& spec);
[[nodiscard]] std::vector<Override> parse_settings(const std::vector<std::string>& specs);

// "PATH=VALUE, PATH=VALUE": a design point's settings, as reports and results name it.
[[nodiscard]] std::string settings_text(const std::vector<Override>& settings);

// "v1,v2,..." split at commas outside double quotes, each item trimmed and a quoted item
// unquoted; throws ScenarioError naming `label` ("--set SPEC") for an empty item.
[[nodiscard]] std::vector<std::string> split_value_list(const std::string& list, const std::string& label);

// Throws ScenarioError({label, 0, 0, message}): the one way a --set is reported as wrong.
[[noreturn]] void setting_error(const std::string& label, const std::string& message);

// Whether `text` has `what` outside double quotes (a range's "..", a list's ',').
[[nodiscard]] bool has_unquoted(const std::string& text, const std::string& what);

// The texts of the settings, "PATH=VALUE" each: what results files record as `settings`.
[[nodiscard]] std::vector<std::string> settings_texts(const std::vector<Override>& settings);

}  // namespace jsim
