#pragma once
// The human-readable report of a run: one self-contained HTML file (inline CSS and SVG, no
// JavaScript, no external resources) with headline numbers, the funnel by stage, a flow diagram,
// the friction ranking, persona and channel tables, and queues. What it shows: docs/report.md.
#include <filesystem>
#include <span>
#include <string>

#include "experiment/load_warnings.hpp"

#include "sim/run_result.hpp"

namespace jsim {

struct AttributionReport;  // output/attribution_writers.hpp

// The whole document. Throws jsim::Error if the result's tables disagree in shape (check_shape).
// With an attribution of the run's recorded journeys (jsim run --journeys), a section shows which
// channel earns the conversions.
// Load warnings of a timed run (queues at or over capacity, a backlog at the horizon) are shown
// under the headline numbers, where nobody misses them.
[[nodiscard]] std::string html_report(const RunResult& r, const AttributionReport* attribution = nullptr,
                                      std::span<const LoadWarning> warnings = {});
// The same with the warnings as their messages (jsim report reads them back from run_info.json).
[[nodiscard]] std::string html_report(const RunResult& r, const AttributionReport* attribution,
                                      std::span<const std::string> warnings);

// Writes html_report(r) to `file` atomically (write_file_atomically): on failure, e.g. a missing
// directory, jsim::Error is thrown and nothing is left behind.
void write_html_report(const RunResult& r, const std::filesystem::path& file,
                       const AttributionReport* attribution = nullptr, std::span<const LoadWarning> warnings = {});

// The report's stylesheet (the contents of its <style> element), for other pages with the same look.
[[nodiscard]] const char* report_style();

// A whole self-contained page in the report's style around `body` (HTML): the experiment reports use it too.
[[nodiscard]] std::string html_page(const std::string& title, const std::string& body);

// The funnel-by-stage chart of a run (visits and drop-offs per stage), one <svg>.
[[nodiscard]] std::string funnel_chart(const RunResult& r);

// The report's flow section body: the diagram of the moves between touchpoints with its legend.
[[nodiscard]] std::string flow_figure(const RunResult& r);

}  // namespace jsim
