#include "model/override_grammar.hpp"

#include <utility>

#include "model/error.hpp"

namespace jsim {

namespace {

constexpr const char* kSpace = " \t\r\n";

std::string trim(const std::string& s) {
  const auto first = s.find_first_not_of(kSpace);
  if (first == std::string::npos) return {};
  return s.substr(first, s.find_last_not_of(kSpace) - first + 1);
}

// Position of the first `what` outside double quotes (a backslash escapes the next character
// inside and outside them), or npos.
std::size_t find_unquoted(const std::string& text, const std::string& what) {
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\') {
      ++i;
    } else if (text[i] == '"') {
      quoted = !quoted;
    } else if (!quoted && text.compare(i, what.size(), what) == 0) {
      return i;
    }
  }
  return std::string::npos;
}

// "text" (already trimmed) without its quotes and escapes, when it is one quoted token.
std::string unquote(const std::string& text) {
  if (text.size() < 2 || text.front() != '"' || text.back() != '"') return text;
  std::string out;
  for (std::size_t i = 1; i + 1 < text.size(); ++i) {
    if (text[i] == '"') return text;  // two quoted pieces: not one token, kept as written
    if (text[i] == '\\' && i + 2 < text.size()) ++i;
    out += text[i];
  }
  return out;
}

}  // namespace

void setting_error(const std::string& label, const std::string& message) {
  throw ScenarioError({Diagnostic{label, 0, 0, message}});
}

std::vector<std::string> override_path_parts(const std::string& path, const std::string& label) {
  std::vector<std::string> parts;
  std::string part;
  bool quoted = false;  // the part had quotes, so it may be empty
  const auto end_part = [&] {
    if (part.empty() && !quoted)
      setting_error(label, "empty part in the path '" + path + "' (expected names separated by single dots)");
    parts.push_back(std::exchange(part, {}));
    quoted = false;
  };
  for (std::size_t i = 0; i < path.size(); ++i) {
    const char c = path[i];
    if (c == '\\') {
      if (i + 1 == path.size()) setting_error(label, "the path '" + path + "' ends in a backslash");
      part += path[++i];
    } else if (c == '"') {
      quoted = true;
      for (++i; i < path.size() && path[i] != '"'; ++i) {
        if (path[i] == '\\' && i + 1 < path.size()) ++i;
        part += path[i];
      }
      if (i == path.size()) setting_error(label, "unterminated quote in the path '" + path + "'");
    } else if (c == '.') {
      end_part();
    } else if (std::string(kSpace).find(c) != std::string::npos) {
      setting_error(label, "space in the path '" + path + "': quote a part that has spaces, e.g. personas.\"my id\".share");
    } else {
      part += c;
    }
  }
  end_part();
  return parts;
}

std::string override_path_text(const std::vector<std::string>& parts) {
  std::string out;
  for (const std::string& part : parts) {
    if (!out.empty()) out += '.';
    if (!part.empty() && part.find_first_of(". \t\r\n\"\\=,") == std::string::npos) {
      out += part;
      continue;
    }
    out += '"';
    for (const char c : part) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  return out;
}

SettingText split_setting(const std::string& spec, const std::string& option) {
  const std::string label = option + " " + spec;
  const auto eq = find_unquoted(spec, "=");
  if (eq == std::string::npos) {
    (void)override_path_parts(trim(spec), label);  // an unterminated quote hides the '=': say so
    setting_error(label, "expected PATH=VALUE, e.g. design.integration=0.5");
  }
  const std::string path = trim(spec.substr(0, eq));
  if (path.empty()) setting_error(label, "expected a path such as design.integration before '='");
  return {override_path_text(override_path_parts(path, label)), trim(spec.substr(eq + 1))};
}

Override parse_setting(const std::string& spec) {
  SettingText t = split_setting(spec);
  return {std::move(t.path), std::move(t.rhs)};
}

std::vector<Override> parse_settings(const std::vector<std::string>& specs) {
  std::vector<Override> out;
  for (const std::string& spec : specs) out.push_back(parse_setting(spec));
  return out;
}

bool has_unquoted(const std::string& text, const std::string& what) {
  return find_unquoted(text, what) != std::string::npos;
}

std::vector<std::string> split_value_list(const std::string& list, const std::string& label) {
  std::vector<std::string> values;
  std::string rest = list;
  while (true) {
    const auto comma = find_unquoted(rest, ",");
    const std::string item = trim(rest.substr(0, comma));
    if (item.empty()) setting_error(label, "empty value in the list: expected PATH=v1,v2,... with no empty entries");
    values.push_back(unquote(item));
    if (comma == std::string::npos) return values;
    rest = rest.substr(comma + 1);
  }
}

std::vector<std::string> settings_texts(const std::vector<Override>& settings) {
  std::vector<std::string> out;
  for (const Override& o : settings) out.push_back(o.text());
  return out;
}

std::string settings_text(const std::vector<Override>& settings) {
  std::string s;
  for (const Override& o : settings) s += (s.empty() ? "" : ", ") + o.path + "=" + o.value;
  return s;
}

}  // namespace jsim
