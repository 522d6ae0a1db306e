// The user documents check themselves: every command block of README.md, docs/tutorial.md,
// docs/user-guide.md and docs/experiments.md runs here, and the output a document shows after a
// command must appear, line for line, in what the command prints now. The same seed gives
// bit-identical results, so a shown block is compared exactly; only the run header's thread
// count and wall-clock time (how the run ran, not what it found) are left out of the comparison.
// Which blocks are commands and which are shown output: tests/doc_commands.hpp.
//
// Each document runs in its own temporary directory that sees the repository's scenarios/ and
// personas/ and a build/jsim, so commands that write (out/..., work/...) never touch the checkout.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <regex>

#include "doc_commands.hpp"
#include "test_files.hpp"

#include <sys/wait.h>

namespace fs = std::filesystem;
using namespace jsim::testing;

namespace {

struct Shell {
  int status;
  std::string output;  // stdout and stderr together, as a reader sees them
};

Shell run_in(const fs::path& dir, const std::string& script) {
  const fs::path file = dir / ".doc_block.sh";
  std::ofstream(file) << script << '\n';
  const std::string cmd = "cd '" + dir.string() + "' && bash .doc_block.sh 2>&1";
  FILE* pipe = ::popen(cmd.c_str(), "r");
  std::string out;
  char buf[4096];
  while (std::size_t n = std::fread(buf, 1, sizeof buf, pipe)) out.append(buf, n);
  const int raw = ::pclose(pipe);
  return {WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, out};
}

// A directory in which the documents' relative paths work: scenarios/ and personas/ from the
// checkout, and build/jsim, a wrapper that records each exit status in build/statuses.
fs::path doc_sandbox(const std::string& name) {
  const fs::path dir = fresh_dir("docs_" + name);
  fs::create_directories(dir / "build");
  fs::create_directory_symlink(fs::path(JSIM_SOURCE_DIR) / "scenarios", dir / "scenarios");
  fs::create_directory_symlink(fs::path(JSIM_SOURCE_DIR) / "personas", dir / "personas");
  const fs::path wrapper = dir / "build" / "jsim";
  std::ofstream(wrapper) << "#!/bin/sh\n'" << JSIM_BINARY << "' \"$@\"\nrc=$?\necho $rc >> '"
                         << (dir / "build" / "statuses").string() << "'\nexit $rc\n";
  fs::permissions(wrapper, fs::perms::owner_all);
  return dir;
}

// The exit statuses recorded since the last call.
std::vector<int> take_statuses(const fs::path& dir) {
  const fs::path f = dir / "build" / "statuses";
  std::vector<int> s;
  std::ifstream in(f);
  for (int x; in >> x;) s.push_back(x);
  fs::remove(f);
  return s;
}

// How the run ran, not what it found: left out of the comparison.
std::string normalised(const std::string& line) {
  static const std::regex how_it_ran(R"(\d+ thread\(s\), [0-9.]+ s)");
  return rtrim(std::regex_replace(line, how_it_ran, "T thread(s), W s"));
}

// The shown lines must appear in the output in the same order ("..." marks lines left out).
// Returns the first shown line that does not, or "" when all do.
std::string first_missing(const std::vector<std::string>& shown, const std::string& output) {
  std::vector<std::string> actual;
  std::istringstream in(output);
  for (std::string l; std::getline(in, l);) actual.push_back(normalised(l));
  std::size_t at = 0;
  for (const std::string& s : shown) {
    if (rtrim(s) == "..." || s.find_first_not_of(" .") == std::string::npos) continue;
    const std::string want = normalised(s);
    while (at < actual.size() && actual[at] != want) ++at;
    if (at == actual.size()) return s;
    ++at;
  }
  return "";
}

void check_document(const std::string& doc) {
  const auto start = std::chrono::steady_clock::now();
  const std::string text = slurp(fs::path(JSIM_SOURCE_DIR) / doc);
  const std::vector<DocBlock> blocks = doc_blocks(text);
  ASSERT_FALSE(blocks.empty()) << doc << ": no command blocks found";
  std::string name = doc;
  for (char& c : name)
    if (c == '/' || c == '.') c = '_';
  const fs::path dir = doc_sandbox(name);
  take_statuses(dir);
  for (const DocBlock& b : blocks) {
    const std::string where = doc + ":" + std::to_string(b.line);
    std::vector<int> statuses;
    if (b.script) {
      // set -e: a cp or sed that fails stops the script here, not three blocks later. A script
      // whose last jsim command must fail stops there with that status.
      std::string script = "set -e\n";
      for (const DocCommand& c : b.commands) script += c.command + "\n";
      const Shell sh = run_in(dir, script);
      statuses = take_statuses(dir);
      EXPECT_TRUE(sh.status == 0 || (b.expected_exit != 0 && sh.status == b.expected_exit))
          << where << ": the script failed with status " << sh.status << "\n" << sh.output;
      if (b.expected_exit != 0 && statuses.empty()) ADD_FAILURE() << where << ": expects an exit status, runs no jsim";
      if (!statuses.empty() && statuses.back() != b.expected_exit)
        ADD_FAILURE() << where << ": last jsim command exited " << statuses.back() << ", the document expects "
                      << b.expected_exit << "\n" << sh.output;
      if (!statuses.empty()) statuses.pop_back();
    } else {
      for (const DocCommand& c : b.commands) {
        const Shell sh = run_in(dir, c.command);
        std::vector<int> s = take_statuses(dir);  // one per jsim in the line (`a && b`)
        ASSERT_FALSE(s.empty()) << where << ": `" << c.command << "` did not run jsim\n" << sh.output;
        const bool last = &c == &b.commands.back();
        EXPECT_EQ(s.back(), last ? b.expected_exit : 0) << where << ": `" << c.command << "`\n" << sh.output;
        s.pop_back();
        statuses.insert(statuses.end(), s.begin(), s.end());
        const std::string missing = first_missing(c.shown, sh.output);
        EXPECT_EQ(missing, "") << where << ": `" << c.command
                               << "` no longer prints the line the document shows (or not in that order):\n  "
                               << missing << "\nIt printed:\n" << sh.output;
      }
    }
    for (int s : statuses) EXPECT_EQ(s, 0) << where << ": a jsim command of the block failed";
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("%s: %zu command blocks in %.1f s\n", doc.c_str(), blocks.size(), seconds);
  fs::remove_all(dir);
}

}  // namespace

TEST(DocCommandsTest, SplitsCommandsFromShownOutputAndSkipsSynopsesAndSetUp) {
  const std::string md =
      "Intro\n\n"
      "    jsim run FILE [--seed S]\n\n"  // a synopsis: not run
      "```sh\nscripts/setup.sh\n./build/jsim --help\n```\n\n"
      "<!-- check: exit 2 -->\n"
      "```\n$ ./build/jsim validate bad.yaml\nbad.yaml:1:1: oops\n...\n./build/jsim run a.yaml \\\n    --seed 1\nline\n```\n"
      "```python\n./build/jsim not a command here\n```\n";
  const std::vector<DocBlock> blocks = doc_blocks(md);
  ASSERT_EQ(blocks.size(), 2u);
  EXPECT_TRUE(blocks[0].script);
  ASSERT_EQ(blocks[0].commands.size(), 1u);  // the set-up line is not run
  EXPECT_EQ(blocks[0].commands[0].command, "./build/jsim --help");
  EXPECT_FALSE(blocks[1].script);
  EXPECT_EQ(blocks[1].expected_exit, 2);
  ASSERT_EQ(blocks[1].commands.size(), 2u);
  EXPECT_EQ(blocks[1].commands[0].command, "./build/jsim validate bad.yaml");
  EXPECT_EQ(blocks[1].commands[0].shown, (std::vector<std::string>{"bad.yaml:1:1: oops", "..."}));
  EXPECT_EQ(blocks[1].commands[1].command, "./build/jsim run a.yaml \\\n    --seed 1");
  EXPECT_EQ(blocks[1].commands[1].shown, (std::vector<std::string>{"line"}));
}

TEST(DocCommandsTest, AJsimUnderMpirunIsACommand) {
  const std::vector<DocBlock> blocks = doc_blocks("```\nmpirun -np 2 ./build/jsim sweep a.yaml\nshown\nmpirun --version\n```\n");
  ASSERT_EQ(blocks.size(), 1u);
  ASSERT_EQ(blocks[0].commands.size(), 1u);
  EXPECT_EQ(blocks[0].commands[0].command, "mpirun -np 2 ./build/jsim sweep a.yaml");
  EXPECT_EQ(blocks[0].commands[0].shown, (std::vector<std::string>{"shown", "mpirun --version"}));
}

TEST(DocCommandsTest, ShownLinesMustAppearInOrder) {
  const std::string output = "a: 1 agents, 4 thread(s), 0.12 s\nb\nc\n";
  EXPECT_EQ(first_missing({"a: 1 agents, 1 thread(s), 3.00 s", "...", "c"}, output), "");
  EXPECT_EQ(first_missing({"c", "b"}, output), "b");
  EXPECT_EQ(first_missing({"d"}, output), "d");
}

TEST(DocsTest, ReadmeCommandsRunAndShowWhatTheyPrint) { check_document("README.md"); }
TEST(DocsTest, TutorialCommandsRunAndShowWhatTheyPrint) { check_document("docs/tutorial.md"); }
TEST(DocsTest, UserGuideCommandsRunAndShowWhatTheyPrint) { check_document("docs/user-guide.md"); }
TEST(DocsTest, ExperimentsCommandsRunAndShowWhatTheyPrint) { check_document("docs/experiments.md"); }

// Its mpirun commands need a jsim built with MPI (JSIM_MPI; scripts/test.sh builds one). The
// environment lets Open MPI run as root (CI) and more ranks than cores, as a cluster would not need.
TEST(DocsTest, ScaleOutCommandsRunAndShowWhatTheyPrint) {
#ifndef JSIM_MPI_TESTS
  GTEST_SKIP() << "jsim built without JSIM_MPI";
#endif
  ::setenv("OMPI_ALLOW_RUN_AS_ROOT", "1", 1);
  ::setenv("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1", 1);
  ::setenv("OMPI_MCA_rmaps_base_oversubscribe", "1", 1);
  check_document("docs/scale-out.md");
}
