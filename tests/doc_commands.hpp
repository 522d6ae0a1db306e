#pragma once
// Finds the commands a Markdown document tells its reader to type, and the output it shows for
// them, so that tests/docs_test.cpp can run every one and hold the document to what it shows.
//
// The rules (also in docs/user-guide.md, "Docs that check themselves"):
// - A fenced block marked `sh` is a shell script the reader runs as it stands: every line is a
//   command (cp, sed, mkdir, ./build/jsim ...) that must succeed, except set-up lines
//   (`scripts/...`, `cmake`, `ctest`), which install packages or build and are what CI itself
//   runs. It shows no output.
// - Any other fenced block without a language, and any indented block, holds commands only on
//   lines that start with `./build/jsim` (or `$ ./build/jsim`, or `mpirun ... ./build/jsim`); the lines after such a command, up
//   to the next command, are its shown output (`#` lines are comments). Lines that start with `jsim ` are synopses (a
//   command's form, with FILE and [options]), not commands.
// - Blocks in another language (python, yaml) are not commands.
// - `<!-- check: exit N -->` just before a block: its last jsim command must exit with status N
//   (every other command must exit 0).
#include <string>
#include <vector>

namespace jsim::testing {

struct DocCommand {
  std::string command;             // as typed, continuation lines joined
  std::vector<std::string> shown;  // the output the document shows for it (may be empty)
};

struct DocBlock {
  int line = 0;                    // 1-based line of the block's first line, for messages
  bool script = false;             // an `sh` block: run as one script, nothing shown
  std::vector<DocCommand> commands;
  int expected_exit = 0;           // of the block's last jsim command (`<!-- check: exit N -->`)
};

inline std::string rtrim(std::string s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.pop_back();
  return s;
}

inline bool starts_with(const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; }

inline bool is_setup_line(const std::string& s) {
  return starts_with(s, "scripts/") || starts_with(s, "cmake ") || starts_with(s, "ctest ");
}

// `./build/jsim ...`, or the same under mpirun (docs/scale-out.md).
inline bool is_jsim_command(const std::string& line) {
  return starts_with(line, "./build/jsim") || (starts_with(line, "mpirun ") && line.find(" ./build/jsim") != std::string::npos);
}

// The lines of one block (fence or indent removed), turned into commands and shown output.
inline DocBlock parse_block(const std::vector<std::string>& lines, int first_line, bool script, int expected_exit) {
  DocBlock b{first_line, script, {}, expected_exit};
  bool continuing = false;  // the previous command line ended with a backslash
  for (const std::string& raw : lines) {
    std::string line = rtrim(raw);
    if (continuing) {
      b.commands.back().command += "\n" + line;
      continuing = !line.empty() && line.back() == '\\';
      continue;
    }
    if (script) {
      if (line.empty() || starts_with(line, "#") || is_setup_line(line)) continue;
    } else {
      if (starts_with(line, "$ ")) line = line.substr(2);
      if (starts_with(line, "#")) continue;  // a comment for the reader
      if (!is_jsim_command(line)) {
        if (!b.commands.empty() && !line.empty()) b.commands.back().shown.push_back(line);
        continue;
      }
    }
    b.commands.push_back({line, {}});
    continuing = !line.empty() && line.back() == '\\';
  }
  return b;
}

inline bool runs_jsim(const DocBlock& b) {
  for (const DocCommand& c : b.commands)
    if (c.command.find("./build/jsim") != std::string::npos) return true;
  return false;
}

// Every block of a Markdown text to run, in document order: `sh` scripts, and other blocks with a
// jsim command.
inline std::vector<DocBlock> doc_blocks(const std::string& markdown) {
  std::vector<std::string> lines;
  {
    std::string line;
    for (char c : markdown) {
      if (c == '\n') lines.push_back(line), line.clear();
      else line += c;
    }
    if (!line.empty()) lines.push_back(line);
  }
  std::vector<DocBlock> blocks;
  int expected_exit = 0;
  const std::string exit_marker = "<!-- check: exit ";
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string line = rtrim(lines[i]);
    if (starts_with(line, exit_marker)) {
      expected_exit = std::stoi(line.substr(exit_marker.size()));
      continue;
    }
    std::vector<std::string> body;
    const int first = static_cast<int>(i) + 2;
    if (starts_with(line, "```")) {
      const std::string language = line.substr(3);
      for (++i; i < lines.size() && !starts_with(rtrim(lines[i]), "```"); ++i) body.push_back(lines[i]);
      if (language.empty() || language == "sh" || language == "text") {
        DocBlock b = parse_block(body, first, language == "sh", expected_exit);
        // A script runs even without jsim (it prepares files the next blocks use).
        if (b.script ? !b.commands.empty() : runs_jsim(b)) blocks.push_back(std::move(b));
      }
      expected_exit = 0;
    } else if (starts_with(lines[i], "    ") && (i == 0 || rtrim(lines[i - 1]).empty())) {
      // An indented block after a blank line; list items continue with fewer spaces, so four
      // leading spaces after a blank line is code.
      for (; i < lines.size() && (starts_with(lines[i], "    ") || rtrim(lines[i]).empty()); ++i)
        body.push_back(lines[i].size() >= 4 ? lines[i].substr(4) : std::string());
      --i;
      DocBlock b = parse_block(body, first - 1, false, expected_exit);
      if (runs_jsim(b)) blocks.push_back(std::move(b));
      expected_exit = 0;
    } else if (!line.empty()) {
      expected_exit = 0;  // a marker applies only to the block right after it
    }
  }
  return blocks;
}

}  // namespace jsim::testing
