#pragma once
// The human-readable report of a run: one self-contained HTML file (inline CSS and SVG, no
// JavaScript, no external resources) with headline numbers, the funnel by stage, a flow diagram,
// the friction ranking, persona and channel tables, and queues. What it shows: docs/report.md.
#include <filesystem>
#include <string>

#include "sim/run_result.hpp"

namespace jsim {

struct AttributionReport;  // output/attribution_writers.hpp

// The whole document. Throws jsim::Error if the result's tables disagree in shape (check_shape).
// With an attribution of the run's recorded journeys (jsim run --journeys), a section shows which
// channel earns the conversions.
[[nodiscard]] std::string html_report(const RunResult& r, const AttributionReport* attribution = nullptr);

// Writes html_report(r) to `file` atomically (write_file_atomically): on failure, e.g. a missing
// directory, jsim::Error is thrown and nothing is left behind.
void write_html_report(const RunResult& r, const std::filesystem::path& file,
                       const AttributionReport* attribution = nullptr);

// The report's stylesheet (the contents of its <style> element), for other pages with the same look.
[[nodiscard]] const char* report_style();

}  // namespace jsim
