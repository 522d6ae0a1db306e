// jsim report RESULTS...: redraws the HTML report of a run, compare, sweep or friction from the
// files it wrote (summary.json, compare.json, sweep.json, friction.json), without simulating.
#include <nlohmann/json.hpp>
#include <fmt/format.h>

#include <filesystem>
#include <iostream>
#include <memory>

#include "cli/command_args.hpp"
#include "cli/input_options.hpp"
#include "model/overlay.hpp"
#include "output/atomic_file.hpp"
#include "output/experiment_reports.hpp"
#include "output/html_report.hpp"
#include "output/summary_reader.hpp"

namespace jsim::cli {

namespace fs = std::filesystem;

namespace {

// The results files a report is drawn from, and the report each gives, next to it.
struct ReportKind {
  const char* json;
  const char* html;
};
constexpr ReportKind kKinds[] = {{"summary.json", "report.html"},
                                 {"compare.json", "compare.html"},
                                 {"sweep.json", "sweep.html"},
                                 {"friction.json", "friction.html"}};

nlohmann::json read_json(const fs::path& file) {
  std::string why;
  const auto text = read_text(file, why);
  if (!text) bad_input(file.string(), why);
  try {
    return nlohmann::json::parse(*text);
  } catch (const nlohmann::json::parse_error& e) {
    bad_input(file.string(), fmt::format("not valid JSON at byte {}: {}", e.byte, e.what()));
  }
}

// Warnings as the run printed them, from run_info.json beside the summary, if it is there.
std::vector<std::string> run_warnings(const fs::path& dir) {
  std::vector<std::string> out;
  if (!fs::exists(dir / "run_info.json")) return out;
  const nlohmann::json info = read_json(dir / "run_info.json");
  for (const nlohmann::json& w : info.value("load_warnings", nlohmann::json::array()))
    out.push_back(w.value("message", std::string()));
  return out;
}

std::string render(const ReportKind& kind, const fs::path& file) {
  const nlohmann::json doc = read_json(file);
  const std::string where = file.string();
  const std::string name = kind.json;
  try {
    if (name == "summary.json") {
      const std::vector<std::string> warnings = run_warnings(file.parent_path());
      return html_report(run_result_from_json(doc, where), nullptr, std::span<const std::string>(warnings));
    }
    if (name == "compare.json") return compare_report_html(doc, where);
    if (name == "sweep.json") return sweep_report_html(doc, where);
    return friction_report_html(doc, where);
  } catch (const nlohmann::json::exception& e) {
    bad_input(where, std::string("unexpected content: ") + e.what());
  } catch (const Error& e) {
    bad_input(where, e.what());
  }
}

// The (json file, kind) pairs an input names: a results file itself, or every one in a folder.
std::vector<std::pair<fs::path, ReportKind>> sources_of(const fs::path& input) {
  std::vector<std::pair<fs::path, ReportKind>> out;
  if (fs::is_directory(input)) {
    for (const ReportKind& k : kKinds)
      if (fs::is_regular_file(input / k.json)) out.emplace_back(input / k.json, k);
    if (out.empty())
      bad_input(input.string(), "no results here: expected summary.json (jsim run --out), compare.json, sweep.json or "
                                "friction.json");
    return out;
  }
  for (const ReportKind& k : kKinds)
    if (input.filename() == k.json) return {{input, k}};
  if (!fs::exists(input)) bad_input(input.string(), "no such file or folder");
  bad_input(input.string(), "not a results file: expected a folder written with --out, or summary.json, "
                            "compare.json, sweep.json or friction.json");
}

}  // namespace

int run_report(const ReportArgs& args) {
  std::vector<std::pair<fs::path, ReportKind>> sources;
  for (const std::string& input : args.inputs)
    for (auto& s : sources_of(input)) sources.push_back(std::move(s));
  if (!args.out.empty() && sources.size() != 1)
    bad_input("-o", fmt::format("{} reports to write but one output file; drop -o to write each next to its results",
                                sources.size()));
  // Everything is drawn before anything is written: a bad input leaves no report half redone.
  std::vector<std::pair<fs::path, std::string>> pages;
  for (const auto& [file, kind] : sources)
    pages.emplace_back(args.out.empty() ? file.parent_path() / kind.html : fs::path(args.out), render(kind, file));
  for (const auto& [file, html] : pages) {
    write_text_atomically(file, html);
    std::cout << "wrote " << file.string() << '\n';
  }
  return kExitOk;
}

}  // namespace jsim::cli
